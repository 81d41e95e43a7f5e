import { findProgram } from '../domain/catalog';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatKrw } from '../ui/format';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import { canSaveResumed, type FlowState } from './payment-flow';

/**
 * 결제 결과 확인: an online payment that a reload, a crash or a closed tab left unanswered. It is
 * resent at once with the same id and body (the host answers the original result, never a second
 * payment); until the answer is in, nothing else starts — 다시 시도, or 전송 대기로 저장 with no
 * network. A definite refusal is shown with its code and 확인 goes home.
 */
export function ResumeScreen({ state }: { state: Extract<FlowState, { step: 'resuming' }> }) {
  const app = useApp();
  const { inflight, status, error } = state;
  const program = findProgram(inflight.programId);
  const working = status === 'sending' || status === 'saving';
  return (
    <Screen title={T.resumeTitle} kicker={program?.nameKo} {...(status === 'refused' ? { onConfirm: app.flow.finish } : {})} busy={working}>
      <dl class="facts">
        <div>
          <dt>{T.voucherInstitution}</dt>
          <dd>{inflight.institutionName}</dd>
        </div>
        <div>
          <dt>{T.voucherRecipient}</dt>
          <dd>{inflight.recipientMasked}</dd>
        </div>
        <div>
          <dt>{T.paymentAmount}</dt>
          <dd class="money strong" data-testid="payment-amount">
            {formatKrw(inflight.request.amountKrw)}
          </dd>
        </div>
      </dl>
      {working ? (
        <p class="status-line" role="status">
          {status === 'saving' ? T.saving : T.resumeSending}
        </p>
      ) : null}
      <ErrorNotice error={error} note={status === 'refused' ? T.resumeRefused : status === 'unknown' ? T.resumeUnknown : undefined}>
        {status === 'unknown' ? (
          <div class="choice-list">
            <Button variant="primary" large onClick={app.flow.retry}>
              {T.retry}
            </Button>
            {canSaveResumed(inflight) ? (
              <Button large onClick={app.flow.saveOffline}>
                {T.saveOffline}
              </Button>
            ) : null}
          </div>
        ) : null}
      </ErrorNotice>
    </Screen>
  );
}
