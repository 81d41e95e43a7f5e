import { findProgram } from '../domain/catalog';
import { formatKrw, formatServiceDate } from '../ui/format';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import type { Outcome } from './payment-flow';
import { PracticeMark } from './PracticeMark';

/** 거래 취소 완료: what came back to the voucher (the host's receipt), or what the device did with no signal. */
export function CancelDoneScreen({ outcome }: { outcome: Extract<Outcome, { kind: 'cancelled' | 'cancelQueued' }> }) {
  const app = useApp();
  if (outcome.kind === 'cancelQueued') {
    const { cancel } = outcome;
    return (
      <Screen title={T.cancelDoneTitle} kicker={findProgram(cancel.programId)?.nameKo} onConfirm={app.flow.finish}>
        <p class="done" role="status">
          {cancel.kind === 'removed' ? T.cancelRemoved : T.cancelQueued}
        </p>
        <dl class="facts">
          <div>
            <dt>{T.voucherRecipient}</dt>
            <dd>{cancel.recipientMasked}</dd>
          </div>
          {cancel.amountKrw !== null ? (
            <div>
              <dt>{T.cancelAmount}</dt>
              <dd class="money strong">{formatKrw(cancel.amountKrw)}</dd>
            </div>
          ) : null}
        </dl>
      </Screen>
    );
  }
  const { receipt } = outcome;
  return (
    <Screen title={T.cancelDoneTitle} kicker={findProgram(receipt.programId)?.nameKo} onConfirm={app.flow.finish}>
      <p class="done" role="status">
        {T.cancelDone}
      </p>
      <dl class="facts">
        <div>
          <dt>{T.voucherInstitution}</dt>
          <dd>{receipt.institutionName}</dd>
        </div>
        <div>
          <dt>{T.voucherRecipient}</dt>
          <dd>{receipt.recipientMasked}</dd>
        </div>
        <div>
          <dt>{T.approvalNumber}</dt>
          <dd>
            <PracticeMark approvalNumber={receipt.approvalNumber} />
            <span class="money" data-testid="cancelled-approval-number">
              {receipt.approvalNumber}
            </span>
          </dd>
        </div>
        <div>
          <dt>{T.serviceDate}</dt>
          <dd>{formatServiceDate(receipt.serviceDate)}</dd>
        </div>
        <div>
          <dt>{T.cancelAmount}</dt>
          <dd class="money" data-testid="cancel-amount">
            {formatKrw(receipt.amountKrw)}
          </dd>
        </div>
        <div>
          <dt>{T.voucherBalance}</dt>
          <dd class="money strong" data-testid="balance">
            {formatKrw(receipt.balanceKrw)}
          </dd>
        </div>
      </dl>
      <p class="field-hint">{T.cancelNotified}</p>
    </Screen>
  );
}
