/**
 * Offline captures on the demo cards, priced the way the device prices them, for the sync tests.
 * Test support only.
 */
import { randomUUID } from 'node:crypto';
import type { OfflinePayment } from '../../src/domain/offline';
import { recipient } from './test-context';

const MINUTE_MS = 60_000;

/** 발달재활-like programs: an entered amount, no split. */
export function amountCapture(recipientId: string, amountKrw: number, capturedAt: number, overrides: Partial<OfflinePayment> = {}): OfflinePayment {
  const r = recipient(recipientId);
  return {
    paymentId: randomUUID(),
    programId: r.programId,
    card: { kind: 'nfc', token: r.cardToken },
    method: 'card',
    mode: 'offline',
    reason: 'dead-zone',
    serviceStartAt: capturedAt - 50 * MINUTE_MS,
    serviceEndAt: capturedAt,
    minutesByType: {},
    amountKrw,
    capturedAt,
    ...overrides,
  };
}

/** 활동보조 (rcp-01): `minutes` of 사회활동지원 at 17,270원/h on a weekday, floored to the won. */
export function activityCapture(minutes: number, capturedAt: number, overrides: Partial<OfflinePayment> = {}): OfflinePayment {
  const r = recipient('rcp-01');
  return {
    paymentId: randomUUID(),
    programId: r.programId,
    card: { kind: 'typed', number: r.cardNumber },
    method: 'card',
    mode: 'offline',
    reason: 'dead-zone',
    serviceStartAt: capturedAt - minutes * MINUTE_MS,
    serviceEndAt: capturedAt,
    minutesByType: { social: minutes },
    amountKrw: Math.floor((minutes * 17_270) / 60),
    capturedAt,
    ...overrides,
  };
}
