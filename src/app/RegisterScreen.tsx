import { useEffect, useState } from 'preact/hooks';
import { me, registerTerminal } from '../api/client';
import { ApiError } from '../api/client';
import { getDeviceId, modelName } from '../device/device-id';
import { messageKo } from '../domain/errors';
import type { Terminal } from '../domain/wire';
import { RetryNotice, type ShownError } from '../ui/ErrorNotice';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';

/**
 * 등록 확인 (automatic, SPEC §5.1): registers this device as a terminal (the host answers the same
 * terminal and 단말번호 for the same device id) and, in the same round trip, tries the existing
 * session so 자동로그인 skips 로그인 — one request's wait, not the seed's 15–20 seconds.
 * With no signal it opens with the session kept on the device (the cookie is checked again when
 * the network comes back: the syncer and the next lookup meet a 1003 if it expired meanwhile).
 * Its title bar is 로그인's (the app's name), so the bar stays put from the first paint on and
 * only the content below it changes.
 */
export function RegisterScreen() {
  const app = useApp();
  const [attempt, setAttempt] = useState(0);
  const [error, setError] = useState<ShownError | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    (async () => {
      // Fast: the registration and the session check go out together (one round trip, not two);
      // the session check needs no device id, so it leaves before the id is read from the device.
      const session = me();
      session.catch(() => undefined);
      const deviceId = await getDeviceId();
      let terminal: Terminal;
      try {
        terminal = await registerTerminal({ deviceId, model: modelName() });
      } catch (cause) {
        // No signal: open with the session kept on the device, so offline payments can be taken.
        if (cause instanceof ApiError && cause.code === '0104') {
          const cached = await app.device.cachedSession().catch(() => undefined);
          if (cached && live) {
            app.setTerminal(cached.terminal, deviceId);
            app.setSession(cached, { cached: true });
            app.nav.home();
            return;
          }
        }
        throw cause;
      }
      if (!live) return;
      if (terminal.status === 'revoked') {
        setError({ code: '0304', message: messageKo('0304') });
        return;
      }
      app.setTerminal(terminal, deviceId);
      try {
        const info = await session;
        if (!live) return;
        app.setSession(info);
        app.nav.home();
      } catch {
        // No session (1003) or any other trouble: 로그인 says what is wrong when the worker tries.
        if (live) app.nav.toLogin();
      }
    })().catch((cause: unknown) => {
      if (!live) return;
      setError(cause instanceof ApiError ? { code: cause.code, message: cause.message } : { code: '9999', message: messageKo('9999') });
    });
    return () => {
      live = false;
    };
    // app is stable for what this uses (nav, setters); re-run only on 다시 시도.
  }, [attempt]);

  return (
    <Screen title={T.appTitle}>
      {error ? (
        <RetryNotice error={error} onRetry={() => setAttempt((n) => n + 1)} />
      ) : (
        <p class="status-line" role="status">
          {T.registerChecking}
        </p>
      )}
    </Screen>
  );
}
