import { findProgram, type ProgramId } from '../domain/catalog';
import { Button } from '../ui/Button';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';

/**
 * 추가지원 유형 선택 (SPEC §5.3, changed in this release): with 시도추가지원 on, the first step of a
 * program with a top-up — the national voucher or the province's top-up — before 결제 수단 선택 and
 * 카드 태깅; the payment then draws on the voucher chosen here.
 */
export function TopUpScreen({ programId, options }: { programId: ProgramId; options: readonly ProgramId[] }) {
  const app = useApp();
  const program = findProgram(programId);
  return (
    <Screen title={T.topUpTitle} kicker={program?.nameKo} onBack={app.flow.back}>
      <div class="choice-list">
        <Button variant="primary" large onClick={() => app.flow.chooseTopUp(programId)}>
          {T.topUpBase(program?.nameKo ?? programId)}
        </Button>
        {options.map((id) => (
          <Button key={id} large onClick={() => app.flow.chooseTopUp(id)}>
            {findProgram(id)?.nameKo ?? id}
          </Button>
        ))}
      </div>
    </Screen>
  );
}
