import { messageKo } from '../domain/errors';
import { T } from '../ui/messages.ko';
import { useLive } from '../ui/useLive';
import { useApp } from './app-context';
import { clockWarning } from './clock-check';
import type { Route } from './routes';

/**
 * Above every screen: the offline banner, the 전송 대기 count (live over the outbox, a button to
 * 전송 현황), the 0101 clock warning and 업데이트가 필요합니다. Each stays as long as its cause.
 */
export function StatusBar({ route }: { route: Route }) {
  const app = useApp();
  const status = useLive(app.device.syncStatus, [app.device]);
  const pending = status?.pendingCount ?? 0;
  const refused = status?.refused.length ?? 0;
  const showClock = app.net.online && clockWarning(app.net.clockOffsetMs);
  const canOpenStatus = app.session !== null && route.name !== 'sync';
  return (
    <div class="status-bar">
      {!app.net.online ? (
        <p class="banner banner-offline" role="status">
          {T.offlineBanner}
        </p>
      ) : null}
      {app.net.updateRequired ? (
        <div class="banner banner-error" role="alert">
          <p>{messageKo('1006')}</p>
          <p class="notice-code">{T.errorCode('1006')}</p>
        </div>
      ) : null}
      {showClock ? (
        <div class="banner banner-error" role="alert">
          <p>{messageKo('0101')}</p>
          <p class="notice-code">{T.errorCode('0101')}</p>
        </div>
      ) : null}
      {pending > 0 || refused > 0 ? (
        <p class="banner banner-pending">
          {pending > 0 ? (
            <button
              type="button"
              class="pending-badge"
              data-testid="pending-count"
              disabled={!canOpenStatus}
              onClick={() => app.nav.push({ name: 'sync' })}
            >
              {T.pendingBadge(pending)}
            </button>
          ) : null}
          {refused > 0 ? <span class="refused-badge">{`${T.syncRefused} ${T.count(refused)}`}</span> : null}
        </p>
      ) : null}
    </div>
  );
}
