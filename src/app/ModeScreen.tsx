import { findProgram } from '../domain/catalog';
import { Button } from '../ui/Button';
import { Countdown } from '../ui/Countdown';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import type { Identified } from './payment-flow';

/**
 * 결제방식 선택 (SPEC §5.4): 정상결제 or 소급결제, one tap each. A time or visit program reaches it
 * only without a start of its own, so its 정상결제 is unavailable and says why. With no signal a
 * 소급결제 is saved on the device like any capture, and the host checks its rules again on sync.
 */
export function ModeScreen({ identified }: { identified: Identified }) {
  const app = useApp();
  const { voucher } = identified;
  const program = findProgram(voucher.programId);
  const amount = program?.model === 'amount';
  const normal = () => app.flow.pay({ mode: 'normal', serviceEndAt: app.hostNow(), openService: null, openServiceSource: null });
  return (
    <Screen title={T.paymentModeTitle} kicker={program?.nameKo} onBack={app.flow.back}>
      <div class="choice-list">
        <Button variant="primary" large onClick={normal} disabled={!amount} aria-describedby={amount ? undefined : 'normal-needs-start'}>
          {T.normalPayment}
        </Button>
        {amount ? null : (
          <p id="normal-needs-start" class="field-hint">
            {T.normalNeedsStart}
          </p>
        )}
        <Button large onClick={app.flow.retroStart}>
          {T.retroPayment}
        </Button>
      </div>
      <Countdown deadlineAt={identified.deadlineAt} onExpire={() => app.flow.expire(T.expired)} />
    </Screen>
  );
}
