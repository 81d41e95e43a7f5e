import { hash } from 'node:crypto';
import type { MinutesByType } from '../../../src/domain/split';

/**
 * What a payment means, whichever path it came by: who billed which voucher, for what service
 * times, split and amount. An online payment and an offline capture of the same service (the
 * device keeps an online payment whose answer was lost under the same id) share it; another card,
 * another worker, another amount or other times do not. A command id seen again on another path
 * is the same payment only when the fingerprints agree (2107 otherwise). Kept in step with the
 * formula in migrations/2026_12_01_0003_one_posting_path.ts.
 */
export interface PaymentMeaning {
  readonly workerId: string;
  readonly voucherId: string;
  readonly programId: string;
  readonly serviceStartAt: number;
  readonly serviceEndAt: number;
  readonly minutesByType: MinutesByType;
  readonly amountKrw: number;
}

export function paymentFingerprint(payment: PaymentMeaning): string {
  const minutes = Object.fromEntries(
    Object.entries(payment.minutesByType)
      .filter(([, m]) => m > 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return hash(
    'sha256',
    JSON.stringify([
      'payment',
      payment.workerId,
      payment.voucherId,
      payment.programId,
      payment.serviceStartAt,
      payment.serviceEndAt,
      minutes,
      payment.amountKrw,
    ]),
    'hex',
  );
}
