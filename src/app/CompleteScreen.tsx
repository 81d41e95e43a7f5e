import { findProgram } from '../domain/catalog';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import { ReceiptFacts } from './ReceiptFacts';
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
