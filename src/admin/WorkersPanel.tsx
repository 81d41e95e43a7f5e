import { useState } from 'preact/hooks';
import { addWorker, listWorkers, resetWorkerPassword, setWorkerPrograms, setWorkerStatus } from '../api/admin';
import type { AdminWorker } from '../domain/admin';
import type { ProgramId } from '../domain/catalog';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Panel, programName, Status, useAction, useLoad } from './admin-ui';
import { A } from './messages.ko';

function ProgramChecks({
  programIds,
  value,
  onChange,
  legend,
}: {
  programIds: readonly ProgramId[];
  value: readonly string[];
  onChange: (next: string[]) => void;
  legend: string;
}) {
  return (
    <fieldset class="check-list admin-checks">
      <legend class="field-label">{legend}</legend>
      {programIds.map((id) => (
        <label class="check" key={id}>
          <input
            type="checkbox"
            checked={value.includes(id)}
            onChange={(event) => onChange(event.currentTarget.checked ? [...value, id] : value.filter((p) => p !== id))}
          />
          {programName(id)}
        </label>
      ))}
    </fieldset>
  );
}

type Editing = { readonly kind: 'password' | 'programs'; readonly worker: AdminWorker } | null;

export function WorkersPanel({ programIds }: { programIds: readonly ProgramId[] }) {
  const workers = useLoad(listWorkers);
  const action = useAction();
  const [form, setForm] = useState({ name: '', phone: '', password: '', paymentId: '' });
  const [newPrograms, setNewPrograms] = useState<string[]>([]);
  const [editing, setEditing] = useState<Editing>(null);
  const [password, setPassword] = useState('');
  const [programs, setPrograms] = useState<string[]>([]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const added = await action.run(
      () => addWorker({ ...form, phone: form.phone.replace(/\D/g, ''), programIds: newPrograms as ProgramId[] }),
      (worker) => A.workerAdded(worker.name),
    );
    if (added) {
      setForm({ name: '', phone: '', password: '', paymentId: '' });
      setNewPrograms([]);
      workers.reload();
    }
  };
  const then = (done: () => void) => () => {
    done();
    workers.reload();
  };
  const edit = (next: Editing) => {
    action.clear();
    setEditing(next);
    setPassword('');
    setPrograms(next?.worker.programIds === 'all' ? [] : [...(next?.worker.programIds ?? [])]);
  };

  return (
    <Panel title={A.workersTitle}>
      <Status error={action.error} info={action.info} />
      <ErrorNotice error={workers.error} />
      <table class="admin-table">
        <caption class="visually-hidden">{A.workersTitle}</caption>
        <thead>
          <tr>
            <th scope="col">{A.workerName}</th>
            <th scope="col">{A.workerPhone}</th>
            <th scope="col">{A.workerPaymentId}</th>
            <th scope="col">{A.workerStatus}</th>
            <th scope="col">{A.workerPrograms}</th>
            <th scope="col">{A.workerActions}</th>
          </tr>
        </thead>
        <tbody>
          {(workers.data?.workers ?? []).map((worker) => (
            <tr key={worker.id}>
              <th scope="row">{worker.name}</th>
              <td class="nowrap">{worker.phone}</td>
              <td>{worker.paymentId}</td>
              <td>{worker.active ? A.active : A.inactive}</td>
              <td>{worker.programIds === 'all' ? A.allPrograms : worker.programIds.map(programName).join(', ')}</td>
              <td class="admin-actions">
                <Button
                  variant={worker.active ? 'danger' : 'secondary'}
                  disabled={action.busy}
                  aria-label={`${worker.name} ${worker.active ? A.deactivate : A.reactivate}`}
                  onClick={() => void action.run(() => setWorkerStatus({ workerId: worker.id, active: !worker.active })).then(then(() => undefined))}
                >
                  {worker.active ? A.deactivate : A.reactivate}
                </Button>
                <Button aria-label={`${worker.name} ${A.resetPassword}`} onClick={() => edit({ kind: 'password', worker })}>
                  {A.resetPassword}
                </Button>
                <Button aria-label={`${worker.name} ${A.setPrograms}`} onClick={() => edit({ kind: 'programs', worker })}>
                  {A.setPrograms}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {editing?.kind === 'password' ? (
        <form
          class="form admin-subform"
          onSubmit={(event) => {
            event.preventDefault();
            void action
              .run(
                () => resetWorkerPassword({ workerId: editing.worker.id, password }),
                () => A.passwordReset(editing.worker.name),
              )
              .then((done) => done && then(() => setEditing(null))());
          }}
        >
          <h3>{A.resetPasswordFor(editing.worker.name)}</h3>
          <label class="field">
            <span class="field-label">{A.newPassword}</span>
            <input class="input" type="text" autocomplete="new-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
            <span class="field-hint">{A.passwordHint}</span>
          </label>
          <div class="row-buttons">
            <Button type="submit" variant="primary" disabled={action.busy || password === ''}>
              {A.resetPassword}
            </Button>
            <Button onClick={() => setEditing(null)}>{A.cancel}</Button>
          </div>
        </form>
      ) : null}
      {editing?.kind === 'programs' ? (
        <form
          class="form admin-subform"
          onSubmit={(event) => {
            event.preventDefault();
            void action
              .run(
                () => setWorkerPrograms({ workerId: editing.worker.id, programIds: programs as ProgramId[] }),
                () => A.programsSaved,
              )
              .then((done) => done && then(() => setEditing(null))());
          }}
        >
          <h3>{A.programsFor(editing.worker.name)}</h3>
          <ProgramChecks programIds={programIds} value={programs} onChange={setPrograms} legend={A.workerPrograms} />
          <p class="field-hint">{A.programsHint}</p>
          <div class="row-buttons">
            <Button type="submit" variant="primary" disabled={action.busy}>
              {A.save}
            </Button>
            <Button onClick={() => setEditing(null)}>{A.cancel}</Button>
          </div>
        </form>
      ) : null}

      <form class="form admin-subform" onSubmit={submit} aria-label={A.addWorkerTitle}>
        <h3>{A.addWorkerTitle}</h3>
        <div class="admin-grid">
          <label class="field">
            <span class="field-label">{A.workerName}</span>
            <input class="input" value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} required />
          </label>
          <label class="field">
            <span class="field-label">{A.workerPhone}</span>
            <input
              class="input"
              inputMode="numeric"
              value={form.phone}
              onInput={(e) => setForm({ ...form, phone: e.currentTarget.value })}
              required
            />
          </label>
          <label class="field">
            <span class="field-label">{A.initialPassword}</span>
            <input
              class="input"
              type="text"
              autocomplete="new-password"
              value={form.password}
              onInput={(e) => setForm({ ...form, password: e.currentTarget.value })}
              required
            />
            <span class="field-hint">{A.passwordHint}</span>
          </label>
          <label class="field">
            <span class="field-label">{A.workerPaymentId}</span>
            <input
              class="input"
              inputMode="numeric"
              value={form.paymentId}
              onInput={(e) => setForm({ ...form, paymentId: e.currentTarget.value })}
              required
            />
          </label>
        </div>
        <ProgramChecks programIds={programIds} value={newPrograms} onChange={setNewPrograms} legend={A.workerPrograms} />
        <p class="field-hint">{A.programsHint}</p>
        <Button type="submit" variant="primary" disabled={action.busy}>
          {A.addWorker}
        </Button>
      </form>
    </Panel>
  );
}
