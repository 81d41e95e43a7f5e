import { findProgram } from '../domain/catalog';
import type { Receipt } from '../domain/wire';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import { ReceiptFacts } from './ReceiptFacts';

/** 서비스 결제 완료: the receipt as the seed's completion screen shows it; 확인 goes home. */
export function CompleteScreen({ receipt }: { receipt: Receipt }) {
  const app = useApp();
  const program = findProgram(receipt.programId);
  return (
    <Screen title={T.completeTitle} kicker={program?.nameKo} onConfirm={app.flow.finish}>
      <p class="done" role="status">
        {T.completeDone}
      </p>
      <ReceiptFacts
        institutionName={receipt.institutionName}
        recipientMasked={receipt.recipientMasked}
        approvalNumber={receipt.approvalNumber}
        serviceDate={receipt.serviceDate}
        amountKrw={receipt.amountKrw}
        balanceKrw={receipt.balanceKrw}
      />
    </Screen>
  );
}
