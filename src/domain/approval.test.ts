import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  APPROVAL_NUMBER_PATTERN,
  isApprovalNumber,
  isPracticeApprovalNumber,
  luhnCheckDigit,
  makeApprovalNumber,
  makePracticeApprovalNumber,
} from './approval';

/** An independent Luhn validator over a whole number (check digit included). */
function luhnValid(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((c, i) => {
    let d = Number(c);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  });
  return sum % 10 === 0;
}

const elevenDigits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 11, maxLength: 11 });

describe('luhnCheckDigit', () => {
  it.each([
    ['7992739871', 3],
    ['453914880343646', 7],
    ['12345678901', 5],
    ['51234567890', 2],
    ['10000000000', 8],
    ['99999999999', 1],
    ['1', 8],
    ['0', 0],
    ['', 0],
  ])('gives %j the check digit %i', (digits, check) => {
    expect(luhnCheckDigit(digits)).toBe(check);
  });

  it('always gives a digit that makes the number Luhn-valid', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 30 }), (digits) => {
        const check = luhnCheckDigit(digits);
        expect(Number.isInteger(check) && check >= 0 && check <= 9).toBe(true);
        expect(luhnValid(digits + String(check))).toBe(true);
      }),
    );
  });
});

describe('makeApprovalNumber', () => {
  it('appends the Luhn check digit to the 11 digits', () => {
    expect(makeApprovalNumber('12345678901')).toBe('123456789015');
    expect(makeApprovalNumber('99998999999')).toBe(`99998999999${luhnCheckDigit('99998999999')}`);
  });

  it('never issues a practice (연습모드) number: those begin with 99999', () => {
    expect(makeApprovalNumber('99999999999')).toBe(`89999999999${luhnCheckDigit('89999999999')}`);
    fc.assert(
      fc.property(fc.stringMatching(/^\d{11}$/), (digits) => {
        expect(isPracticeApprovalNumber(makeApprovalNumber(digits))).toBe(false);
      }),
    );
  });

  it('makes practice numbers that are valid approval numbers and marked as practice', () => {
    const practice = makePracticeApprovalNumber('123456');
    expect(practice).toMatch(/^99999123456\d$/);
    expect(isApprovalNumber(practice)).toBe(true);
    expect(isPracticeApprovalNumber(practice)).toBe(true);
  });

  it('replaces a leading 0 with 5 so the number never starts with 0', () => {
    expect(makeApprovalNumber('01234567890')).toBe('512345678902');
    expect(makeApprovalNumber('00000000000')).toBe(`50000000000${luhnCheckDigit('50000000000')}`);
  });

  it('gives 12 digits, a first digit other than 0 and a valid Luhn check for any 11 digits', () => {
    fc.assert(
      fc.property(elevenDigits, (digits) => {
        const n = makeApprovalNumber(digits);
        expect(n).toMatch(/^[1-9]\d{11}$/);
        expect(n.slice(1, 11)).toBe(digits.slice(1));
        expect(luhnValid(n)).toBe(true);
        expect(isApprovalNumber(n)).toBe(true);
      }),
    );
  });

  it('is deterministic: the same digits give the same number', () => {
    expect(makeApprovalNumber('31415926535')).toBe(makeApprovalNumber('31415926535'));
  });

  it.each([
    '',
    '1234567890',
    '123456789012',
    '1234567890a',
    '12345 67890',
    ' 12345678901',
    '12345678901 ',
    '１２３４５６７８９０１',
    '-1234567890',
    '1234567890.',
  ])('throws a RangeError for %j', (bad) => {
    expect(() => makeApprovalNumber(bad)).toThrow(RangeError);
  });
});

describe('isApprovalNumber', () => {
  it('accepts a made number', () => {
    expect(isApprovalNumber('123456789015')).toBe(true);
  });

  it('rejects a number whose check digit is wrong', () => {
    for (const d of '012346789') expect(isApprovalNumber(`12345678901${d}`), d).toBe(false);
  });

  it.each([
    ['11 digits', '12345678901'],
    ['13 digits', '1234567890158'],
    ['a leading 0', `0${'12345678901'.slice(1)}${luhnCheckDigit(`0${'12345678901'.slice(1)}`)}`],
    ['letters', '12345678901a'],
    ['a letter inside', '1234a6789015'],
    ['dashes', '1234-5678-9015'],
    ['spaces', ' 123456789015'],
    ['a trailing newline', '123456789015\n'],
    ['full-width digits', '１２３４５６７８９０１５'],
    ['empty', ''],
  ])('rejects %s', (_label, value) => {
    expect(isApprovalNumber(value)).toBe(false);
  });

  it('rejects a Luhn-valid number that starts with 0', () => {
    const body = '01234567890';
    const value = body + String(luhnCheckDigit(body));
    expect(luhnValid(value)).toBe(true);
    expect(isApprovalNumber(value)).toBe(false);
  });

  it('matches the pattern only for 12 digits without a leading 0', () => {
    expect(APPROVAL_NUMBER_PATTERN.test('100000000000')).toBe(true);
    expect(APPROVAL_NUMBER_PATTERN.test('000000000000')).toBe(false);
    expect(APPROVAL_NUMBER_PATTERN.test('10000000000')).toBe(false);
  });

  it('rejects every single-digit change of a valid number', () => {
    fc.assert(
      fc.property(elevenDigits, fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 9 }), (digits, pos, shift) => {
        const n = makeApprovalNumber(digits);
        const changed = String((Number(n[pos]) + shift) % 10);
        const mutated = n.slice(0, pos) + changed + n.slice(pos + 1);
        expect(mutated).not.toBe(n);
        expect(isApprovalNumber(mutated)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects every adjacent transposition of distinct digits other than 0↔9', () => {
    fc.assert(
      fc.property(elevenDigits, fc.integer({ min: 0, max: 10 }), (digits, pos) => {
        const n = makeApprovalNumber(digits);
        const a = n[pos]!;
        const b = n[pos + 1]!;
        fc.pre(a !== b && !(a + b === '09' || a + b === '90'));
        const swapped = n.slice(0, pos) + b + a + n.slice(pos + 2);
        expect(isApprovalNumber(swapped)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects every adjacent transposition for a number with all-distinct neighbours', () => {
    const n = makeApprovalNumber('12345678123');
    for (let pos = 0; pos < 11; pos++) {
      const a = n[pos]!;
      const b = n[pos + 1]!;
      if (a === b || a + b === '09' || a + b === '90') continue;
      expect(isApprovalNumber(n.slice(0, pos) + b + a + n.slice(pos + 2)), `swap at ${pos}`).toBe(false);
    }
  });

  it('does not catch a 09↔90 transposition (the known blind spot of Luhn)', () => {
    const n = makeApprovalNumber('10900000000');
    expect(n).toBe('109000000009');
    expect(isApprovalNumber('190000000009')).toBe(true);
  });
});
