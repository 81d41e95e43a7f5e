import { useEffect, useState } from 'preact/hooks';
import { type ExceptionQuery, listExceptions, listWorkers, loadTrail } from '../api/admin';
import { EXCEPTION_KINDS, type ExceptionKind, type Exceptions, type Trail } from '../domain/admin';
import type { ProgramId } from '../domain/catalog';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatKrw, formatSeoulDateTime } from '../ui/format';
import { monthStartSeoul, Panel, programName, todaySeoul, useAction, useLoad } from './admin-ui';
import { A } from './messages.ko';

const detailKo = (kind: ExceptionKind, detail: string | null): string => {
  if (detail === null) return '-';
  if (kind === 'flagged')
    return detail
      .split(',')
      .map((reason) => A.reasons[reason] ?? reason)
      .join(', ');
  return detail;
};

export function ExceptionsPanel({ programIds }: { programIds: readonly ProgramId[] }) {
  const workers = useLoad(listWorkers);
  const [filter, setFilter] = useState<ExceptionQuery>({ from: monthStartSeoul(), to: todaySeoul() });
  const [result, setResult] = useState<Exceptions | null>(null);
  const [trail, setTrail] = useState<Trail | null>(null);
  const action = useAction();
  const search = async (query = filter) => {
    setTrail(null);
    const found = await action.run(() => listExceptions(query));
    if (found) setResult(found);
  };
  useEffect(() => {
    void search();
  }, []);

  return (
    <Panel title={A.exceptionsTitle}>
      <form
        class="admin-filters"
        onSubmit={(event) => {
          event.preventDefault();
          void search();
        }}
      >
        <label class="field">
          <span class="field-label">{A.from}</span>
          <input class="input" type="date" value={filter.from} onInput={(e) => setFilter({ ...filter, from: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span class="field-label">{A.to}</span>
          <input class="input" type="date" value={filter.to} onInput={(e) => setFilter({ ...filter, to: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span class="field-label">{A.worker}</span>
          <select
            class="input"
            value={filter.workerId ?? ''}
            onChange={(e) => setFilter({ ...filter, workerId: e.currentTarget.value || undefined })}
          >
            <option value="">{A.allWorkers}</option>
            {(workers.data?.workers ?? []).map((w) => (
              <option key={w.id} value={w.id}>
                {w.name} ({w.paymentId})
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field-label">{A.program}</span>
          <select
            class="input"
            value={filter.programId ?? ''}
            onChange={(e) => setFilter({ ...filter, programId: e.currentTarget.value || undefined })}
          >
            <option value="">{A.allProgramsFilter}</option>
            {programIds.map((id) => (
              <option key={id} value={id}>
                {programName(id)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field-label">{A.kind}</span>
          <select
            class="input"
            value={filter.kind ?? ''}
            onChange={(e) => setFilter({ ...filter, kind: (e.currentTarget.value || undefined) as ExceptionKind | undefined })}
          >
            <option value="">{A.allKinds}</option>
            {EXCEPTION_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {A.kinds[kind]}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" variant="primary" disabled={action.busy}>
          {A.search}
        </Button>
      </form>
      <ErrorNotice error={action.error} />
      {result ? (
        <>
          <p class={result.retro.flagged ? 'notice notice-error' : 'status-line'}>
            {A.retroRatio(result.retro.month, result.retro.retroactiveCount, result.retro.paymentCount, result.retro.ratio, result.retro.threshold)}
            {result.retro.flagged ? ` ${A.retroOver}` : ''}
          </p>
          {result.truncated ? <p class="notice notice-info">{A.truncated}</p> : null}
          {result.items.length === 0 ? (
            <p>{A.noExceptions}</p>
          ) : (
            <table class="admin-table">
              <caption class="visually-hidden">{A.exceptionsTitle}</caption>
              <thead>
                <tr>
                  <th scope="col">{A.kind}</th>
                  <th scope="col">{A.at}</th>
                  <th scope="col">{A.worker}</th>
                  <th scope="col">{A.terminalNumber}</th>
                  <th scope="col">{A.program}</th>
                  <th scope="col">{A.amount}</th>
                  <th scope="col">{A.detail}</th>
                  <th scope="col">{A.trail}</th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((item) => (
                  <tr key={`${item.kind}-${item.subjectId}`}>
                    <th scope="row">{A.kinds[item.kind]}</th>
                    <td>{formatSeoulDateTime(item.recordedAt)}</td>
                    <td>{item.workerName}</td>
                    <td>{item.terminalNumber ?? '-'}</td>
                    <td>{programName(item.programId)}</td>
                    <td class="money">{item.amountKrw === null ? '-' : formatKrw(item.amountKrw)}</td>
                    <td>{detailKo(item.kind, item.detail)}</td>
                    <td>
                      <Button
                        variant="plain"
                        aria-label={`${A.kinds[item.kind]} ${item.workerName} ${A.trail}`}
                        onClick={() => void action.run(() => loadTrail(item.subjectId)).then((found) => found && setTrail(found))}
                      >
                        {A.trail}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
      {trail ? (
        <section class="admin-subform" aria-label={A.trail}>
          <h3>{A.trailTitle(trail.subjectId)}</h3>
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">{A.at}</th>
                <th scope="col">{A.what}</th>
                <th scope="col">{A.who}</th>
                <th scope="col">{A.terminalNumber}</th>
                <th scope="col">{A.detail}</th>
              </tr>
            </thead>
            <tbody>
              {trail.entries.map((entry, index) => (
                <tr key={index}>
                  <td>{formatSeoulDateTime(entry.at)}</td>
                  <td>{entry.what}</td>
                  <td>{entry.who}</td>
                  <td>{entry.terminalNumber ?? '-'}</td>
                  <td>{entry.detail ?? '-'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Button onClick={() => setTrail(null)}>{A.cancel}</Button>
        </section>
      ) : null}
    </Panel>
  );
}
