/**
 * Puts a command captured with no signal into the outbox. The payment screen calls
 * enqueuePayment on 확인 and may say 전송 대기 only after it resolved with ok: it resolves after the
 * IndexedDB transaction committed with strict durability. Everything the capture decides is in
 * that ONE transaction — the idempotency check, the offline caps of SPEC §5.11, the voucher's
 * provisional balance, the write, and the open service it closes — so two tabs cannot together
 * exceed a cap or pay one service twice, and a refusal changes nothing. No lock: the syncer only
 * ever picks items that are already committed.
 */
import * as v from 'valibot';
import { checkOfflineCapture, DEFAULT_OFFLINE_LIMITS, PaymentCommandSchema, type CancelCommand, type PaymentCommand } from '../domain/offline';
import { fail, ok, type Result } from '../domain/result';
import {
  captureOf,
  pendingTotals,
  recomputeProvisional,
  withProvisional,
  type DeviceDb,
  type OutboxCancel,
  type OutboxCommand,
  type OutboxPayment,
  type VoucherRow,
} from '../db/db';
import { cardHash } from './findVoucherByCard';

export interface EnqueueOptions {
  now?: () => number;
  /** The voucher the screen showed; looked up from the card when omitted. */
  voucherId?: string | null;
  /**
   * Refuse (2101) what the voucher's provisional balance cannot cover: the host would refuse it on
   * sync and the worker would learn it only then. The payment screen asks for it on a fresh
   * capture; not after a lost online attempt (the host may already hold that payment, and the
   * device's balance cannot tell). Default false.
   */
  checkBalance?: boolean;
  /** The open service this payment closes: marked paid in the same transaction, so it is never offered twice. */
  closes?: { readonly id: string; readonly startedAt: number; readonly source: 'host' | 'device' } | null;
  /**
   * 전송 대기로 저장 of an online payment whose answer was lost: its in-flight record (same id) is
   * removed in the same transaction, so the payment is in exactly one of the two places.
   */
  replacesInflight?: boolean;
}

function sameJson(a: unknown, b: unknown): boolean {
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

function newRow<C extends OutboxCommand>(command: C['command'], fields: { id: string; amountKrw: number; voucherId: string | null; now: number }): C {
  return {
    id: fields.id,
    command,
    kind: command.kind,
    workerId: command.workerId,
    capturedAt: command.capturedAt,
    amountKrw: fields.amountKrw,
    voucherId: fields.voucherId,
    syncState: 'queued',
    attempts: 0,
    nextAttemptAt: fields.now,
    enqueuedAt: fields.now,
  } as C;
}

export async function enqueuePayment(db: DeviceDb, input: unknown, options: EnqueueOptions = {}): Promise<Result<OutboxPayment>> {
  const parsed = v.safeParse(PaymentCommandSchema, input);
  if (!parsed.success) return fail('1001', v.summarize(parsed.issues));
  const command: PaymentCommand = parsed.output;
  const now = (options.now ?? Date.now)();
  // Hashing is a non-IndexedDB promise: it must happen before the transaction, or the
  // transaction would commit while we wait for it.
  const hash = options.voucherId === undefined && command.card !== undefined ? await cardHash(command.card) : null;

  return db.transaction(
    'rw',
    [db.commands, db.receipts, db.vouchers, db.meta, db.openServices, db.inflight],
    async (): Promise<Result<OutboxPayment>> => {
      // Every read is sent at once: IndexedDB answers them in order within the transaction, so the
      // capture waits for one round trip to the browser's database instead of one per read. The
      // outbox is read whole, in one request (the caps keep it small): it holds both the command
      // this id may already be and the pending payments the caps count.
      const [outbox, receipt, limitsRow, found] = await Promise.all([
        db.commands.toArray(),
        db.receipts.get(command.paymentId),
        db.meta.get('limits'),
        voucherOf(db, options.voucherId, hash, command.programId),
      ]);
      const existing = outbox.find((item) => item.id === command.paymentId);
      if (existing !== undefined) {
        // The id is the idempotency key: a second 확인 on the same capture is the same payment.
        return existing.kind === 'payment' && sameJson(captureOf(existing.command as PaymentCommand), captureOf(command))
          ? ok(existing as OutboxPayment)
          : fail('2107');
      }
      if (receipt !== undefined) return fail('2107', 'already approved');

      const limits = limitsRow?.key === 'limits' ? limitsRow.value : DEFAULT_OFFLINE_LIMITS;
      const cap = checkOfflineCapture(pendingTotals(outbox), command.amountKrw, now, limits);
      if (!cap.ok) return cap;

      const voucherId = options.voucherId !== undefined ? options.voucherId : (found?.voucherId ?? null);
      if (options.checkBalance === true && found !== undefined && command.amountKrw > found.provisionalBalanceKrw) {
        return fail('2101', 'over the provisional balance');
      }

      const item = newRow<OutboxPayment>(command, { id: command.paymentId, amountKrw: command.amountKrw, voucherId, now });
      // The writes go out together too; a failed one rejects and aborts the whole transaction.
      const writes: Promise<unknown>[] = [db.commands.add(item)];
      if (options.replacesInflight) writes.push(db.inflight.delete(command.paymentId));
      // The voucher's provisional balance from the pending payments just read plus this one: the
      // same sum recomputeProvisional makes, without reading the outbox a second time.
      if (found !== undefined) writes.push(db.vouchers.put(withProvisional(found, [...outbox, item])));
      if (options.closes && voucherId !== null) {
        writes.push(
          db.openServices.put({
            id: options.closes.id,
            voucherId,
            workerId: command.workerId,
            programId: command.programId,
            startedAt: options.closes.startedAt,
            source: options.closes.source,
            closedByPaymentId: command.paymentId,
          }),
        );
      }
      await Promise.all(writes);
      return ok(item);
    },
  );
}

/**
 * The snapshot voucher a capture pays from: the one the screen showed (none when it showed none),
 * or the one the card's hash finds in the capture's program.
 */
async function voucherOf(
  db: DeviceDb,
  voucherId: string | null | undefined,
  hash: string | null,
  programId: string,
): Promise<VoucherRow | undefined> {
  if (voucherId !== undefined) return voucherId === null ? undefined : db.vouchers.get(voucherId);
  if (hash === null) return undefined;
  // Read whole and filtered here: a Dexie filter would walk the index with a cursor.
  return (await db.vouchers.where('cardHashes').equals(hash).toArray()).find((row) => row.programId === programId);
}

/** What 거래 취소 with no signal did: took a never-sent payment out of the queue, or queued a cancel command. */
export type CancelOutcome = { readonly kind: 'removed-from-queue' } | { readonly kind: 'queued'; readonly item: OutboxCancel };

/**
 * 거래 취소 with no signal (SPEC §5.7). A payment still waiting in the outbox that never left the
 * device is simply taken out of the queue; one the host may hold (sent, or approved) gets a cancel
 * command, applied once by the host on sync. A payment being sent right now cannot be cancelled
 * until its answer is in (2131 is the host's for "already cancelled"; here it is 1004: try again).
 */
export async function enqueueCancel(db: DeviceDb, cancel: CancelCommand, options: { now?: () => number } = {}): Promise<Result<CancelOutcome>> {
  const now = (options.now ?? Date.now)();
  return db.transaction('rw', [db.commands, db.vouchers], async (): Promise<Result<CancelOutcome>> => {
    const target = await db.commands.get(cancel.paymentId);
    if (target?.kind === 'payment') {
      if (target.syncState === 'sending') return fail('1004', 'the payment is being sent');
      if (target.firstSentAt === undefined && target.syncState === 'queued') {
        await db.commands.delete(target.id);
        await recomputeProvisional(db, [target.voucherId]);
        return ok({ kind: 'removed-from-queue' });
      }
    }
    const existing = await db.commands.get(cancel.commandId);
    if (existing !== undefined)
      return existing.kind === 'cancel' && sameJson(existing.command, cancel) ? ok({ kind: 'queued', item: existing as OutboxCancel }) : fail('2107');
    const item = newRow<OutboxCancel>(cancel, { id: cancel.commandId, amountKrw: 0, voucherId: target?.voucherId ?? null, now });
    await db.commands.add(item);
    return ok({ kind: 'queued', item });
  });
}
