/**
 * The one posting path of payments (issue 6): online payments, offline captures synced in
 * batches, and next 소급결제, all end here once their rules passed. In ONE transaction:
 *
 *   1. claim the command ids (one multi-row insert, in id order) — an id already stored is a
 *      resubmission and is not charged again, whichever path stored it;
 *   2. open a ledger Book on the vouchers (locked in id order) and debit each new payment in
 *      (voucher, id) order; a payment the balance does not cover turns its command into 2101;
 *   3. write the approved payments (and, for captures, their card reads) as multi-row inserts;
 *      close the open services they pay;
 *   4. commit the book: one conditional UPDATE per voucher, the ledger entries and their events.
 *
 * Then the notifier wakes the event relay (commits close together share one wake-up). The whole transaction is retried after an
 * approval-number clash, a PostgreSQL deadlock or a LedgerConflict: every step is idempotent by
 * id, so a retry — or a racing duplicate in another process — never charges twice.
 */
import type { Insertable } from 'kysely';
import { makeApprovalNumber } from '../../../src/domain/approval';
import { billedServiceCode, type Program } from '../../../src/domain/catalog';
import { isErrorCode, type ErrorCode } from '../../../src/domain/errors';
import type { MinutesByType } from '../../../src/domain/split';
import { randomInt } from 'node:crypto';
import type { LookupTable } from '../cards/card.table';
import { commandRepository, type CommandOutcomeRow } from '../commands/command.repository';
import type { Db } from '../db/database';
import { insertNewRows, insertRows } from '../db/insert-rows';
import { sqliteConnectionOf } from '../db/sqlite-connection';
import { isDeadlock, isUniqueViolation } from '../db/errors';
import type { PaymentApprovedPayload } from '../events/domain-events';
import type { Notifier } from '../events/notifier';
import { EVENTS_CHANNEL } from '../events/relay';
import { HostError } from '../http/host-error';
import { LedgerConflict, openBook } from '../ledger/ledger';
import type { VoucherRow } from '../ledger/voucher.repository';
import { openServiceRepository } from '../services/open-service.repository';
import type { PaymentMode, PaymentTable } from './payment.table';

/** Why a recorded capture waits for a person: too late, or past a per-device cap. */
export type ReviewReason = 'late' | 'count-cap' | 'amount-cap';

/** Who sent a command, by which path, and what it was: enough to tell a resubmission from a clash. */
export interface CommandIdentity {
  readonly id: string;
  readonly kind: 'payment' | 'cancel';
  readonly channel: 'online' | 'sync';
  readonly requestHash: string;
  /** payments/fingerprint.ts; null when the request could not be tied to a voucher. */
  readonly fingerprint: string | null;
  readonly workerId: string;
  readonly terminalId: string;
  readonly institutionId: string;
}

/** A payment whose rules all passed: what the transaction writes. */
export interface ReadyPayment {
  readonly command: CommandIdentity;
  readonly voucher: VoucherRow;
  readonly program: Program;
  readonly lookupId: string;
  readonly method: 'card' | 'qr' | 'biometric';
  readonly mode: PaymentMode;
  readonly reason: string | null;
  readonly cardRead: 'nfc' | 'typed';
  readonly serviceStartAt: number;
  readonly serviceEndAt: number;
  readonly serviceDate: string;
  readonly minutesByType: MinutesByType;
  readonly amountKrw: number;
  /** Device clock: when 확인 was tapped. */
  readonly deviceAt: number;
  readonly review: readonly ReviewReason[];
  /**
   * The open service this payment closes: by id, and then it must still be open (an online
   * payment; 2108 otherwise), or by its start time where a capture paid a service the host
   * started (if it is still open, and the capturing worker's own).
   */
  readonly closes: { readonly openServiceId: string } | { readonly startedAt: number } | null;
  /** A capture's card read, stored as an already-expired voucher screen. */
  readonly lookup: Insertable<LookupTable> | null;
}

export interface Refusal {
  readonly command: CommandIdentity;
  readonly code: ErrorCode;
  readonly detail?: string | undefined;
}

const ATTEMPTS = 5;
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function newApprovalNumber(): string {
  let digits = '';
  for (let i = 0; i < 11; i++) digits += String(randomInt(0, 10));
  return makeApprovalNumber(digits);
}

export function commandRow(command: CommandIdentity, status: 'approved' | 'refused', code: string | null, recordedAt: number) {
  return {
    id: command.id,
    kind: command.kind,
    channel: command.channel,
    worker_id: command.workerId,
    terminal_id: command.terminalId,
    institution_id: command.institutionId,
    request_hash: command.requestHash,
    fingerprint: command.fingerprint,
    status,
    code,
    recorded_at: recordedAt,
  };
}

/**
 * Stores refusals under their ids (the first outcome of an id stays; a racing duplicate adds
 * nothing); answers the ids stored by this call.
 */
export async function recordRefusals(db: Db, refusals: readonly Refusal[], hostNow: number): Promise<Set<string>> {
  if (refusals.length === 0) return new Set();
  const unique = new Map(refusals.map((refusal) => [refusal.command.id, refusal]));
  return commandRepository.claim(
    db,
    [...unique.values()].sort((a, b) => compare(a.command.id, b.command.id)).map((r) => commandRow(r.command, 'refused', r.code, hostNow)),
  );
}

/**
 * Whether a stored command is this request sent again: the same worker, and on the same path the
 * same bytes, on the other path the same meaning (fingerprint). Anything else under a known id is 2107.
 */
export function isResubmission(stored: CommandOutcomeRow, incoming: CommandIdentity): boolean {
  if (stored.worker_id !== incoming.workerId || stored.kind !== incoming.kind) return false;
  if (stored.channel === incoming.channel) return stored.request_hash === incoming.requestHash;
  return stored.fingerprint !== null && stored.fingerprint === incoming.fingerprint;
}

/** The stored refusal of a command as a code (an unknown stored code reads as 9999). */
export function storedRefusalCode(stored: CommandOutcomeRow): ErrorCode {
  return isErrorCode(stored.code) ? stored.code : '9999';
}

/**
 * What the transaction did with each ready payment: approved (its 승인번호 and the balance it left),
 * refused for its balance (2101), or not claimed — its id was stored by a racing duplicate first,
 * whose stored outcome is then the answer.
 */
export type PostedOutcome =
  | { readonly status: 'approved'; readonly approvalNumber: string; readonly balanceKrw: number; readonly recordedAt: number }
  | { readonly status: 'refused'; readonly code: '2101' }
  | { readonly status: 'not-claimed' };

async function postInTransaction(trx: Db, ready: readonly ReadyPayment[], hostNow: number): Promise<Map<string, PostedOutcome>> {
  const outcomes = new Map<string, PostedOutcome>();
  // One payment per id: a second one with the same id (a retry racing its original in one group)
  // is not claimed here, and is answered from what the first stores.
  const unique = new Map<string, ReadyPayment>();
  for (const item of ready) if (!unique.has(item.command.id)) unique.set(item.command.id, item);
  const byId = [...unique.values()].sort((a, b) => compare(a.command.id, b.command.id));
  const claimed = await commandRepository.claim(
    trx,
    byId.map((item) => commandRow(item.command, 'approved', null, hostNow)),
  );
  for (const item of byId) if (!claimed.has(item.command.id)) outcomes.set(item.command.id, { status: 'not-claimed' });
  const fresh = byId
    .filter((item) => claimed.has(item.command.id))
    .sort((a, b) => compare(a.voucher.id, b.voucher.id) || compare(a.command.id, b.command.id));
  if (fresh.length === 0) return outcomes;

  const book = await openBook(
    trx,
    fresh.map((item) => item.voucher.id),
  );
  const approved: { item: ReadyPayment; approvalNumber: string }[] = [];
  const short: string[] = [];
  for (const item of fresh) {
    const approvalNumber = newApprovalNumber();
    const balanceAfter = book.debit(item.voucher.id, item.amountKrw, {
      paymentId: item.command.id,
      institutionId: item.command.institutionId,
      event: {
        kind: 'payment.approved',
        payload: (balanceKrw): PaymentApprovedPayload => ({
          paymentId: item.command.id,
          approvalNumber,
          workerId: item.command.workerId,
          programId: item.program.id,
          serviceCode: billedServiceCode(item.program, item.minutesByType),
          serviceDate: item.serviceDate,
          amountKrw: item.amountKrw,
          balanceKrw,
          mode: item.mode,
        }),
      },
    });
    if (balanceAfter === undefined) {
      short.push(item.command.id);
      outcomes.set(item.command.id, { status: 'refused', code: '2101' });
    } else {
      approved.push({ item, approvalNumber });
      outcomes.set(item.command.id, { status: 'approved', approvalNumber, balanceKrw: balanceAfter, recordedAt: hostNow });
    }
  }
  await commandRepository.refuseClaimed(trx, short, '2101');
  if (approved.length === 0) return outcomes;

  const lookups = approved.flatMap(({ item }) => (item.lookup ? [item.lookup] : []));
  await insertNewRows(trx, 'lookups', lookups, 'id');
  await insertRows(
    trx,
    'payments',
    approved.map(
      ({ item, approvalNumber }): Insertable<PaymentTable> => ({
        id: item.command.id,
        request_hash: item.command.requestHash,
        approval_number: approvalNumber,
        voucher_id: item.voucher.id,
        worker_id: item.command.workerId,
        terminal_id: item.command.terminalId,
        institution_id: item.command.institutionId,
        lookup_id: item.lookupId,
        open_service_id: item.closes !== null && 'openServiceId' in item.closes ? item.closes.openServiceId : null,
        program_id: item.program.id,
        method: item.method,
        mode: item.mode,
        reason: item.reason,
        card_read: item.cardRead,
        service_start_at: item.serviceStartAt,
        service_end_at: item.serviceEndAt,
        service_date: item.serviceDate,
        minutes_by_type: JSON.stringify(item.minutesByType),
        amount_krw: item.amountKrw,
        status: 'approved',
        refusal_code: null,
        device_at: item.deviceAt,
        recorded_at: hostNow,
        flagged_for_review: item.review.length > 0 ? 1 : 0,
        review_reasons: item.review.length > 0 ? item.review.join(',') : null,
      }),
    ),
  );
  for (const { item } of approved) {
    if (item.closes === null) continue;
    if ('openServiceId' in item.closes) {
      const closed = await openServiceRepository.close(trx, item.closes.openServiceId, item.voucher.id, item.command.id);
      // Another payment closed it a moment ago: nothing of this transaction may stand.
      if (!closed) throw new HostError('2108', `open service ${item.closes.openServiceId} already closed`);
    } else {
      // Only the capturing worker's own visit: another worker's start is never closed by this payment.
      await openServiceRepository.closeStartedAt(trx, item.voucher.id, item.command.workerId, item.closes.startedAt, item.command.id);
    }
  }
  await book.commit(hostNow);
  return outcomes;
}

/**
 * Commits that follow one another within this many ms share one wake-up of the event relays: on
 * PostgreSQL each wake-up is a NOTIFY round trip, and a relay gathers for 100 ms after being woken
 * anyway. The first commit wakes them at once; a later one within the window, at its end.
 */
const WAKE_GATHER_MS = 20;
const wakeWindows = new WeakMap<Notifier, { again: boolean }>();

function wakeRelay(notifier: Notifier): void {
  const window = wakeWindows.get(notifier);
  if (window) {
    window.again = true;
    return;
  }
  notifier.publish(EVENTS_CHANNEL);
  const opened = { again: false };
  wakeWindows.set(notifier, opened);
  setTimeout(() => {
    wakeWindows.delete(notifier);
    if (opened.again) wakeRelay(notifier);
  }, WAKE_GATHER_MS).unref();
}

/**
 * Posts ready payments in one transaction (retried whole on a clash), then wakes the event relay;
 * answers what became of each, by command id.
 */
export async function postPayments(deps: PostingDeps, ready: readonly ReadyPayment[], hostNow: number): Promise<Map<string, PostedOutcome>> {
  if (ready.length === 0) return new Map();
  for (let attempt = 1; ; attempt++) {
    try {
      const outcomes = await deps.db.transaction().execute((trx) => postInTransaction(trx, ready, hostNow));
      wakeRelay(deps.notifier);
      return outcomes;
    } catch (error) {
      const retriable = isUniqueViolation(error, 'approval_number') || isDeadlock(error) || error instanceof LedgerConflict;
      if (attempt < ATTEMPTS && retriable) continue;
      throw error;
    }
  }
}

/**
 * What posting needs of the host: the database, the clock and the notifier that wakes the relay
 * (a part of HostDeps, which holds the posting queue: named here, not imported, to keep no cycle).
 */
export interface PostingDeps {
  readonly db: Db;
  readonly now: () => number;
  readonly notifier: Notifier;
}

/** Online payments arriving together, posted together (group commit). */
export interface PostingQueue {
  /** Posts one ready payment with whatever else is waiting; resolves with its outcome. */
  post(ready: ReadyPayment): Promise<PostedOutcome>;
}

interface Waiting {
  readonly ready: ReadyPayment;
  resolve(outcome: PostedOutcome): void;
  reject(error: unknown): void;
}

/** Posting transactions one process runs at once on PostgreSQL (each holds a pool connection). */
const POSTGRES_IN_FLIGHT = 4;

/**
 * Group commit for online payments: the payments that arrive while a transaction runs are posted
 * together in the next one — one BEGIN/COMMIT (one fsync on SQLite) and multi-row inserts for many
 * payments, each still all-or-nothing on its own id. At most `maxBatch` payments per transaction.
 * SQLite has one writer: one transaction at a time. PostgreSQL runs several at once, on vouchers
 * (and ids) no other transaction of this process holds, so they never wait on each other's locks
 * and their commits overlap; the payments of one voucher stay in arrival order. A batch that
 * fails with a refusal of one of its payments (a service paid twice at once: 2108) is posted again
 * one payment at a time, so the refusal lands on that payment alone.
 */
export function createPostingQueue(
  deps: PostingDeps,
  maxBatch = 64,
  maxInFlight = sqliteConnectionOf(deps.db) === null ? POSTGRES_IN_FLIGHT : 1,
): PostingQueue {
  const waiting: Waiting[] = [];
  /** The vouchers and command ids of the transactions in flight. */
  const busy = new Set<string>();
  let inFlight = 0;
  let scheduled = false;

  const keysOf = (item: Waiting): [string, string] => [`voucher ${item.ready.voucher.id}`, `command ${item.ready.command.id}`];

  const settle = (batch: readonly Waiting[], outcomes: ReadonlyMap<string, PostedOutcome>) => {
    const answered = new Set<string>();
    for (const item of batch) {
      const id = item.ready.command.id;
      const outcome = outcomes.get(id);
      if (!outcome) {
        item.reject(new Error(`no outcome for ${id}`));
        continue;
      }
      // A second waiter with the same id is answered from what is stored, as any resubmission is.
      item.resolve(answered.has(id) ? { status: 'not-claimed' } : outcome);
      answered.add(id);
    }
  };

  /** The next batch, in arrival order, of payments whose voucher and id no transaction in flight holds. */
  function takeBatch(): Waiting[] {
    const batch: Waiting[] = [];
    const rest: Waiting[] = [];
    for (const item of waiting) {
      if (batch.length < maxBatch && !keysOf(item).some((key) => busy.has(key))) batch.push(item);
      else rest.push(item);
    }
    waiting.splice(0, waiting.length, ...rest);
    for (const item of batch) for (const key of keysOf(item)) busy.add(key);
    return batch;
  }

  async function run(batch: readonly Waiting[]): Promise<void> {
    const hostNow = deps.now();
    try {
      settle(
        batch,
        await postPayments(
          deps,
          batch.map((item) => item.ready),
          hostNow,
        ),
      );
    } catch (error) {
      if (batch.length === 1 || !(error instanceof HostError)) {
        for (const item of batch) item.reject(error);
        return;
      }
      for (const item of batch) {
        try {
          settle([item], await postPayments(deps, [item.ready], deps.now()));
        } catch (alone) {
          item.reject(alone);
        }
      }
    }
  }

  function pump(): void {
    while (inFlight < maxInFlight && waiting.length > 0) {
      const batch = takeBatch();
      // Everything waiting is on a voucher in flight: the end of that transaction pumps again.
      if (batch.length === 0) return;
      inFlight += 1;
      void run(batch).finally(() => {
        inFlight -= 1;
        for (const item of batch) for (const key of keysOf(item)) busy.delete(key);
        pump();
      });
    }
  }

  return {
    post(ready) {
      return new Promise<PostedOutcome>((resolve, reject) => {
        waiting.push({ ready, resolve, reject });
        if (scheduled || inFlight >= maxInFlight) return;
        scheduled = true;
        // Gather what arrives in the same turn of the event loop, then post.
        setImmediate(() => {
          scheduled = false;
          pump();
        });
      });
    },
  };
}
