import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CARD_NUMBER_PATTERN, PHONE_PATTERN, maskCardNumber, maskName, normalizeCardNumber, normalizePhone } from './people';

describe('maskName', () => {
  it.each([
    ['이영희', '이**'],
    ['김', '김*'],
    ['남궁민수', '남***'],
    ['홍길', '홍*'],
    ['', ''],
  ])('masks %j as %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('trims surrounding whitespace before masking', () => {
    expect(maskName('  이영희  ')).toBe('이**');
    expect(maskName('\t김\n')).toBe('김*');
  });

  it('masks a whitespace-only name as empty', () => {
    expect(maskName('   ')).toBe('');
    expect(maskName('\u3000')).toBe('');
  });

  it('counts a surrogate pair as one character', () => {
    expect(maskName('𠮷野家')).toBe('𠮷**');
    expect(maskName('이𠮷')).toBe('이*');
    expect(maskName('𠮷')).toBe('𠮷*');
  });

  it('masks inner spaces of a Latin name like any other character', () => {
    expect(maskName('Kim Lee')).toBe('K******');
  });

  it('never shows more than the first character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }), (name) => {
        const chars = Array.from(name.trim());
        fc.pre(chars.length > 0);
        const masked = maskName(name);
        expect(masked).toBe(chars[0] + '*'.repeat(Math.max(chars.length - 1, 1)));
      }),
    );
  });
});

describe('PHONE_PATTERN', () => {
  it.each(['01012345678', '0101234567', '01112345678', '0111234567', '0161234567', '0171234567', '0181234567', '0191234567'])(
    'accepts %s',
    (phone) => {
      expect(PHONE_PATTERN.test(phone)).toBe(true);
    },
  );

  it.each([
    ['a Seoul landline', '0212345678'],
    ['a 012 prefix', '01212345678'],
    ['a 013 prefix', '01312345678'],
    ['too few digits', '010123456'],
    ['too many digits', '010123456789'],
    ['dashes', '010-1234-5678'],
    ['spaces', '010 1234 5678'],
    ['letters', '010abcd5678'],
    ['an international prefix', '+821012345678'],
    ['no leading 0', '1012345678'],
    ['empty', ''],
    ['a trailing newline', '01012345678\n'],
  ])('rejects %s', (_label, phone) => {
    expect(PHONE_PATTERN.test(phone)).toBe(false);
  });
});

describe('normalizePhone', () => {
  it('removes dashes and whitespace', () => {
    expect(normalizePhone('010-1234-5678')).toBe('01012345678');
    expect(normalizePhone(' 010 1234\t5678 ')).toBe('01012345678');
  });

  it('turns a dashed number into one the pattern accepts', () => {
    expect(PHONE_PATTERN.test('010-1234-5678')).toBe(false);
    expect(PHONE_PATTERN.test(normalizePhone('010-1234-5678'))).toBe(true);
  });

  it('leaves other characters for the pattern to refuse', () => {
    expect(normalizePhone('010.1234.5678')).toBe('010.1234.5678');
    expect(PHONE_PATTERN.test(normalizePhone('010.1234.5678'))).toBe(false);
    expect(normalizePhone('+82-10-1234-5678')).toBe('+821012345678');
  });

  it('leaves a clean number as it is', () => {
    expect(normalizePhone('01012345678')).toBe('01012345678');
    expect(normalizePhone('')).toBe('');
  });
});

describe('card numbers', () => {
  it('accepts exactly 16 digits', () => {
    expect(CARD_NUMBER_PATTERN.test('1234567812345678')).toBe(true);
  });

  it.each([
    ['15 digits', '123456781234567'],
    ['17 digits', '12345678123456789'],
    ['dashes', '1234-5678-1234-5678'],
    ['a letter', '123456781234567a'],
    ['empty', ''],
  ])('rejects %s', (_label, number) => {
    expect(CARD_NUMBER_PATTERN.test(number)).toBe(false);
  });

  it('normalizes a dashed or spaced card number to 16 digits', () => {
    expect(normalizeCardNumber('1234-5678 1234-5678')).toBe('1234567812345678');
    expect(CARD_NUMBER_PATTERN.test(normalizeCardNumber(' 1234 5678 1234 5678 '))).toBe(true);
  });

  it('masks all but the last four digits', () => {
    expect(maskCardNumber('1234567812345678')).toBe('************5678');
  });

  it('masks a long token all but its last four characters', () => {
    expect(maskCardNumber('tok_abcdefgh')).toBe('********efgh');
    expect(maskCardNumber('12345')).toBe('*2345');
  });

  it.each(['', '1', '123', '1234'])('masks the short value %j completely as ****', (value) => {
    expect(maskCardNumber(value)).toBe('****');
  });

  it('keeps the length and never reveals more than the last four characters', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 5, maxLength: 64 }), (value) => {
        const masked = maskCardNumber(value);
        expect(masked).toHaveLength(value.length);
        expect(masked.slice(0, -4)).toBe('*'.repeat(value.length - 4));
        expect(masked.slice(-4)).toBe(value.slice(-4));
      }),
    );
  });
});
