import { findProgram } from '../domain/catalog';
import { formatKrw, formatServiceDate } from '../ui/format';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import type { RouteOf } from './routes';

/** 서비스 결제 완료: the receipt as the seed's completion screen shows it; 확인 goes home. */
export function CompleteScreen({ route }: { route: RouteOf<'complete'> }) {
  const app = useApp();
  const { receipt } = route;
  const program = findProgram(receipt.programId);
  return (
    <Screen title={T.completeTitle} kicker={program?.nameKo} onConfirm={() => app.nav.home()}>
      <p class="done" role="status">
        {T.completeDone}
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
          <dd class="money" data-testid="approval-number">
            {receipt.approvalNumber}
          </dd>
        </div>
        <div>
          <dt>{T.serviceDate}</dt>
          <dd>{formatServiceDate(receipt.serviceDate)}</dd>
        </div>
        <div>
          <dt>{T.paymentAmount}</dt>
          <dd class="money strong" data-testid="payment-amount">
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
    </Screen>
  );
}
