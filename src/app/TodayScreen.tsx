import { useEffect, useState } from 'preact/hooks';
import { todayPayments } from '../api/client';
import { findProgram } from '../domain/catalog';
import type { TodayPayment } from '../domain/wire';
import { RetryNotice, type ShownError } from '../ui/ErrorNotice';
import { formatKrw, formatSeoulHm } from '../ui/format';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import { PracticeMark } from './PracticeMark';

/**
 * 오늘 결제내역: today's payments of this worker, one entry each (사업 · 이용자, then 시작, 종료,
 * 결제금액 and the whole 12-digit 승인번호). Entries, not a four-column table: the facts wrap as
 * units, so the list fits a 320 px phone without cutting a 승인번호 or scrolling sideways.
 */
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
        <ul class="today" aria-label={T.todayTitle}>
          {payments.map((p) => (
            <li key={p.paymentId} class={p.status === 'cancelled' ? 'today-item cancelled' : 'today-item'}>
              <p class="today-who">
                {findProgram(p.programId)?.nameKo} · {p.recipientMasked}
                {p.status === 'cancelled' ? <span class="tag"> {T.todayCancelled}</span> : null}
              </p>
              <dl class="today-facts">
                <div>
                  <dt>{T.todayStart}</dt>
                  <dd class="money">{formatSeoulHm(p.serviceStartAt)}</dd>
                </div>
                <div>
                  <dt>{T.todayEnd}</dt>
                  <dd class="money">{formatSeoulHm(p.serviceEndAt)}</dd>
                </div>
                <div>
                  <dt>{T.paymentAmount}</dt>
                  <dd class="money">{formatKrw(p.amountKrw)}</dd>
                </div>
                <div>
                  <dt>{T.approvalNumber}</dt>
                  <dd class="money" data-testid="today-approval-number">
                    <PracticeMark approvalNumber={p.approvalNumber} />
                    {p.approvalNumber}
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </Screen>
  );
}
