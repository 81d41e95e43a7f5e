import { useEffect, useState } from 'preact/hooks';
import { todayPayments } from '../api/client';
import { findProgram } from '../domain/catalog';
import { Countdown } from '../ui/Countdown';
import { RetryNotice, type ShownError } from '../ui/ErrorNotice';
import { formatKrw, formatSeoulHm } from '../ui/format';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import type { CancelPick, Identified } from './payment-flow';
import { PracticeMark } from './PracticeMark';

interface Row {
  readonly pick: CancelPick;
  readonly cancelled: boolean;
}

/**
 * 당일거래 취소 → 당일거래내역: this voucher's payments of today by this worker (시작, 종료,
 * 결제금액), one tap picks one. Online the host lists them (a cancelled one is shown, not
 * offered); with no signal, the captures still waiting on this device.
 */
export function CancelTodayScreen({ identified }: { identified: Identified }) {
  const app = useApp();
  const { voucher, capture } = identified;
  const program = findProgram(voucher.programId);
  const offline = capture?.offline === true || !app.net.online;
  const [rows, setRows] = useState<readonly Row[] | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    const workerId = identified.worker?.workerId ?? app.session?.worker.id;
    const load = async (): Promise<readonly Row[]> => {
      if (offline) {
        if (!capture?.voucherId || !workerId) return [];
        const waiting = await app.device.cancellableOnDevice(capture.voucherId, workerId);
        return waiting.map((item) => ({
          cancelled: false,
          pick: {
            from: 'today',
            paymentId: item.id,
            approvalNumber: null,
            amountKrw: item.amountKrw,
            serviceStartAt: item.command.serviceStartAt,
            serviceEndAt: item.command.serviceEndAt,
            source: 'outbox',
          },
        }));
      }
      const { payments } = await todayPayments(voucher.lookupId);
      return payments.map((payment) => ({
        cancelled: payment.status === 'cancelled',
        pick: {
          from: 'today',
          paymentId: payment.paymentId,
          approvalNumber: payment.approvalNumber,
          amountKrw: payment.amountKrw,
          serviceStartAt: payment.serviceStartAt,
          serviceEndAt: payment.serviceEndAt,
          source: 'host',
        },
      }));
    };
    load().then(
      (loaded) => live && setRows(loaded),
      (cause: unknown) => live && setError(app.showError(cause)),
    );
    return () => {
      live = false;
    };
  }, [attempt, app, offline, capture, voucher.lookupId, identified.worker]);

  return (
    <Screen title={T.sameDayCancelTitle} kicker={program?.nameKo} onBack={app.flow.back}>
      {offline ? <p class="offline-note">{T.sameDayCancelOffline}</p> : null}
      {error ? (
        <RetryNotice error={error} onRetry={() => setAttempt((n) => n + 1)} />
      ) : rows === null ? (
        <p class="status-line" role="status">
          {T.loading}
        </p>
      ) : rows.length === 0 ? (
        <p class="field-hint">{T.sameDayCancelEmpty}</p>
      ) : (
        <>
          <p class="field-hint">{T.sameDayCancelHint}</p>
          <ul class="today" aria-label={T.sameDayCancelTitle}>
            {rows.map(({ pick, cancelled }) => {
              const start = pick.serviceStartAt === null ? '-' : formatSeoulHm(pick.serviceStartAt);
              const end = pick.serviceEndAt === null ? '-' : formatSeoulHm(pick.serviceEndAt);
              const amount = pick.amountKrw === null ? '-' : formatKrw(pick.amountKrw);
              return (
                <li key={pick.paymentId} class={cancelled ? 'today-item cancelled' : 'today-item'}>
                  <button type="button" class="btn btn-secondary pick-row" disabled={cancelled} onClick={() => app.flow.cancelPick(pick)}>
                    {T.pickPayment(start, end, amount)}
                    {cancelled ? <span class="tag"> {T.todayCancelled}</span> : null}
                  </button>
                  <p class="field-hint money">
                    {T.approvalNumber}{' '}
                    {pick.approvalNumber === null ? (
                      T.waitingPayment
                    ) : (
                      <>
                        <PracticeMark approvalNumber={pick.approvalNumber} />
                        {pick.approvalNumber}
                      </>
                    )}
                  </p>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <Countdown deadlineAt={identified.deadlineAt} onExpire={() => app.flow.expire(T.expired)} />
    </Screen>
  );
}
