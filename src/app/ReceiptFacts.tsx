import { PracticeMark } from './PracticeMark';
import { formatKrw, formatServiceDate } from '../ui/format';
import { T } from '../ui/messages.ko';

interface ReceiptFactsProps {
  readonly institutionName: string;
  readonly recipientMasked: string;
  /** Null while the payment waits on the device: the host has not approved it yet. */
  readonly approvalNumber: string | null;
  /** 서비스일자 'YYYY-MM-DD' (Asia/Seoul). */
  readonly serviceDate: string;
  readonly amountKrw: number;
  /** The host's balance after an approval; the provisional one while the payment waits. */
  readonly balanceKrw: number;
}

/**
 * The receipt lines of 서비스 결제 완료 and 전송 대기, in the seed's order. A payment that waits on
 * the device shows 전송 후 발급 for its approval number and its balance as provisional.
 */
export function ReceiptFacts({ institutionName, recipientMasked, approvalNumber, serviceDate, amountKrw, balanceKrw }: ReceiptFactsProps) {
  const queued = approvalNumber === null;
  return (
    <dl class="facts">
      <div>
        <dt>{T.voucherInstitution}</dt>
        <dd>{institutionName}</dd>
      </div>
      <div>
        <dt>{T.voucherRecipient}</dt>
        <dd>{recipientMasked}</dd>
      </div>
      <div>
        <dt>{T.approvalNumber}</dt>
        {queued ? (
          <dd data-testid="approval-number">{T.approvalAfterSync}</dd>
        ) : (
          <dd>
            <PracticeMark approvalNumber={approvalNumber} />
            <span class="money" data-testid="approval-number">
              {approvalNumber}
            </span>
          </dd>
        )}
      </div>
      <div>
        <dt>{T.serviceDate}</dt>
        <dd>{formatServiceDate(serviceDate)}</dd>
      </div>
      <div>
        <dt>{T.paymentAmount}</dt>
        <dd class="money strong" data-testid="payment-amount">
          {formatKrw(amountKrw)}
        </dd>
      </div>
      <div>
        <dt>{queued ? T.offlineBalance : T.voucherBalance}</dt>
        <dd class={`money strong${queued ? ' provisional' : ''}`} data-testid="balance">
          {formatKrw(balanceKrw)}
        </dd>
      </div>
    </dl>
  );
}
