import { useEffect, useState } from 'preact/hooks';
import { me, registerCredential, registrationOptions, removeCredentials } from '../api/portal';
import { pushState, turnPushOff, turnPushOn, type PushState } from '../portal-pwa/push-subscription';
import { Button } from '../ui/Button';
import { ErrorNotice, InfoNotice, type ShownError } from '../ui/ErrorNotice';
import { Screen } from '../ui/Screen';
import { P } from './messages';
import { usePortal } from './portal-context';

/** A WebAuthn ceremony the user cancelled or failed (NotAllowedError …) is said in words, not as a host code. */
function ceremonyError(cause: unknown, fallback: (c: unknown) => ShownError): ShownError {
  if (cause instanceof Error && (cause.name === 'NotAllowedError' || cause.name === 'AbortError' || cause.name === 'InvalidStateError')) {
    return { code: '', message: P.biometricCancelled };
  }
  return fallback(cause);
}

/** 로그인 및 인증관리: 생체인증 등록/해제 (WebAuthn platform authenticator, user verification required) and 결제 알림 (Web Push). */
export function SettingsScreen() {
  const portal = usePortal();
  const [count, setCount] = useState(portal.session?.biometricCount ?? 0);
  const [push, setPush] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    void pushState().then(setPush, () => setPush('unsupported'));
  }, []);

  const enrol = async () => {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      const { startRegistration, platformAuthenticatorIsAvailable } = await import('@simplewebauthn/browser');
      if (!(await platformAuthenticatorIsAvailable())) {
        setError({ code: '', message: P.biometricUnavailable });
        return;
      }
      const options = await registrationOptions();
      const response = await startRegistration({ optionsJSON: options as unknown as Parameters<typeof startRegistration>[0]['optionsJSON'] });
      const result = await registerCredential(response);
      setCount(result.biometricCount);
      setNote(P.biometricRegistered);
      portal.setSession(await me());
    } catch (cause) {
      setError(ceremonyError(cause, portal.showError));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      setCount((await removeCredentials()).biometricCount);
      setNote(P.biometricRemoved);
    } catch (cause) {
      setError(portal.showError(cause));
    } finally {
      setBusy(false);
    }
  };

  const togglePush = async () => {
    setBusy(true);
    setError(null);
    try {
      setPush(push === 'on' ? await turnPushOff() : await turnPushOn());
    } catch (cause) {
      setError(portal.showError(cause));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen title={P.settingsTitle} onBack={() => portal.go({ name: 'home' })}>
      <InfoNotice text={note} />
      <ErrorNotice error={error} />
      <section class="portal-section portal-card" aria-labelledby="bio-title">
        <h2 id="bio-title">{P.biometric}</h2>
        <p role="status">{count > 0 ? P.biometricOn(count) : P.biometricOff}</p>
        <Button variant="primary" large disabled={busy} onClick={enrol}>
          {P.biometricRegister}
        </Button>
        {count > 0 ? (
          <Button variant="danger" large disabled={busy} onClick={remove}>
            {P.biometricRemove}
          </Button>
        ) : null}
      </section>
      <section class="portal-section portal-card" aria-labelledby="push-title">
        <h2 id="push-title">{P.push}</h2>
        <p>{push === 'on' ? P.pushOn : push === 'denied' ? P.pushDenied : push === 'unsupported' ? P.pushUnsupported : P.pushOff}</p>
        {push === 'on' || push === 'off' ? (
          <Button large disabled={busy} onClick={togglePush}>
            {push === 'on' ? P.pushTurnOff : P.pushTurnOn}
          </Button>
        ) : null}
      </section>
    </Screen>
  );
}
