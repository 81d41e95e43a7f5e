import { useState } from 'preact/hooks';
import { login, signup } from '../api/portal';
import { CARD_NUMBER_PATTERN, normalizeCardNumber, normalizePhone, PHONE_PATTERN } from '../domain/people';
import { Button } from '../ui/Button';
import { ErrorNotice, type ShownError } from '../ui/ErrorNotice';
import { Screen } from '../ui/Screen';
import { P } from './messages';
import { usePortal } from './portal-context';

/** 아이디저장 keeps only the phone number on this device, never the password. */
const SAVED_ID_KEY = 'evoucher-portal-id';

function savedId(): string {
  try {
    return localStorage.getItem(SAVED_ID_KEY) ?? '';
  } catch {
    return '';
  }
}

function PhoneField({ value, onInput, id }: { value: string; onInput: (v: string) => void; id: string }) {
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {P.phone}
      </label>
      <input
        id={id}
        class="input"
        type="text"
        inputMode="numeric"
        autocomplete="username"
        maxLength={13}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </div>
  );
}

function PasswordField({ value, onInput, id, isNew }: { value: string; onInput: (v: string) => void; id: string; isNew?: boolean }) {
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {P.password}
      </label>
      <input
        id={id}
        class="input"
        type="password"
        autocomplete={isNew ? 'new-password' : 'current-password'}
        maxLength={128}
        value={value}
        aria-describedby={isNew ? `${id}-rule` : undefined}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {isNew ? (
        <p id={`${id}-rule`} class="field-hint">
          {P.passwordRule}
        </p>
      ) : null}
    </div>
  );
}

/** 로그인: 아이디 (smartphone number), 비밀번호, 아이디저장, 자동로그인. */
export function LoginScreen() {
  const portal = usePortal();
  const [phone, setPhone] = useState(savedId);
  const [password, setPassword] = useState('');
  const [saveId, setSaveId] = useState(() => savedId() !== '');
  const [autoLogin, setAutoLogin] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const id = normalizePhone(phone);
    if (!PHONE_PATTERN.test(id)) {
      setError({ code: '', message: P.phoneInvalid });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const session = await login({ phone: id, password, autoLogin });
      try {
        if (saveId) localStorage.setItem(SAVED_ID_KEY, id);
        else localStorage.removeItem(SAVED_ID_KEY);
      } catch {
        // Storage refused (private mode): the id is simply not remembered.
      }
      portal.setSession(session);
      portal.go({ name: 'home' });
    } catch (cause) {
      setPassword('');
      setError(portal.showError(cause));
      setBusy(false);
    }
  };

  return (
    <Screen title={P.loginTitle} kicker={`${P.appTitle} ${P.portalName}`}>
      <form class="form" onSubmit={submit} noValidate>
        <PhoneField id="portal-phone" value={phone} onInput={setPhone} />
        <PasswordField id="portal-password" value={password} onInput={setPassword} />
        <label class="check">
          <input type="checkbox" checked={saveId} onChange={(e) => setSaveId(e.currentTarget.checked)} />
          <span>{P.saveId}</span>
        </label>
        <label class="check">
          <input type="checkbox" checked={autoLogin} onChange={(e) => setAutoLogin(e.currentTarget.checked)} />
          <span>{P.autoLogin}</span>
        </label>
        <ErrorNotice error={error} />
        <Button type="submit" variant="primary" large disabled={busy || phone === '' || password === ''}>
          {busy ? P.busy : P.loginButton}
        </Button>
      </form>
      <div class="links">
        <Button variant="plain" onClick={() => portal.go({ name: 'signup' })}>
          {P.toSignup}
        </Button>
        <Button variant="plain" onClick={() => portal.go({ name: 'offline' })}>
          {P.offlineQr}
        </Button>
      </div>
    </Screen>
  );
}

/** 회원가입: phone number + card number + password. */
export function SignupScreen() {
  const portal = usePortal();
  const [phone, setPhone] = useState('');
  const [cardNumber, setCardNumber] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const id = normalizePhone(phone);
    const card = normalizeCardNumber(cardNumber);
    if (!PHONE_PATTERN.test(id)) return setError({ code: '', message: P.phoneInvalid });
    if (!CARD_NUMBER_PATTERN.test(card)) return setError({ code: '', message: P.cardInvalid });
    setBusy(true);
    setError(null);
    try {
      portal.setSession(await signup({ phone: id, cardNumber: card, password }));
      portal.go({ name: 'home' });
    } catch (cause) {
      setError(portal.showError(cause));
      setBusy(false);
    }
  };

  return (
    <Screen title={P.signupTitle} kicker={`${P.appTitle} ${P.portalName}`} onBack={() => portal.go({ name: 'login' })}>
      <p>{P.signupHint}</p>
      <form class="form" onSubmit={submit} noValidate>
        <PhoneField id="signup-phone" value={phone} onInput={setPhone} />
        <div class="field">
          <label class="field-label" for="signup-card">
            {P.cardNumber}
          </label>
          <input
            id="signup-card"
            class="input"
            type="text"
            inputMode="numeric"
            autocomplete="off"
            maxLength={19}
            value={cardNumber}
            onInput={(e) => setCardNumber(e.currentTarget.value)}
          />
        </div>
        <PasswordField id="signup-password" value={password} onInput={setPassword} isNew />
        <ErrorNotice error={error} />
        <Button type="submit" variant="primary" large disabled={busy || phone === '' || cardNumber === '' || password === ''}>
          {busy ? P.busy : P.signupButton}
        </Button>
      </form>
    </Screen>
  );
}
