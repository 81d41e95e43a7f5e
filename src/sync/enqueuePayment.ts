/**
 * Puts a payment captured with no signal into the outbox. Called by the payment screen on 확인;
 * the screen may say 전송 대기 only after this resolved with ok, because it resolves after the
 * IndexedDB transaction committed with strict durability. The caps of SPEC §5.11 are checked in
 * the same transaction as the write, so two tabs cannot together exceed them; a refusal changes
 * nothing. No lock: the syncer only ever picks items that are already committed.
 */
import * as v from 'valibot';
import {
  DEFAULT_OFFLINE_LIMITS,
  OfflinePaymentSchema,
  checkOfflineCapture,
  type OfflinePayment,
} from '../domain/offline';
import { fail, ok, type Result } from '../domain/result';
import { PENDING_STATES, recomputeProvisional, type DeviceDb, type OutboxItem } from '../db/db';
import { cardHash } from './findVoucherByCard';

export interface EnqueueOptions {
  now?: () => number;
  /** The voucher the screen showed; looked up from the card when omitted. */
  voucherId?: string | null;
}

export async function enqueuePayment(db: DeviceDb, input: unknown, options: EnqueueOptions = {}): Promise<Result<OutboxItem>> {
  const parsed = v.safeParse(OfflinePaymentSchema, input);
  if (!parsed.success) return fail('1001', v.summarize(parsed.issues));
  const payment = parsed.output;
  const now = (options.now ?? Date.now)();
  // Hashing is a non-IndexedDB promise: it must happen before the transaction, or the
  // transaction would commit while we wait for it.
  const hash = options.voucherId === undefined ? await cardHash(payment.card) : null;

  return db.transaction('rw', [db.outbox, db.receipts, db.vouchers, db.meta], async (): Promise<Result<OutboxItem>> => {
    const existing = await db.outbox.get(payment.paymentId);
    if (existing !== undefined) {
      // The id is the idempotency key: a second 확인 on the same capture is the same payment.
      return samePayment(existing.payment, payment) ? ok(existing) : fail('2107');
    }
    if ((await db.receipts.get(payment.paymentId)) !== undefined) return fail('2107', 'already approved');

    const pending = await db.outbox.where('syncState').anyOf(PENDING_STATES as string[]).toArray();
    const limitsRow = await db.meta.get('limits');
    const limits = limitsRow?.key === 'limits' ? limitsRow.value : DEFAULT_OFFLINE_LIMITS;
    const check = checkOfflineCapture(
      {
        count: pending.length,
        amountKrw: pending.reduce((sum, item) => sum + item.payment.amountKrw, 0),
        oldestCapturedAt: pending.length === 0 ? null : Math.min(...pending.map((item) => item.payment.capturedAt)),
      },
      payment.amountKrw,
      now,
      limits,
    );
    if (!check.ok) return check;

    const voucherId = options.voucherId !== undefined ? options.voucherId : await voucherIdForHash(db, payment.programId, hash);
    const item: OutboxItem = {
      paymentId: payment.paymentId,
      payment,
      voucherId,
      syncState: 'queued',
      attempts: 0,
      nextAttemptAt: now,
      enqueuedAt: now,
    };
    await db.outbox.add(item);
    await recomputeProvisional(db, [voucherId]);
    return ok(item);
  });
}

async function voucherIdForHash(db: DeviceDb, programId: string, hash: string | null): Promise<string | null> {
  if (hash === null) return null;
  const voucher = await db.vouchers
    .where('cardHashes')
    .equals(hash)
    .filter((row) => row.programId === programId)
    .first();
  return voucher?.voucherId ?? null;
}

function samePayment(a: OfflinePayment, b: OfflinePayment): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, inner]) => [key, canonical(inner)]),
    );
  }
  return value;
}
