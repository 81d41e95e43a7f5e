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

/** Builds an approval number from 11 random digits (`randomDigits`, e.g. from crypto). */
export function makeApprovalNumber(randomDigits: string): string {
  if (!/^\d{11}$/.test(randomDigits)) throw new RangeError('approval number needs 11 digits');
  const body = (randomDigits[0] === '0' ? '5' : randomDigits[0]) + randomDigits.slice(1);
  return body + String(luhnCheckDigit(body));
}

export function isApprovalNumber(value: string): boolean {
  return APPROVAL_NUMBER_PATTERN.test(value) && luhnCheckDigit(value.slice(0, 11)) === Number(value[11]);
}
