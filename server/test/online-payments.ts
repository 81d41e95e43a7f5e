/**
 * Online 결제 requests (POST /api/payments) for the host tests, as the app sends them.
 * Test support only.
 */
import { randomUUID } from 'node:crypto';
import type { NormalPaymentRequest } from '../../src/domain/wire';

/** A card payment on the voucher screen `lookupId` names, sent at `now`: an amount program's unless overridden. */
export function paymentRequest(
  lookupId: string,
  amountKrw: number,
  now: number,
  overrides: Partial<NormalPaymentRequest> = {},
): NormalPaymentRequest {
  return {
    paymentId: randomUUID(),
    lookupId,
    method: 'card',
    mode: 'normal',
    openServiceId: null,
    serviceEndAt: now,
    minutesByType: {},
    amountKrw,
    deviceAt: now,
    ...overrides,
  };
}
