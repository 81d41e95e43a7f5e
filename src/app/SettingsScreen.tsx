import { useState } from 'preact/hooks';
import { autoLoginOff, logout } from '../api/client';
import { messageKo } from '../domain/errors';
import { Button } from '../ui/Button';
import { ErrorNotice, InfoNotice, type ShownError } from '../ui/ErrorNotice';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useLive } from '../ui/useLive';
import { useApp, type DeviceServices } from './app-context';

type Work = Awaited<ReturnType<DeviceServices['unfinishedWork']>>;

/**
 * Why 로그아웃 (or 자동로그인 해제) was refused (2124), in the words of what blocks it now: payments
 * still to be sent, refusals not yet acknowledged in 전송 현황, or both; else a 서비스 시작 that lives
 * only on this device. Null once nothing blocks.
 */
export function logoutBlocker(work: Work): { error: ShownError; note: string } | null {
  if (work.pending > 0) {
    const note = work.refused > 0 ? `${T.logoutPendingWhy(work.pending)} ${T.logoutRefusedWhy(work.refused)}` : T.logoutPendingWhy(work.pending);
    return { error: { code: '2124', message: messageKo('2124') }, note };
  }
  if (work.refused > 0) return { error: { code: '2124', message: T.logoutRefusedHeadline }, note: T.logoutRefusedWhy(work.refused) };
  if (work.started > 0) return { error: { code: '2124', message: T.logoutStartedHeadline }, note: T.logoutStartedWhy(work.started) };
  return null;
}

/**
 * 환경설정, the seed's menu: 서비스 추가/삭제, 시도추가지원 (a switch saved as it is flipped), 단말정보
 * (모델이름, 단말번호, 버전정보, SW버전, shown here at once: one tap less than the seed), 패스워드 변경,
 * 자동로그인 해제 — plus 카드인식 테스트 and 로그아웃.
 */
export function SettingsScreen() {
  const app = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // After a refused 로그아웃 the notice follows the outbox live: it names what blocks now and goes
  // once nothing does (a sync in the background, a refusal acknowledged in 전송 현황).
  const [refusedWith, setRefusedWith] = useState<Work | null>(null);
  const work = useLive(app.device.unfinishedWork, [app.device]);
  // 시도추가지원 is drawn only once the device said how it is set: a switch drawn before that would
  // show a guess, and a tap on it would flip the guess.
  const topUp = useLive(app.device.provincialTopUp, [app.device]);
  const blocker = refusedWith ? logoutBlocker(work ?? refusedWith) : null;
  const terminal = app.terminal ?? app.session?.terminal ?? null;

  const autoLogin = app.session?.autoLogin;
  // 연습모드 changes nothing real: the password, the session and 로그아웃 wait for real mode.
  const practising = app.practice !== null;

  // 자동로그인 해제 keeps the session (and the worker's data on the device): the host ends its
  // 자동로그인 and reissues the cookie to end with the browser, so the next start asks for 아이디
  // and 비밀번호 again.
  const endAutoLogin = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      // What lives only on this device (queued payments, a 서비스 시작 with no signal) would be lost
      // to the next login of another worker: 자동로그인 해제 waits for it, as 로그아웃 does.
      const now = await app.device.unfinishedWork();
      if (logoutBlocker(now)) {
        setRefusedWith(now);
        return;
      }
      const session = await autoLoginOff();
      app.setSession(session);
      setDone(T.autoLoginOffDone);
    } catch (cause) {
      setError(app.showError(cause));
    } finally {
      setBusy(false);
    }
  };

  // 로그아웃 ends the session on the host (its cookie included). Refused while the outbox holds
  // anything (only this device has those payments; a refusal must be read first); after it, the
  // worker's data is wiped from the device (SPEC §8).
  const signOut = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setDone(null);
    setRefusedWith(null);
    try {
      const now = await app.device.unfinishedWork();
      if (logoutBlocker(now)) {
        setBusy(false);
        setRefusedWith(now);
        return;
      }
      await logout();
      await app.device.wipeWorkerData();
      app.setSession(null);
      app.nav.toLogin();
    } catch (cause) {
      setBusy(false);
      setError(app.showError(cause));
    }
  };

  return (
    <Screen title={T.settingsTitle} onBack={app.nav.back}>
      <InfoNotice text={done} />
      <section aria-labelledby="terminal-info">
        <h2 id="terminal-info" class="section-title">
          {T.terminalInfo}
        </h2>
        <dl class="facts">
          <div>
            <dt>{T.modelName}</dt>
            <dd data-testid="model-name">{terminal?.model ?? '-'}</dd>
          </div>
          <div>
            <dt>{T.terminalNumber}</dt>
            <dd class="money" data-testid="terminal-number">
              {terminal?.terminalNumber ?? '-'}
            </dd>
          </div>
          <div>
            <dt>{T.paymentVersion}</dt>
            <dd class="money strong" data-testid="payment-version">
              {__PAYMENT_VERSION__}
            </dd>
          </div>
          <div>
            <dt>{T.swVersion}</dt>
            <dd class="version" data-testid="sw-version">
              {`${__APP_VERSION__} (${__BUILD_ID__})`}
            </dd>
          </div>
          <div>
            <dt>{T.terminalProfile}</dt>
            <dd data-testid="terminal-profile">{app.terminalProfile === 'shared' ? T.terminalShared : T.terminalPersonal}</dd>
          </div>
          <div>
            <dt>{T.autoLoginState}</dt>
            <dd data-testid="auto-login">{autoLogin === false ? T.autoLoginIsOff : T.autoLoginOn}</dd>
          </div>
        </dl>
      </section>
      <ErrorNotice error={blocker?.error ?? null} note={blocker?.note}>
        <Button large onClick={() => app.nav.push({ name: 'sync' })}>
          {T.syncStatus}
        </Button>
      </ErrorNotice>
      <ErrorNotice error={error} />
      {busy ? (
        <p class="status-line" role="status">
          {T.autoLoginOffBusy}
        </p>
      ) : null}
      <div class="choice-list">
        <Button large onClick={() => app.nav.push({ name: 'services' })}>
          {T.servicesTitle}
        </Button>
        <div>
          {topUp === undefined ? null : (
            <label class="check">
              <input
                type="checkbox"
                role="switch"
                checked={topUp}
                aria-checked={topUp}
                aria-describedby="provincial-top-up-hint"
                onChange={(e) => void app.device.setProvincialTopUp(e.currentTarget.checked)}
              />
              <span>{T.provincialTopUp}</span>
            </label>
          )}
          <p id="provincial-top-up-hint" class="field-hint">
            {T.provincialTopUpHint}
          </p>
        </div>
        <Button
          large
          onClick={() => app.nav.push({ name: 'password' })}
          disabled={practising}
          aria-describedby={practising ? 'practice-only' : undefined}
        >
          {T.passwordTitle}
        </Button>
        <Button large onClick={() => app.nav.push({ name: 'practice' })}>
          {practising ? T.practiceEnd : T.practiceMode}
        </Button>
        <Button large onClick={() => app.nav.push({ name: 'card-test' })}>
          {T.cardTest}
        </Button>
        <Button
          large
          onClick={endAutoLogin}
          disabled={busy || autoLogin === false || practising}
          aria-describedby={practising ? 'practice-only' : undefined}
        >
          {T.autoLoginOff}
        </Button>
        <Button variant="danger" large onClick={signOut} disabled={busy || practising} aria-describedby={practising ? 'practice-only' : undefined}>
          {T.logout}
        </Button>
        {practising ? (
          <p id="practice-only" class="field-hint">
            {T.practiceUnavailable}
          </p>
        ) : null}
      </div>
    </Screen>
  );
}
