import { useState } from 'preact/hooks';
import { addContract, addRecipient, grantVoucher, issueCard, listRecipients, replaceCard, revokeCard } from '../api/admin';
import type { AdminRecipient, IssuedCard } from '../domain/admin';
import { PROGRAM_IDS, type ProgramId } from '../domain/catalog';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatKrw } from '../ui/format';
import { Panel, programName, Status, useAction, useLoad } from './admin-ui';
import { CardWriter } from './CardWriter';
import { A } from './messages.ko';

function ProgramSelect({ value, onChange, id }: { value: string; onChange: (value: ProgramId) => void; id: string }) {
  return (
    <select id={id} class="input" value={value} onChange={(e) => onChange(e.currentTarget.value as ProgramId)}>
      {PROGRAM_IDS.map((program) => (
        <option key={program} value={program}>
          {programName(program)}
        </option>
      ))}
    </select>
  );
}

export function RecipientsPanel() {
  const recipients = useLoad(listRecipients);
  const action = useAction();
  const [form, setForm] = useState<{ name: string; phone: string; programId: ProgramId; monthlyKrw: string }>({
    name: '',
    phone: '',
    programId: 'developmental-rehab',
    monthlyKrw: '',
  });
  const [issued, setIssued] = useState<{ card: IssuedCard; name: string } | null>(null);
  const [contractFor, setContractFor] = useState<AdminRecipient | null>(null);
  const [contract, setContract] = useState<{ programId: ProgramId; monthlyKrw: string }>({ programId: 'developmental-rehab', monthlyKrw: '' });

  const [grantFor, setGrantFor] = useState<{ recipient: AdminRecipient; programId: ProgramId } | null>(null);
  const [grantKrw, setGrantKrw] = useState('');
  const won = (text: string) => Number(text.replace(/\D/g, '') || '0');
  const submit = async (event: Event) => {
    event.preventDefault();
    const added = await action.run(
      () =>
        addRecipient({
          name: form.name,
          phone: form.phone.replace(/\D/g, ''),
          contracts: [{ programId: form.programId, monthlyKrw: won(form.monthlyKrw) }],
        }),
      (recipient) => A.recipientAdded(recipient.name),
    );
    if (added) {
      setForm({ ...form, name: '', phone: '', monthlyKrw: '' });
      recipients.reload();
    }
  };
  const issue = async (recipient: AdminRecipient, run: () => Promise<IssuedCard>) => {
    const card = await action.run(run);
    if (card) setIssued({ card, name: recipient.name });
    recipients.reload();
  };

  return (
    <Panel title={A.recipientsTitle}>
      <Status error={action.error} info={action.info} />
      <ErrorNotice error={recipients.error} />
      {issued ? <CardWriter card={issued.card} recipientName={issued.name} onClose={() => setIssued(null)} /> : null}
      <table class="admin-table">
        <caption class="visually-hidden">{A.recipientsTitle}</caption>
        <thead>
          <tr>
            <th scope="col">{A.recipientName}</th>
            <th scope="col">{A.recipientPhone}</th>
            <th scope="col">{A.contracts}</th>
            <th scope="col">{A.cards}</th>
            <th scope="col">{A.workerActions}</th>
          </tr>
        </thead>
        <tbody>
          {(recipients.data?.recipients ?? []).map((recipient) => (
            <tr key={recipient.id}>
              <th scope="row">{recipient.name}</th>
              <td class="nowrap">{recipient.phone}</td>
              <td>
                <ul>
                  {recipient.contracts.map((c) => (
                    <li key={c.programId}>
                      {programName(c.programId)} · {c.voucher ? <span class="money">{formatKrw(c.voucher.balanceKrw)}</span> : A.noVoucher}
                      {c.voucher ? null : (
                        <Button
                          variant="plain"
                          aria-label={A.grantFor(recipient.name, programName(c.programId))}
                          onClick={() => setGrantFor({ recipient, programId: c.programId })}
                        >
                          {A.grantVoucher}
                        </Button>
                      )}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <ul>
                  {recipient.cards.map((card) => (
                    <li key={card.id} class="admin-card-row">
                      <span>
                        **** {card.cardNumberMasked.slice(-4)} · {card.status === 'active' ? A.cardActive : A.cardRevoked}
                      </span>
                      {card.status === 'active' ? (
                        <>
                          <Button
                            variant="danger"
                            disabled={action.busy}
                            aria-label={`${recipient.name} ${card.cardNumberMasked.slice(-4)} ${A.revokeCard}`}
                            onClick={() => void action.run(() => revokeCard(card.id)).then(() => recipients.reload())}
                          >
                            {A.revokeCard}
                          </Button>
                          <Button
                            disabled={action.busy}
                            aria-label={`${recipient.name} ${card.cardNumberMasked.slice(-4)} ${A.replaceCard}`}
                            onClick={() => void issue(recipient, () => replaceCard(card.id))}
                          >
                            {A.replaceCard}
                          </Button>
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </td>
              <td class="admin-actions">
                <Button
                  variant="primary"
                  disabled={action.busy}
                  aria-label={`${recipient.name} ${A.issueCard}`}
                  onClick={() => void issue(recipient, () => issueCard(recipient.id))}
                >
                  {A.issueCard}
                </Button>
                <Button aria-label={`${recipient.name} ${A.addContract}`} onClick={() => setContractFor(recipient)}>
                  {A.addContract}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {grantFor ? (
        <form
          class="form admin-subform"
          aria-label={A.grantFor(grantFor.recipient.name, programName(grantFor.programId))}
          onSubmit={(event) => {
            event.preventDefault();
            void action
              .run(
                () => grantVoucher({ recipientId: grantFor.recipient.id, programId: grantFor.programId, monthlyKrw: won(grantKrw) }),
                () => A.voucherGranted,
              )
              .then((done) => {
                if (!done) return;
                setGrantFor(null);
                setGrantKrw('');
                recipients.reload();
              });
          }}
        >
          <h3>{A.grantFor(grantFor.recipient.name, programName(grantFor.programId))}</h3>
          <label class="field">
            <span class="field-label">{A.monthlyKrw}</span>
            <input class="input" inputMode="numeric" value={grantKrw} onInput={(e) => setGrantKrw(e.currentTarget.value)} required />
          </label>
          <div class="row-buttons">
            <Button type="submit" variant="primary" disabled={action.busy}>
              {A.grantVoucher}
            </Button>
            <Button onClick={() => setGrantFor(null)}>{A.cancel}</Button>
          </div>
        </form>
      ) : null}
      {contractFor ? (
        <form
          class="form admin-subform"
          onSubmit={(event) => {
            event.preventDefault();
            void action
              .run(() => addContract({ recipientId: contractFor.id, programId: contract.programId, monthlyKrw: won(contract.monthlyKrw) }))
              .then((done) => {
                if (!done) return;
                setContractFor(null);
                recipients.reload();
              });
          }}
        >
          <h3>{A.contractFor(contractFor.name)}</h3>
          <div class="admin-grid">
            <div class="field">
              <label class="field-label" for="contract-program">
                {A.program}
              </label>
              <ProgramSelect id="contract-program" value={contract.programId} onChange={(programId) => setContract({ ...contract, programId })} />
            </div>
            <label class="field">
              <span class="field-label">{A.monthlyKrw}</span>
              <input
                class="input"
                inputMode="numeric"
                value={contract.monthlyKrw}
                onInput={(e) => setContract({ ...contract, monthlyKrw: e.currentTarget.value })}
              />
            </label>
          </div>
          <div class="row-buttons">
            <Button type="submit" variant="primary" disabled={action.busy}>
              {A.addContract}
            </Button>
            <Button onClick={() => setContractFor(null)}>{A.cancel}</Button>
          </div>
        </form>
      ) : null}

      <form class="form admin-subform" onSubmit={submit} aria-label={A.addRecipientTitle}>
        <h3>{A.addRecipientTitle}</h3>
        <div class="admin-grid">
          <label class="field">
            <span class="field-label">{A.recipientName}</span>
            <input class="input" value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} required />
          </label>
          <label class="field">
            <span class="field-label">{A.recipientPhone}</span>
            <input
              class="input"
              inputMode="numeric"
              value={form.phone}
              onInput={(e) => setForm({ ...form, phone: e.currentTarget.value })}
              required
            />
          </label>
          <div class="field">
            <label class="field-label" for="recipient-program">
              {A.program}
            </label>
            <ProgramSelect id="recipient-program" value={form.programId} onChange={(programId) => setForm({ ...form, programId })} />
          </div>
          <label class="field">
            <span class="field-label">{A.monthlyKrw}</span>
            <input
              class="input"
              inputMode="numeric"
              value={form.monthlyKrw}
              onInput={(e) => setForm({ ...form, monthlyKrw: e.currentTarget.value })}
            />
          </label>
        </div>
        <Button type="submit" variant="primary" disabled={action.busy}>
          {A.addRecipient}
        </Button>
      </form>
    </Panel>
  );
}
