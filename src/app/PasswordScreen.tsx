import { useState } from 'preact/hooks';
import { changePassword } from '../api/client';
import { checkPasswordRules, PASSWORD_MAX_LENGTH } from '../domain/password-rules';
import { ErrorNotice, type ShownError } from '../ui/ErrorNotice';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';

/**
 * 환경설정 → 패스워드 변경: the current password and the new one twice. The rules are the host's
 * (src/domain/password-rules.ts, checked again there: 1021, and 1022 for the current one again);
 * the screen ticks them off as the worker types. On success the host has ended the worker's other
 * sessions; this one goes on, and the next login takes the new password.
 */
export function PasswordScreen() {
  const app = useApp();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  // The phone is only known masked on the device: that one rule is the host's alone.
  const rules = checkPasswordRules(next, '');
  const rulesMet = rules.length && rules.letter && rules.digit && rules.special;
  const mismatch = again !== '' && again !== next;
  const ready = current !== '' && rulesMet && again === next && !busy;

  const submit = async () => {
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await changePassword({ currentPassword: current, newPassword: next });
      app.nav.home(T.passwordChanged(answer.otherSessionsRevoked));
    } catch (cause) {
      setBusy(false);
      setCurrent('');
      setError(app.showError(cause));
    }
  };

  const rule = (met: boolean, label: string) => (
    <li class={met ? 'met' : 'unmet'}>
      <span aria-hidden="true">{met ? '✓' : '·'}</span> {label} <span class="visually-hidden">({met ? T.ruleMet : T.ruleUnmet})</span>
    </li>
  );

  return (
    <Screen title={T.passwordTitle} kicker={T.settingsTitle} onBack={app.nav.back} onConfirm={submit} confirmDisabled={!ready} busy={busy}>
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <input type="text" autocomplete="username" value={app.session?.worker.phoneMasked ?? ''} hidden readOnly />
        <div class="field">
          <label class="field-label" for="password-current">
            {T.passwordCurrent}
          </label>
          <input
            id="password-current"
            class="input"
            type="password"
            autocomplete="current-password"
            value={current}
            maxLength={128}
            onInput={(e) => setCurrent(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label class="field-label" for="password-new">
            {T.passwordNew}
          </label>
          <input
            id="password-new"
            class="input"
            type="password"
            autocomplete="new-password"
            value={next}
            maxLength={PASSWORD_MAX_LENGTH}
            aria-describedby="password-rules"
            onInput={(e) => setNext(e.currentTarget.value)}
          />
          <ul id="password-rules" class="rules" aria-label={T.passwordRules}>
            {rule(rules.length, T.passwordRuleLength)}
            {rule(rules.letter, T.passwordRuleLetter)}
            {rule(rules.digit, T.passwordRuleDigit)}
            {rule(rules.special, T.passwordRuleSpecial)}
            <li class="unmet">
              <span aria-hidden="true">·</span> {T.passwordRuleNotPhone}
            </li>
          </ul>
        </div>
        <div class="field">
          <label class="field-label" for="password-again">
            {T.passwordConfirm}
          </label>
          <input
            id="password-again"
            class="input"
            type="password"
            autocomplete="new-password"
            value={again}
            maxLength={PASSWORD_MAX_LENGTH}
            aria-invalid={mismatch}
            aria-describedby={mismatch ? 'password-mismatch' : undefined}
            onInput={(e) => setAgain(e.currentTarget.value)}
          />
          {mismatch ? (
            <p id="password-mismatch" class="field-hint field-hint-error">
              {T.passwordMismatch}
            </p>
          ) : null}
        </div>
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </form>
      {busy ? (
        <p class="status-line" role="status">
          {T.passwordBusy}
        </p>
      ) : null}
      <ErrorNotice error={error} />
    </Screen>
  );
}
