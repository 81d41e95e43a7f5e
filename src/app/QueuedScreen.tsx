import { findProgram } from '../domain/catalog';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import type { QueuedReceipt } from './payment-flow';
import { ReceiptFacts } from './ReceiptFacts';

/**
 * 전송 대기: the completion screen of a payment saved on the device. Shown only after the outbox
 * write committed; it says plainly that the approval number comes after sending, and that the
 * balance is provisional.
 */
export function QueuedScreen({ queued }: { queued: QueuedReceipt }) {
  const app = useApp();
  const program = findProgram(queued.programId);
  return (
    <Screen title={T.queuedTitle} kicker={program?.nameKo} onConfirm={app.flow.finish}>
      <p class="done done-queued" role="status">
        {T.queuedDone}
      </p>
      <ReceiptFacts
        institutionName={queued.institutionName}
        recipientMasked={queued.recipientMasked}
        approvalNumber={null}
        serviceDate={queued.serviceDate}
        amountKrw={queued.amountKrw}
        balanceKrw={queued.provisionalBalanceKrw}
      />
    </Screen>
  );
}
