import { useState } from 'preact/hooks';
import { discardService, startService } from '../api/client';
import { messageKo } from '../domain/errors';
import { findProgram } from '../domain/catalog';
import { Button } from '../ui/Button';
import { Countdown } from '../ui/Countdown';
import { ErrorNotice, type ShownError } from '../ui/ErrorNotice';
import { formatKrw, formatSeoulHm } from '../ui/format';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import { usesDeviceSnapshot } from './offline-capture';
import type { Identified } from './payment-flow';

/**
 * 바우처 화면 (SPEC §5.2): who and what is being paid, the balance, and a 5-minute countdown on
 * the host's deadline; at 0 it closes itself. Time and visit programs: 서비스 시작 at the start of
 * the visit, 서비스 결제 at the end. Amount programs: 서비스 결제 only. Opened from the device
 * snapshot (no signal), the balance is the provisional one, marked so, and 서비스 시작 is recorded
 * on the device. Only the acting worker's own start shows (a visit belongs to its worker); 시작 취소
 * discards a mistaken one after a confirmation — on the host (audited), or on the device for a
 * start only the device holds.
 */
export function VoucherView({ identified }: { identified: Identified }) {
  const app = useApp();
  const { voucher } = identified;
  const program = findProgram(voucher.programId);
  const timed = program?.model === 'time' || program?.model === 'visit';
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const open = voucher.openService;
  const capture = identified.capture;
  const offline = capture?.offline === true;
  // The worker whose visit this is: the one whose 결제 ID was entered on a shared terminal.
  const workerId = identified.worker?.workerId ?? app.session?.worker.id;

  const startOnDevice = async (): Promise<boolean> => {
    if (capture?.voucherId === undefined || capture.voucherId === null || workerId === undefined) {
      setError({ code: '0104', message: messageKo('0104') });
      return false;
    }
    const openService = await app.device.startServiceOnDevice(capture.voucherId, voucher.programId, workerId, app.hostNow());
    app.flow.close(T.offlineStartedNotice(formatSeoulHm(openService.startedAt)));
    return true;
  };

  const start = async () => {
    if (starting) return;
    setStarting(true);
    setError(null);
    try {
      if (offline || navigator.onLine === false) {
        if (!(await startOnDevice())) setStarting(false);
        return;
      }
      const { openService } = await startService({ lookupId: voucher.lookupId, deviceAt: Date.now() });
      app.flow.close(T.startedNotice(formatSeoulHm(openService.startedAt)));
    } catch (cause) {
      // The host could not be reached: the visit still starts, on the device.
      if (usesDeviceSnapshot(cause) && capture?.voucherId) {
        try {
          if (await startOnDevice()) return;
        } catch {
          // Fall through to the error below.
        }
      }
      setStarting(false);
      setError(app.showError(cause));
    }
  };

  /** 시작 취소, confirmed: a start only this device holds is removed here; the host's is discarded there (audited). */
  const discard = async () => {
    if (!open || discarding) return;
    setDiscarding(true);
    setError(null);
    try {
      if (capture?.openServiceSource === 'device') {
        if (workerId === undefined || !(await app.device.discardOnDevice(open.id, workerId))) {
          throw new Error('the device start is gone');
        }
      } else {
        if (offline || navigator.onLine === false) {
          // The host's start can only be discarded on the host.
          setDiscarding(false);
          setConfirmingDiscard(false);
          setError({ code: '0104', message: messageKo('0104') });
          return;
        }
        await discardService({ lookupId: voucher.lookupId, openServiceId: open.id, deviceAt: Date.now() });
      }
      app.flow.close(T.discardedNotice(formatSeoulHm(open.startedAt)));
    } catch (cause) {
      setDiscarding(false);
      setConfirmingDiscard(false);
      setError(app.showError(cause));
    }
  };

  // 서비스 결제: the worker's own open visit is paid at once (정상결제); otherwise 결제방식 asks
  // 정상결제 or 소급결제 (a time program with no start can only be a 소급결제).
  const payService = () => {
    if (!timed || !open) {
      app.flow.chooseMode();
      return;
    }
    app.flow.pay({ mode: 'normal', serviceEndAt: app.hostNow(), openService: open, openServiceSource: capture?.openServiceSource ?? 'host' });
  };

  return (
    <Screen title={program?.nameKo ?? voucher.programId} kicker={program?.groupKo}>
      <dl class="facts">
        <div>
          <dt>{T.voucherInstitution}</dt>
          <dd>{voucher.institutionName}</dd>
        </div>
        <div>
          <dt>{T.voucherRecipient}</dt>
          <dd>{voucher.recipientMasked}</dd>
        </div>
        {identified.worker ? (
          <div>
            <dt>{T.voucherWorker}</dt>
            <dd data-testid="voucher-worker">{T.voucherWorkerId(identified.worker.paymentId, identified.worker.name)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{T.voucherServiceCode}</dt>
          <dd class="money">{voucher.serviceCode}</dd>
        </div>
        <div>
          <dt>{offline ? T.offlineBalance : T.voucherBalance}</dt>
          <dd class={`money strong${offline ? ' provisional' : ''}`} data-testid="balance">
            {formatKrw(voucher.balanceKrw)}
          </dd>
        </div>
        {timed && open ? (
          <div>
            <dt>{T.serviceStart}</dt>
            <dd class="money" data-testid="service-started">
              {formatSeoulHm(open.startedAt)}
            </dd>
          </div>
        ) : null}
      </dl>
      {offline ? (
        <p class="offline-note" role="note">
          {T.offlineVoucherNote}
        </p>
      ) : null}
      {!offline && capture?.openServiceSource === 'device' ? <p class="offline-note">{T.offlineOpenServiceNote}</p> : null}
      <Countdown deadlineAt={identified.deadlineAt} onExpire={() => app.flow.expire(T.expired)} />
      <ErrorNotice error={error} />
      <div class="choice-list">
        {timed && !open ? (
          <Button variant="primary" large onClick={start} disabled={starting}>
            {T.serviceStart}
          </Button>
        ) : null}
        {starting ? (
          <p class="status-line" role="status">
            {T.serviceStartBusy}
          </p>
        ) : null}
        <Button
          variant={timed && !open ? 'secondary' : 'primary'}
          large
          onClick={payService}
          disabled={starting || discarding}
          aria-describedby={timed && !open ? 'pay-needs-start' : undefined}
        >
          {T.servicePay}
        </Button>
        {timed && !open ? (
          <p id="pay-needs-start" class="field-hint">
            {T.startFirst}
          </p>
        ) : null}
        {timed && open && !confirmingDiscard ? (
          <Button large onClick={() => setConfirmingDiscard(true)} disabled={starting}>
            {T.discardStart}
          </Button>
        ) : null}
        {timed && open && confirmingDiscard ? (
          <div role="alertdialog" aria-labelledby="discard-question" class="choice-list">
            <p id="discard-question" class="prompt">
              {T.discardConfirmTitle(formatSeoulHm(open.startedAt))}
            </p>
            <Button variant="primary" large onClick={() => void discard()} disabled={discarding}>
              {T.discardConfirm}
            </Button>
            <Button large onClick={() => setConfirmingDiscard(false)} disabled={discarding}>
              {T.discardKeep}
            </Button>
            {discarding ? (
              <p class="status-line" role="status">
                {T.discardBusy}
              </p>
            ) : null}
          </div>
        ) : null}
        <Button large onClick={app.flow.cancelStart} disabled={starting || discarding}>
          {T.cancelTransaction}
        </Button>
        <Button large onClick={() => app.flow.close()} disabled={starting}>
          {T.close}
        </Button>
      </div>
    </Screen>
  );
}
