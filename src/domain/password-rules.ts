/**
 * 패스워드 규칙: what a new password must be, checked on the device as the worker types (so the
 * hint is instant) and again by the host, which alone decides (1021). "Not the current one" needs
 * the stored hash, so only the host checks it (1022).
 */
import { fail, ok, type Result } from './result';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 64;

/** Each rule on its own, so the screen can tick off what is already met. */
export interface PasswordRuleCheck {
  readonly length: boolean;
  readonly letter: boolean;
  readonly digit: boolean;
  readonly special: boolean;
  /** The worker's smartphone number (the 아이디) is not inside it, with or without dashes. */
  readonly notPhone: boolean;
}

export function checkPasswordRules(password: string, phone: string): PasswordRuleCheck {
  const length = Array.from(password).length;
  const digitsOnly = password.replace(/\D/g, '');
  const phoneTail = phone.replace(/\D/g, '').slice(-8);
  return {
    length: length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH,
    letter: /[A-Za-z]/.test(password),
    digit: /\d/.test(password),
    special: /[^A-Za-z0-9\s]/.test(password),
    notPhone: phoneTail.length < 8 || !digitsOnly.includes(phoneTail),
  };
}

/** The new password against the rules: ok, or 1021 naming the first rule it breaks (for the log). */
export function validateNewPassword(password: string, phone: string): Result<void> {
  const check = checkPasswordRules(password, phone);
  const broken = (Object.keys(check) as (keyof PasswordRuleCheck)[]).find((rule) => !check[rule]);
  return broken === undefined ? ok(undefined) : fail('1021', `rule ${broken}`);
}
