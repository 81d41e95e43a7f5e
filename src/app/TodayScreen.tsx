import { useEffect, useState } from 'preact/hooks';
import { todayPayments } from '../api/client';
import { findProgram } from '../domain/catalog';
import type { TodayPayment } from '../domain/wire';
import { RetryNotice, type ShownError } from '../ui/ErrorNotice';
import { formatKrw, formatSeoulHm } from '../ui/format';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';

/** 오늘 결제내역: today's payments of this worker (시작, 종료, 결제금액, 승인번호). */
export function TodayScreen() {
  const app = useApp();
  const [payments, setPayments] = useState<readonly TodayPayment[] | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    todayPayments().then(
      (answer) => live && setPayments(answer.payments),
      (cause: unknown) => live && setError(app.showError(cause)),
    );
    return () => {
      live = false;
    };
  }, [attempt, app]);

  return (
    <Screen title={T.todayTitle} onBack={app.nav.back}>
      {error ? (
        <RetryNotice error={error} onRetry={() => setAttempt((n) => n + 1)} />
      ) : payments === null ? (
        <p class="status-line" role="status">
          {T.loading}
        </p>
      ) : payments.length === 0 ? (
        <p class="field-hint">{T.todayEmpty}</p>
      ) : (
        <table class="today">
          <thead>
            <tr>
              <th scope="col">{T.todayStart}</th>
              <th scope="col">{T.todayEnd}</th>
              <th scope="col">{T.paymentAmount}</th>
              <th scope="col">{T.approvalNumber}</th>
            </tr>
          </thead>
          <tbody>
            {payments.map((p) => (
              <tr key={p.paymentId} class={p.status === 'cancelled' ? 'cancelled' : undefined}>
                <td class="money">{formatSeoulHm(p.serviceStartAt)}</td>
                <td class="money">{formatSeoulHm(p.serviceEndAt)}</td>
                <td class="money">
                  {formatKrw(p.amountKrw)}
                  {p.status === 'cancelled' ? <span class="tag"> {T.todayCancelled}</span> : null}
                </td>
                <td class="money small">
                  {p.approvalNumber}
                  <span class="sub">
                    {findProgram(p.programId)?.nameKo} · {p.recipientMasked}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Screen>
  );
}
