import { findProgram } from '../domain/catalog';
import { Button } from '../ui/Button';
import { Countdown } from '../ui/Countdown';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import type { Identified } from './payment-flow';

/**
 * 거래 취소 (SPEC §5.7): 직접거래 취소 by 승인번호, or 당일거래 취소 from today's list. With no
 * signal only today's list works, and only for payments still waiting on this device.
 */
export function CancelChooseScreen({ identified }: { identified: Identified }) {
  const app = useApp();
  const program = findProgram(identified.voucher.programId);
  const offline = identified.capture?.offline === true || !app.net.online;
  return (
    <Screen title={T.cancelTransaction} kicker={program?.nameKo} onBack={app.flow.back}>
      <div class="choice-list">
        <Button large onClick={() => app.flow.cancelChoose('direct')} disabled={offline} aria-describedby={offline ? 'cancel-offline' : undefined}>
          {T.directCancel}
        </Button>
        <Button variant="primary" large onClick={() => app.flow.cancelChoose('today')}>
          {T.sameDayCancel}
        </Button>
        {offline ? (
          <p id="cancel-offline" class="field-hint">
            {T.cancelOfflineDirect}
          </p>
        ) : null}
      </div>
      <Countdown deadlineAt={identified.deadlineAt} onExpire={() => app.flow.expire(T.expired)} />
    </Screen>
  );
}
