import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { makeApprovalNumber } from './approval';
import { findProgram } from './catalog';
import { MAX_PAYMENT_KRW } from './cost';
import { validateSplit } from './split';
import {
  API,
  CardLookupRequestSchema,
  CardReadSchema,
  LoginRequestSchema,
  MinutesByTypeSchema,
  PaymentRequestSchema,
  ProgramIdSchema,
  ReceiptSchema,
  RegisterTerminalRequestSchema,
  TerminalSchema,
  VoucherScreenSchema,
} from './wire';

const PAYMENT_ID = '3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b';
const DEVICE_ID = '0d6b9f2e-5c41-4a8e-9f3b-7e2d1c0a4b58';

const goodPayment = {
  paymentId: PAYMENT_ID,
  lookupId: 'lk_01',
  method: 'card',
  mode: 'normal',
  openServiceId: 'os_01',
  serviceEndAt: 1_780_000_000_000,
  minutesByType: { social: 60, physical: 60 },
  amountKrw: 34_540,
  deviceAt: 1_780_000_000_500,
};

const goodReceipt = {
  paymentId: PAYMENT_ID,
  approvalNumber: makeApprovalNumber('12345678901'),
  programId: 'activity-support',
  institutionName: '행복돌봄센터',
  recipientMasked: '이**',
  serviceCode: '010101',
  serviceDate: '2026-05-05',
  serviceStartAt: 1_780_000_000_000 - 7_200_000,
  serviceEndAt: 1_780_000_000_000,
  minutesByType: { social: 120 },
  amountKrw: 34_540,
  balanceKrw: 1_000_000,
  cardRead: 'nfc',
  recordedAt: 1_780_000_001_000,
};

const accepts = (schema: v.GenericSchema, input: unknown) => v.safeParse(schema, input).success;

describe('PaymentRequestSchema', () => {
  it('accepts a good request and returns it unchanged', () => {
    const result = v.safeParse(PaymentRequestSchema, goodPayment);
    expect(result.success).toBe(true);
    if (result.success) expect(result.output).toEqual(goodPayment);
  });

  it('accepts an amount-program request with no open service and an empty split', () => {
    expect(accepts(PaymentRequestSchema, { ...goodPayment, openServiceId: null, minutesByType: {}, amountKrw: 55_000 })).toBe(true);
  });

  it('accepts minutes of exactly 0 and 1440', () => {
    expect(accepts(PaymentRequestSchema, { ...goodPayment, minutesByType: { social: 0, physical: 1440 } })).toBe(true);
  });

  it.each([
    ['a non-uuid paymentId', { paymentId: 'not-a-uuid' }],
    ['a uuid without dashes', { paymentId: PAYMENT_ID.replaceAll('-', '') }],
    ['an empty paymentId', { paymentId: '' }],
    ['a negative amount', { amountKrw: -1 }],
    ['a fractional amount', { amountKrw: 100.5 }],
    ['a string amount', { amountKrw: '34540' }],
    ['a NaN amount', { amountKrw: Number.NaN }],
    ['an amount above ten times the maximum', { amountKrw: MAX_PAYMENT_KRW * 10 + 1 }],
    ['minutes above 1440', { minutesByType: { social: 1441 } }],
    ['negative minutes', { minutesByType: { social: -1 } }],
    ['fractional minutes', { minutesByType: { social: 0.5 } }],
    ['string minutes', { minutesByType: { social: '60' } }],
    ['a type id longer than 32 characters', { minutesByType: { ['x'.repeat(33)]: 60 } }],
    ['a method other than card, QR or biometric', { method: 'cash' }],
    ['a 소급결제 without its start and reason', { mode: 'retroactive' }],
    ['an empty lookupId', { lookupId: '' }],
    ['a lookupId longer than 64 characters', { lookupId: 'x'.repeat(65) }],
    ['a negative deviceAt', { deviceAt: -1 }],
    ['a fractional serviceEndAt', { serviceEndAt: 1.5 }],
    ['an undefined openServiceId', { openServiceId: undefined }],
  ])('rejects %s', (_label, patch) => {
    expect(accepts(PaymentRequestSchema, { ...goodPayment, ...patch })).toBe(false);
  });

  it.each(Object.keys(goodPayment))('rejects a request without %s', (field) => {
    const { [field]: _dropped, ...rest } = goodPayment as Record<string, unknown>;
    expect(accepts(PaymentRequestSchema, rest)).toBe(false);
  });

  it.each([null, undefined, 'payment', 42, []])('rejects the non-object %j', (input) => {
    expect(accepts(PaymentRequestSchema, input)).toBe(false);
  });

  it('accepts the largest amount it allows', () => {
    expect(accepts(PaymentRequestSchema, { ...goodPayment, amountKrw: MAX_PAYMENT_KRW * 10 })).toBe(true);
  });

  it('drops unknown keys from the output', () => {
    const result = v.safeParse(PaymentRequestSchema, { ...goodPayment, extra: 'x' });
    expect(result.success).toBe(true);
    if (result.success) expect(result.output).not.toHaveProperty('extra');
  });
});

describe('MinutesByTypeSchema', () => {
  it('accepts an empty record', () => {
    expect(accepts(MinutesByTypeSchema, {})).toBe(true);
  });

  it('rejects a non-object and a null', () => {
    expect(accepts(MinutesByTypeSchema, 60)).toBe(false);
    expect(accepts(MinutesByTypeSchema, null)).toBe(false);
  });

  it('passes an array on as index keys, which the split rule then refuses with 2112', () => {
    // valibot's record takes any object, arrays included; the domain rule is the second guard.
    const result = v.safeParse(MinutesByTypeSchema, [60]);
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.output).toEqual({ 0: 60 });
    expect(validateSplit(findProgram('activity-support')!, 60, result.output)).toEqual({ ok: false, code: '2112', detail: '0' });
  });
});

describe('CardReadSchema', () => {
  it('accepts an NFC token of 8 to 128 characters', () => {
    expect(accepts(CardReadSchema, { kind: 'nfc', token: 'abcdefgh' })).toBe(true);
    expect(accepts(CardReadSchema, { kind: 'nfc', token: 'x'.repeat(128) })).toBe(true);
  });

  it('accepts a typed 16-digit card number', () => {
    expect(accepts(CardReadSchema, { kind: 'typed', number: '1234567812345678' })).toBe(true);
  });

  it.each([
    ['a short token', { kind: 'nfc', token: 'abcdefg' }],
    ['an empty token', { kind: 'nfc', token: '' }],
    ['a token longer than 128', { kind: 'nfc', token: 'x'.repeat(129) }],
    ['a 15-digit typed number', { kind: 'typed', number: '123456781234567' }],
    ['a 17-digit typed number', { kind: 'typed', number: '12345678123456789' }],
    ['a dashed typed number', { kind: 'typed', number: '1234-5678-1234-5678' }],
    ['a typed read carrying a token', { kind: 'typed', token: 'abcdefgh' }],
    ['an NFC read carrying a number', { kind: 'nfc', number: '1234567812345678' }],
    ['an unknown kind', { kind: 'qr', token: 'abcdefgh' }],
    ['no kind', { token: 'abcdefgh' }],
  ])('rejects %s', (_label, input) => {
    expect(accepts(CardReadSchema, input)).toBe(false);
  });

  it('accepts a lookup request wrapping a card read', () => {
    expect(accepts(CardLookupRequestSchema, { programId: 'activity-support', card: { kind: 'nfc', token: 'abcdefgh' } })).toBe(true);
    expect(accepts(CardLookupRequestSchema, { programId: 'activity-support', card: { kind: 'nfc', token: 'short' } })).toBe(false);
  });
});

describe('LoginRequestSchema', () => {
  const good = { phone: '01012345678', password: 'pw', autoLogin: true, deviceId: DEVICE_ID };

  it('accepts a good login', () => {
    expect(accepts(LoginRequestSchema, good)).toBe(true);
  });

  it.each(['010-1234-5678', '0212345678', '01212345678', '010123456', '', '+821012345678'])('rejects the phone %j', (phone) => {
    expect(accepts(LoginRequestSchema, { ...good, phone })).toBe(false);
  });

  it('rejects an empty password and one longer than 128 characters', () => {
    expect(accepts(LoginRequestSchema, { ...good, password: '' })).toBe(false);
    expect(accepts(LoginRequestSchema, { ...good, password: 'p'.repeat(129) })).toBe(false);
    expect(accepts(LoginRequestSchema, { ...good, password: 'p'.repeat(128) })).toBe(true);
  });

  it('rejects a non-boolean autoLogin and a non-uuid deviceId', () => {
    expect(accepts(LoginRequestSchema, { ...good, autoLogin: 'true' })).toBe(false);
    expect(accepts(LoginRequestSchema, { ...good, deviceId: 'device-1' })).toBe(false);
  });
});

describe('ReceiptSchema', () => {
  it('accepts a good receipt', () => {
    expect(accepts(ReceiptSchema, goodReceipt)).toBe(true);
  });

  it.each([
    ['11 digits', '12345678901'],
    ['13 digits', '1234567890158'],
    ['a leading 0', '012345678901'],
    ['letters', '12345678901a'],
  ])('rejects an approval number of %s', (_label, approvalNumber) => {
    expect(accepts(ReceiptSchema, { ...goodReceipt, approvalNumber })).toBe(false);
  });

  it('rejects an unknown program and an unknown card read kind', () => {
    expect(accepts(ReceiptSchema, { ...goodReceipt, programId: 'unknown' })).toBe(false);
    expect(accepts(ReceiptSchema, { ...goodReceipt, cardRead: 'qr' })).toBe(false);
  });

  it('rejects a negative balance', () => {
    expect(accepts(ReceiptSchema, { ...goodReceipt, balanceKrw: -1 })).toBe(false);
  });
});

describe('other schemas', () => {
  it('accepts every catalog program id and nothing else', () => {
    expect(accepts(ProgramIdSchema, 'visiting-bath')).toBe(true);
    expect(accepts(ProgramIdSchema, '__proto__')).toBe(false);
    expect(accepts(ProgramIdSchema, '')).toBe(false);
  });

  it('registers a terminal only with a uuid device id and a model name', () => {
    expect(accepts(RegisterTerminalRequestSchema, { deviceId: DEVICE_ID, model: 'Galaxy Tab' })).toBe(true);
    expect(accepts(RegisterTerminalRequestSchema, { deviceId: DEVICE_ID, model: '' })).toBe(false);
    expect(accepts(RegisterTerminalRequestSchema, { deviceId: 'abc', model: 'Galaxy Tab' })).toBe(false);
  });

  it('takes a ten-digit terminal number and a known status', () => {
    const terminal = { terminalNumber: '1234567890', model: 'm', status: 'active', registeredAt: 1_780_000_000_000 };
    expect(accepts(TerminalSchema, terminal)).toBe(true);
    expect(accepts(TerminalSchema, { ...terminal, terminalNumber: '123456789' })).toBe(false);
    expect(accepts(TerminalSchema, { ...terminal, status: 'lost' })).toBe(false);
  });

  it('rejects a voucher screen with an unknown program', () => {
    const screen = {
      lookupId: 'lk',
      programId: 'activity-support',
      institutionName: '기관',
      recipientMasked: '이**',
      serviceCode: '010101',
      balanceKrw: 0,
      voucherMonth: '2026-05',
      expiresAt: 1_780_000_300_000,
      hostNow: 1_780_000_000_000,
      openService: null,
    };
    expect(accepts(VoucherScreenSchema, screen)).toBe(true);
    expect(accepts(VoucherScreenSchema, { ...screen, programId: 'x' })).toBe(false);
  });

  it('keeps every API path under /api/ and unique', () => {
    const paths = Object.values(API);
    for (const p of paths) expect(p.startsWith('/api/')).toBe(true);
    expect(new Set(paths).size).toBe(paths.length);
  });
});
