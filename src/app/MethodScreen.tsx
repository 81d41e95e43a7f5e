import { findProgram } from '../domain/catalog';
import { messageKo } from '../domain/errors';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Button } from '../ui/Button';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import type { ProgramId } from '../domain/catalog';

/**
 * 결제유형 선택: 카드 now; QR결제 and 생체인증결제 are shown, disabled, until their flows exist.
 * Offline they say they need the network (2123): only a card payment can be captured then.
 */
export function MethodScreen({ programId }: { programId: ProgramId }) {
  const app = useApp();
  const program = findProgram(programId);
  return (
    <Screen title={T.methodTitle} kicker={program?.nameKo} onBack={app.flow.back}>
      <div class="choice-list">
        <Button variant="primary" large onClick={() => app.flow.chooseMethod('card')}>
          {T.methodCard}
        </Button>
        <Button large disabled aria-describedby="method-soon">
          {T.methodQr}
        </Button>
        <Button large disabled aria-describedby="method-soon">
          {T.methodBiometric}
        </Button>
        {app.net.online ? (
          <p id="method-soon" class="field-hint">
            {T.methodQr}·{T.methodBiometric}: {T.preparing}
          </p>
        ) : (
          <div id="method-soon">
            <ErrorNotice error={{ code: '2123', message: messageKo('2123') }} note={T.methodNeedsNetwork} />
          </div>
        )}
      </div>
    </Screen>
  );
}
