import { findProgram } from '../domain/catalog';
import { formatKrw, formatServiceDate } from '../ui/format';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import type { RouteOf } from './routes';

/**
 * 전송 대기: the completion screen of a payment saved on the device. Shown only after the outbox
 * write committed; it says plainly that the approval number comes after sending, and that the
 * balance is provisional.
 */
export function QueuedScreen({ route }: { route: RouteOf<'queued'> }) {
  const app = useApp();
  const { queued } = route;
  const program = findProgram(queued.programId);
  return (
    <Screen title={T.queuedTitle} kicker={program?.nameKo} onConfirm={() => app.nav.home()}>
      <p class="done done-queued" role="status">
        {T.queuedDone}
      </p>
      <dl class="facts">
        <div>
          <dt>{T.voucherInstitution}</dt>
          <dd>{queued.institutionName}</dd>
        </div>
        <div>
          <dt>{T.voucherRecipient}</dt>
          <dd>{queued.recipientMasked}</dd>
        </div>
        <div>
          <dt>{T.approvalNumber}</dt>
          <dd data-testid="approval-number">{T.approvalAfterSync}</dd>
        </div>
        <div>
          <dt>{T.serviceDate}</dt>
          <dd>{formatServiceDate(queued.serviceDate)}</dd>
        </div>
        <div>
          <dt>{T.paymentAmount}</dt>
          <dd class="money strong" data-testid="payment-amount">
            {formatKrw(queued.amountKrw)}
          </dd>
        </div>
        <div>
          <dt>{T.offlineBalance}</dt>
          <dd class="money strong provisional" data-testid="balance">
            {formatKrw(queued.provisionalBalanceKrw)}
          </dd>
        </div>
      </dl>
    </Screen>
  );
}
