/**
 * The value behind a terminal keypad (결제 금액, 카드번호): a string of digits, so the screen shows
 * exactly what was pressed. Amounts drop leading zeros (a "0" first press does nothing, like the
 * terminals); card numbers keep them. Pure, so the rules are tested without a DOM.
 */
export interface KeypadRules {
  readonly maxLength: number;
  /** Amounts: no leading zero. Card numbers: zeros are digits like any other. */
  readonly noLeadingZero: boolean;
}

export const AMOUNT_RULES: KeypadRules = { maxLength: 7, noLeadingZero: true };
export const CARD_NUMBER_RULES: KeypadRules = { maxLength: 16, noLeadingZero: false };
/** 승인번호 (직접거래 취소): 12 digits, zeros like any other. */
export const APPROVAL_NUMBER_RULES: KeypadRules = { maxLength: 12, noLeadingZero: false };
/** 제공인력 결제 ID: up to 10 digits, zeros like any other. */
export const WORKER_ID_RULES: KeypadRules = { maxLength: 10, noLeadingZero: false };

export type KeypadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | 'erase';

export function pressKey(value: string, key: KeypadKey, rules: KeypadRules): string {
  if (key === 'erase') return value.slice(0, -1);
  if (value.length >= rules.maxLength) return value;
  if (rules.noLeadingZero && value === '' && key === '0') return value;
  return value + key;
}

/** What typing or pasting into the field leaves: digits only, rules applied, never longer than allowed. */
export function sanitizeTyped(raw: string, rules: KeypadRules): string {
  let digits = raw.replace(/\D/g, '');
  if (rules.noLeadingZero) digits = digits.replace(/^0+/, '');
  return digits.slice(0, rules.maxLength);
}

/** The amount a keypad value stands for: '' is 0. */
export function keypadAmount(value: string): number {
  return value === '' ? 0 : Number(value);
}
