import { describe, expect, it } from 'vitest';
import { checkPasswordRules, validateNewPassword } from './password-rules';

const PHONE = '01012345678';

describe('password rules', () => {
  it('accepts 8–64 characters with a letter, a digit and a special character', () => {
    expect(validateNewPassword('evoucher1!', PHONE)).toEqual({ ok: true, value: undefined });
    expect(validateNewPassword(`a1!${'x'.repeat(61)}`, PHONE).ok).toBe(true);
  });

  it.each([
    ['seven characters', 'abc12!x', 'length'],
    ['65 characters', `a1!${'x'.repeat(62)}`, 'length'],
    ['no letter', '1234567!', 'letter'],
    ['no digit', 'abcdefg!', 'digit'],
    ['no special character', 'abcdefg1', 'special'],
    ['the phone number', 'x12345678!', 'notPhone'],
    ['the phone number with dashes', 'ab1234-5678!', 'notPhone'],
  ])('refuses %s with 1021, naming the rule', (_why, password, rule) => {
    expect(validateNewPassword(password, PHONE)).toEqual({ ok: false, code: '1021', detail: `rule ${rule}` });
  });

  it('counts characters, not UTF-16 units, and skips the phone rule when the phone is unknown (the device)', () => {
    expect(checkPasswordRules('가나다라마1!a', '').length).toBe(true);
    expect(checkPasswordRules('x12345678!', '').notPhone).toBe(true);
  });
});
