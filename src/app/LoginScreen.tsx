import { useState } from 'preact/hooks';
import { login, logout } from '../api/client';
import { messageKo } from '../domain/errors';
import { normalizePhone, PHONE_PATTERN } from '../domain/people';
import { Button } from '../ui/Button';
import { ErrorNotice, InfoNotice, type ShownError } from '../ui/ErrorNotice';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';

/** 로그인 (SPEC §5.1): 아이디 = 스마트폰 번호, 비밀번호, 자동로그인 (checked, like the seed), 카드인식 테스트. */
export function LoginScreen() {
  const app = useApp();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [autoLogin, setAutoLogin] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [switchNote, setSwitchNote] = useState<string | undefined>(undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const id = normalizePhone(phone);
    if (!PHONE_PATTERN.test(id)) {
      setHint(T.loginIdInvalid);
      return;
    }
    setHint(null);
    setError(null);
    setSwitchNote(undefined);
    if (!app.deviceId) {
      app.nav.toLogin();
      return;
    }
    setBusy(true);
    try {
      const session = await login({ phone: id, password, autoLogin, deviceId: app.deviceId });
      // Another worker's unsent payments are on this device: they would be sent under this
      // worker's session, so the switch is refused until that worker sends them.
      // A shared terminal holds several workers' work by design: each command is sent as its own worker's.
      const previous = await app.device.cachedSession().catch(() => undefined);
      if (previous && previous.worker.id !== session.worker.id && session.terminal.profile !== 'shared') {
        const work = await app.device.unfinishedWork();
        if (work.pending + work.refused + work.started > 0) {
          await logout().catch(() => undefined);
          setBusy(false);
          setPassword('');
          setError({ code: '2124', message: messageKo('2124') });
          setHint(null);
          setSwitchNote(T.switchPendingWhy);
          return;
        }
        await app.device.wipeWorkerData();
      }
      app.setSession(session);
      app.nav.home();
    } catch (cause) {
      setBusy(false);
      setPassword('');
      setError(app.showError(cause));
    }
  };

  return (
    <Screen title={T.appTitle}>
      <InfoNotice text={app.notice} />
      <form class="form" onSubmit={submit} noValidate>
        <div class="field">
          <label class="field-label" for="login-phone">
            {T.loginId}
          </label>
          <input
            id="login-phone"
            class="input"
            type="text"
            inputMode="numeric"
            autocomplete="username"
            placeholder={T.loginIdHint}
            value={phone}
            maxLength={13}
            aria-invalid={hint !== null}
            aria-describedby={hint ? 'login-hint' : undefined}
            onInput={(e) => setPhone(e.currentTarget.value)}
          />
          {hint ? (
            <p id="login-hint" class="field-hint field-hint-error">
              {hint}
            </p>
          ) : null}
        </div>
        <div class="field">
          <label class="field-label" for="login-password">
            {T.loginPassword}
          </label>
          <input
            id="login-password"
            class="input"
            type="password"
            autocomplete="current-password"
            value={password}
            maxLength={128}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </div>
        <ErrorNotice error={error} note={switchNote} />
        <Button type="submit" variant="primary" large disabled={busy || phone === '' || password === ''}>
          {T.loginButton}
        </Button>
        {busy ? (
          <p class="status-line" role="status">
            {T.loginBusy}
          </p>
        ) : null}
        <label class="check">
          <input type="checkbox" checked={autoLogin} onChange={(e) => setAutoLogin(e.currentTarget.checked)} />
          <span>{T.loginAuto}</span>
        </label>
      </form>
      <div class="links">
        <Button variant="plain" onClick={() => app.nav.push({ name: 'card-test' })}>
          {T.cardTest}
        </Button>
      </div>
    </Screen>
  );
}
