/**
 * 승인번호: 12 digits, the first never 0, the last a Luhn check digit over the first 11, so a
 * mistyped number in 직접거래 취소 is caught on the device before it reaches the host.
 * Uniqueness is the host's job (a unique column and a retry), not this module's.
 */
export const APPROVAL_NUMBER_PATTERN = /^[1-9]\d{11}$/;

export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * 연습모드: practice approval numbers begin with this, and the host never issues one that does, so
 * a practice receipt can never be taken for — or collide with — a real one.
 */
export const PRACTICE_APPROVAL_PREFIX = '99999';

export function isPracticeApprovalNumber(value: string): boolean {
  return value.startsWith(PRACTICE_APPROVAL_PREFIX);
}

/** Builds an approval number from 11 random digits (`randomDigits`, e.g. from crypto); never a practice one. */
export function makeApprovalNumber(randomDigits: string): string {
  if (!/^\d{11}$/.test(randomDigits)) throw new RangeError('approval number needs 11 digits');
  let body = (randomDigits[0] === '0' ? '5' : randomDigits[0]) + randomDigits.slice(1);
  if (body.startsWith(PRACTICE_APPROVAL_PREFIX)) body = `8${body.slice(1)}`;
  return body + String(luhnCheckDigit(body));
}

/** A practice approval number from 6 random digits: the prefix, the digits, the check digit. */
export function makePracticeApprovalNumber(randomDigits: string): string {
  if (!/^\d{6}$/.test(randomDigits)) throw new RangeError('practice approval number needs 6 digits');
  const body = PRACTICE_APPROVAL_PREFIX + randomDigits;
  return body + String(luhnCheckDigit(body));
}

export function isApprovalNumber(value: string): boolean {
  return APPROVAL_NUMBER_PATTERN.test(value) && luhnCheckDigit(value.slice(0, 11)) === Number(value[11]);
}
