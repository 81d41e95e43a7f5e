/** 이용자 성명 마스킹: 이** — the voucher screen shows only the family name (SPEC §8, least data). */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1));
}

/** 아이디 = smartphone number: 010 and 7–8 more digits, without dashes. */
export const PHONE_PATTERN = /^01[016789]\d{7,8}$/;

export function normalizePhone(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/** 카드번호 as typed on a device without NFC: 16 digits. */
export const CARD_NUMBER_PATTERN = /^\d{16}$/;

export function normalizeCardNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/** Card numbers and tokens never appear whole in logs or on screens. */
export function maskCardNumber(cardNumber: string): string {
  return cardNumber.length <= 4 ? '****' : `${'*'.repeat(cardNumber.length - 4)}${cardNumber.slice(-4)}`;
}
