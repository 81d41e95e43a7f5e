import { findProgram } from '../domain/catalog';
import { Button } from '../ui/Button';
import { Countdown } from '../ui/Countdown';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatKrw, formatSeoulHm } from '../ui/format';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import type { FlowState } from './payment-flow';

/**
 * 거래 취소 확인: the picked payment and "이 결제를 취소하시겠습니까?". 확인 sends the cancellation
 * under the cancel id made when it was picked; while it is sent, or its outcome is unknown, nothing
 * leaves the screen and 확인 resends the same cancellation (never a second one).
 */
export function CancelConfirmScreen({ state }: { state: Extract<FlowState, { step: 'cancelConfirm' }> }) {
  const app = useApp();
  const { pick, identified, progress } = state;
  const program = findProgram(identified.voucher.programId);
  const sending = progress.status === 'sending';
  const error = progress.status === 'editing' ? (progress.error ?? null) : progress.status === 'unknown' ? progress.error : null;
  return (
    <Screen
      title={T.cancelConfirmTitle}
      kicker={program?.nameKo}
      onBack={app.flow.back}
      backDisabled={app.flow.locked}
      onConfirm={app.flow.confirmCancel}
      busy={sending}
    >
      <p class="prompt">{T.cancelConfirmPrompt}</p>
      <dl class="facts">
        <div>
          <dt>{T.voucherRecipient}</dt>
          <dd>{identified.voucher.recipientMasked}</dd>
        </div>
        <div>
          <dt>{T.approvalNumber}</dt>
          <dd class="money" data-testid="cancel-approval-number">
            {pick.approvalNumber ?? T.waitingPayment}
          </dd>
        </div>
        {pick.serviceStartAt !== null && pick.serviceEndAt !== null ? (
          <div>
            <dt>
              {T.todayStart}–{T.todayEnd}
            </dt>
            <dd class="money">
              {formatSeoulHm(pick.serviceStartAt)}–{formatSeoulHm(pick.serviceEndAt)}
            </dd>
          </div>
        ) : null}
        {pick.amountKrw !== null ? (
          <div>
            <dt>{T.paymentAmount}</dt>
            <dd class="money strong">{formatKrw(pick.amountKrw)}</dd>
          </div>
        ) : null}
      </dl>
      {sending ? (
        <p class="status-line" role="status">
          {T.cancelSending}
        </p>
      ) : null}
      <ErrorNotice error={error} note={progress.status === 'unknown' ? T.cancelUnknown : undefined} />
      {progress.status === 'unknown' && progress.canSaveOffline ? (
        <Button large onClick={app.flow.saveCancelOffline}>
          {T.saveOffline}
        </Button>
      ) : null}
      {app.flow.locked ? null : <Countdown deadlineAt={identified.deadlineAt} onExpire={() => app.flow.expire(T.expired)} />}
    </Screen>
  );
}
