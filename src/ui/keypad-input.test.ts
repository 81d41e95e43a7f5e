import { describe, expect, it } from 'vitest';
import { AMOUNT_RULES, CARD_NUMBER_RULES, keypadAmount, pressKey, sanitizeTyped, type KeypadKey } from './keypad-input';

const press = (keys: string, rules = AMOUNT_RULES) =>
  [...keys].reduce((value, k) => pressKey(value, (k === '<' ? 'erase' : k) as KeypadKey, rules), '');

describe('amount keypad', () => {
  it('ignores a leading 0 but keeps zeros after the first digit', () => {
    expect(press('0')).toBe('');
    expect(press('00150')).toBe('150');
    expect(press('15000')).toBe('15000');
  });

  it('stops at the maximum length', () => {
    expect(press('123456789')).toBe('1234567');
  });

  it('지우기 removes the last digit and does nothing on an empty value', () => {
    expect(press('150<')).toBe('15');
    expect(press('<<')).toBe('');
    expect(press('1<0')).toBe('');
  });

  it('reads an empty value as 0 won', () => {
    expect(keypadAmount('')).toBe(0);
    expect(keypadAmount('15000')).toBe(15_000);
  });

  it('keeps only digits from typed or pasted text, without leading zeros', () => {
    expect(sanitizeTyped('15,000원', AMOUNT_RULES)).toBe('15000');
    expect(sanitizeTyped('-0050', AMOUNT_RULES)).toBe('50');
    expect(sanitizeTyped('99999999999', AMOUNT_RULES)).toBe('9999999');
  });
});

describe('card number keypad', () => {
  it('keeps leading zeros and stops at 16 digits', () => {
    expect(press('0012', CARD_NUMBER_RULES)).toBe('0012');
    expect(press('94100000000000012345', CARD_NUMBER_RULES)).toBe('9410000000000001');
  });

  it('accepts a pasted number with spaces or dashes', () => {
    expect(sanitizeTyped('9410-0000 0000-0001', CARD_NUMBER_RULES)).toBe('9410000000000001');
  });
});
