import { useState } from 'preact/hooks';
import { loadAudit, loadReconciliation } from '../api/admin';
import { exportPath } from '../domain/admin';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatKrw, formatSeoulDateTime } from '../ui/format';
import { monthStartSeoul, Panel, programName, todaySeoul, useLoad } from './admin-ui';
import { A } from './messages.ko';

export function ReportsPanel() {
  const [from, setFrom] = useState(monthStartSeoul());
  const [to, setTo] = useState(todaySeoul());
  const [date, setDate] = useState(todaySeoul());
  const [asked, setAsked] = useState(todaySeoul());
  const report = useLoad(() => loadReconciliation(asked), [asked]);
  const audit = useLoad(() => loadAudit(from, to), [from, to]);

  return (
    <>
      <Panel title={A.exportsTitle}>
        <div class="admin-filters">
          <label class="field">
            <span class="field-label">{A.from}</span>
            <input class="input" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
          </label>
          <label class="field">
            <span class="field-label">{A.to}</span>
            <input class="input" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
          </label>
        </div>
        <div class="row-buttons">
          {/* Plain links: the browser streams the file to disk, and the eva cookie goes with them (path /api/admin). */}
          <a class="btn btn-secondary" href={exportPath('payments', from, to)} download>
            {A.exportPayments}
          </a>
          <a class="btn btn-secondary" href={exportPath('cancellations', from, to)} download>
            {A.exportCancellations}
          </a>
          <a class="btn btn-secondary" href={exportPath('exceptions', from, to)} download>
            {A.exportExceptions}
          </a>
        </div>
      </Panel>

      <Panel title={A.reconciliationTitle}>
        <form
          class="admin-filters"
          onSubmit={(event) => {
            event.preventDefault();
            setAsked(date);
            report.reload();
          }}
        >
          <label class="field">
            <span class="field-label">{A.date}</span>
            <input class="input" type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
          </label>
          <Button type="submit" variant="primary">
            {A.search}
          </Button>
        </form>
        <ErrorNotice error={report.error} />
        {report.data ? (
          <>
            {report.data.programs.length === 0 ? (
              <p>{A.noPayments}</p>
            ) : (
              <table class="admin-table">
                <caption class="visually-hidden">{A.reconciliationTitle}</caption>
                <thead>
                  <tr>
                    <th scope="col">{A.program}</th>
                    <th scope="col">{A.payments}</th>
                    <th scope="col">{A.cancellations}</th>
                    <th scope="col">{A.net}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.data.programs.map((p) => (
                    <tr key={p.programId}>
                      <th scope="row">{programName(p.programId)}</th>
                      <td class="money">
                        {formatKrw(p.paymentKrw)} ({A.count(p.paymentCount)})
                      </td>
                      <td class="money">
                        {formatKrw(p.cancellationKrw)} ({A.count(p.cancellationCount)})
                      </td>
                      <td class="money">{formatKrw(p.netKrw)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {report.data.mismatches.length === 0 ? (
              <p class="status-line" role="status">
                {A.balanceOk(report.data.vouchersChecked)}
              </p>
            ) : (
              <div class="notice notice-error" role="alert">
                <p class="notice-message">{A.balanceMismatch(report.data.mismatches.length)}</p>
                <ul>
                  {report.data.mismatches.map((m) => (
                    <li key={m.voucherId}>
                      {m.voucherId}: {formatKrw(m.balanceKrw)} ≠ {formatKrw(m.ledgerSumKrw)}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </>
        ) : null}
      </Panel>

      <Panel title={A.auditTitle}>
        <ErrorNotice error={audit.error} />
        <table class="admin-table">
          <caption class="visually-hidden">{A.auditTitle}</caption>
          <thead>
            <tr>
              <th scope="col">{A.at}</th>
              <th scope="col">{A.who}</th>
              <th scope="col">{A.action}</th>
              <th scope="col">{A.target}</th>
              <th scope="col">{A.outcome}</th>
              <th scope="col">{A.address}</th>
            </tr>
          </thead>
          <tbody>
            {(audit.data?.rows ?? []).map((row, index) => (
              <tr key={index}>
                <td>{formatSeoulDateTime(row.at)}</td>
                <td>{row.who}</td>
                <td>{row.action}</td>
                <td>{row.target ?? '-'}</td>
                <td>{row.outcome === 'ok' ? A.ok : `${A.refused} ${row.detail ?? ''}`}</td>
                <td>{row.ip ?? '-'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Button onClick={audit.reload}>{A.refresh}</Button>
      </Panel>
    </>
  );
}
