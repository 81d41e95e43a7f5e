/**
 * 통신음영지역 결제 동기화 — POST SYNC_BATCH_PATH, called by the route once the session is known.
 * It is never gated by MIN_APP_VERSION: an outdated app's queued payments are still taken.
 *
 * Each item is parsed and checked on its own, so one bad item is refused without refusing the
 * others. The items that pass are then charged in ONE transaction per batch — after an outage the
 * backlog arrives in large batches, and a commit per item would make the host's disk the limit —
 * so a process killed mid-batch leaves the whole batch applied or none of it (the device resends
 * it; applied items answer their first result). Writes happen in (voucher, paymentId) order, so two
 * processes handling the same or overlapping batches take row locks in the same order: the second
 * waits on the first one's insert, then sees its row instead of charging again. (The card reads and
 * the payments are each one multi-row insert, its rows in that order; the charges follow item by
 * item.) What the checks read is loaded once per batch, and the answers are read back in one query.
 * Every refusal is stored with its code — payments.refusal_code once a voucher is known (2101),
 * sync_refusals before that — and a resend answers the stored one. */
import { createHash, randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import * as v from 'valibot';
import { findProgram, type Program } from '../../../src/domain/catalog';
import { computeCostKrw, validateAmount } from '../../../src/domain/cost';
import { isErrorCode, messageKo, type ErrorCode } from '../../../src/domain/errors';
import {
  isLateCapture,
  OfflinePaymentSchema,
  type OfflineLimits,
  type OfflinePayment,
  type SyncBatchResponse,
  type SyncItemResult,
} from '../../../src/domain/offline';
import { normalizeCardNumber } from '../../../src/domain/people';
import { validateSplit, type MinutesByType } from '../../../src/domain/split';
import type { TariffRow } from '../../../src/domain/tariff';
import { MINUTE_MS, seoulDate, seoulMonth, wholeMinutesBetween } from '../../../src/domain/time';
import type { SessionContext } from '../auth/auth.service';
import { cardRepository, type CardRow } from '../cards/card.repository';
import { loadTariff } from '../catalog/catalog.service';
import type { Db } from '../db/database';
import { isDeadlock, isUniqueViolation } from '../db/errors';
import type { HostDeps } from '../deps';
import { ledgerRepository } from '../ledger/ledger.repository';
import type { LedgerEntryTable } from '../ledger/ledger.table';
import { voucherRepository, type VoucherRow } from '../ledger/voucher.repository';
import { canonicalJson, newApprovalNumber } from '../payments/payment.service';
import { paymentRepository, type PaymentRow, type StoredPaymentRow } from '../payments/payment.repository';
import { openServiceRepository } from '../services/open-service.repository';
import { syncRefusalRepository, type SyncRefusalRow } from './sync-refusal.repository';

/**
 * An offline capture may end at most this far past the host clock. Wider than a normal payment's
 * minute: a device that has been without signal for days has had no clock correction either.
 */
export const OFFLINE_END_AT_TOLERANCE_MS = 5 * MINUTE_MS;
/** A batch transaction is retried whole after an approval-number clash or a PostgreSQL deadlock. */
const BATCH_ATTEMPTS = 5;

/** Why a recorded capture waits for a person: too late, or past a per-device cap. */
export type ReviewReason = 'late' | 'count-cap' | 'amount-cap';

interface Refusal {
  readonly code: ErrorCode;
  readonly detail?: string;
}

/** An item that passed every check: what the transaction writes. */
interface ReadyItem {
  readonly payment: OfflinePayment;
  readonly requestHash: string;
  readonly voucher: VoucherRow;
  readonly program: Program;
  readonly minutesByType: MinutesByType;
  readonly amountKrw: number;
  readonly review: readonly ReviewReason[];
}

/**
 * What the checks of a batch read, loaded for the whole batch in a few queries (one per table)
 * rather than item by item: the host's records of the batch's payment ids, and the cards,
 * contracts and vouchers the items name. The rules below then run on these maps.
 */
interface BatchRecords {
  readonly payments: ReadonlyMap<string, StoredPaymentRow>;
  readonly refusals: ReadonlyMap<string, SyncRefusalRow>;
  readonly cardsByToken: ReadonlyMap<string, CardRow>;
  readonly cardsByNumber: ReadonlyMap<string, CardRow>;
  /** The institution's contracts, by recipientProgramKey. */
  readonly contracts: ReadonlySet<string>;
  /** By voucherKey. */
  readonly vouchers: ReadonlyMap<string, VoucherRow>;
}

const recipientProgramKey = (recipientId: string, programId: string): string => `${recipientId}\u0000${programId}`;
const voucherKey = (recipientId: string, programId: string, month: string): string => `${recipientId}\u0000${programId}\u0000${month}`;

const typedNumberOf = (payment: OfflinePayment): string | undefined =>
  payment.card.kind === 'typed' ? normalizeCardNumber(payment.card.number) : undefined;

/** Loads a batch's BatchRecords: three queries, then two that need the cards' recipients. */
async function loadBatchRecords(db: Db, session: SessionContext, payments: readonly OfflinePayment[]): Promise<BatchRecords> {
  const tokens = payments.flatMap((payment) => (payment.card.kind === 'nfc' ? [payment.card.token] : []));
  const numbers = payments.flatMap((payment) => typedNumberOf(payment) ?? []);
  const paymentIds = payments.map((payment) => payment.paymentId);
  const [stored, refusals, cards] = await Promise.all([
    paymentRepository.findStoredByIds(db, paymentIds),
    syncRefusalRepository.findByPaymentIds(db, paymentIds),
    cardRepository.findByTokensOrNumbers(db, tokens, numbers),
  ]);
  const recipientIds = cards.map((card) => card.recipient_id);
  const programIds = payments.map((payment) => payment.programId);
  const months = payments.map((payment) => seoulMonth(payment.serviceStartAt));
  const [contracts, vouchers] = await Promise.all([
    cardRepository.listContractsFor(db, session.institutionId, recipientIds),
    voucherRepository.findForRecipients(db, recipientIds, programIds, months),
  ]);
  return {
    payments: new Map(stored.map((row) => [row.id, row])),
    refusals: new Map(refusals.map((row) => [row.payment_id, row])),
    cardsByToken: new Map(cards.map((card) => [card.token, card])),
    cardsByNumber: new Map(cards.map((card) => [card.card_number, card])),
    contracts: new Set(contracts.map((row) => recipientProgramKey(row.recipient_id, row.program_id))),
    vouchers: new Map(vouchers.map((row) => [voucherKey(row.recipient_id, row.program_id, row.month), row])),
  };
}

export function hashOfflinePayment(payment: OfflinePayment): string {
  // The 'offline:' prefix keeps these hashes apart from normal-payment hashes by construction.
  return createHash('sha256').update(`offline:${canonicalJson(payment)}`).digest('hex');
}

function refused(paymentId: string, code: string): SyncItemResult {
  const known: ErrorCode = isErrorCode(code) ? code : '9999';
  return { paymentId, status: 'refused', code: known, message: messageKo(known) };
}

function paymentIdOf(raw: unknown): string {
  const id = typeof raw === 'object' && raw !== null ? (raw as { paymentId?: unknown }).paymentId : undefined;
  return typeof id === 'string' ? id.slice(0, 64) : '';
}

/**
 * The per-device caps of SPEC §5.11, checked again on the host over the captures of this batch in
 * capture order: the ones past a cap (those the device should have refused) are flagged. They are
 * recorded all the same — the service was given; refusing would cost the worker their pay for it.
 */
export function capReviewReasons(payments: readonly OfflinePayment[], limits: OfflineLimits): Map<string, ReviewReason[]> {
  const ordered = [...payments].sort((a, b) => a.capturedAt - b.capturedAt || (a.paymentId < b.paymentId ? -1 : 1));
  const reasons = new Map<string, ReviewReason[]>();
  let count = 0;
  let amountKrw = 0;
  const seen = new Set<string>();
  for (const payment of ordered) {
    if (seen.has(payment.paymentId)) continue;
    seen.add(payment.paymentId);
    count += 1;
    amountKrw += payment.amountKrw;
    const why: ReviewReason[] = [];
    if (count > limits.maxCount) why.push('count-cap');
    if (amountKrw > limits.maxAmountKrw) why.push('amount-cap');
    if (why.length > 0) reasons.set(payment.paymentId, why);
  }
  return reasons;
}

/**
 * Whether a stored payment is this capture sent again. An offline resend must match byte for byte.
 * A normal payment counts too when program and amount agree: the device keeps an online payment
 * whose answer was lost under the same id as an offline capture, and if the first request did
 * land, the worker must see that approval — not a refusal for a payment that was charged.
 */
function isSamePayment(payment: PaymentRow, capture: OfflinePayment, requestHash: string): boolean {
  if (payment.mode === 'offline') return payment.request_hash === requestHash;
  return payment.mode === 'normal' && payment.program_id === capture.programId && Number(payment.amount_krw) === capture.amountKrw;
}

/**
 * The stored answer for a payment id the host has seen, or undefined for a new one, from what is
 * stored under the id: its payment (with its ledger balance), else its sync refusal.
 */
function answerFromStored(
  session: SessionContext,
  capture: OfflinePayment,
  requestHash: string,
  payment: StoredPaymentRow | undefined,
  refusal: SyncRefusalRow | undefined,
): SyncItemResult | undefined {
  const { paymentId } = capture;
  if (payment) {
    if (payment.worker_id !== session.workerId || !isSamePayment(payment, capture, requestHash)) return refused(paymentId, '2107');
    if (payment.status === 'refused' || payment.approval_number === null) return refused(paymentId, payment.refusal_code ?? '2101');
    const balanceKrw = payment.balance_after_krw;
    if (balanceKrw === null) throw new Error(`approved payment ${paymentId} has no ledger entry`);
    return {
      paymentId,
      status: 'approved',
      approvalNumber: payment.approval_number,
      balanceKrw,
      recordedAt: Number(payment.recorded_at),
      flaggedForReview: Number(payment.flagged_for_review) === 1,
    };
  }
  if (refusal) {
    if (refusal.worker_id !== session.workerId || refusal.request_hash !== requestHash) return refused(paymentId, '2107');
    return refused(paymentId, refusal.code);
  }
  return undefined;
}

/** The stored answer for a payment id, read now (the refusal is read only when there is no payment). */
async function storedAnswer(db: Db, session: SessionContext, capture: OfflinePayment, requestHash: string): Promise<SyncItemResult | undefined> {
  const [payment] = await paymentRepository.findStoredByIds(db, [capture.paymentId]);
  const refusal = payment ? undefined : await syncRefusalRepository.findByPaymentId(db, capture.paymentId);
  return answerFromStored(session, capture, requestHash, payment, refusal);
}

/** Every rule of a card payment, on the device's capture: card → recipient → contract → voucher → amount. */
function checkItem(
  records: BatchRecords,
  session: SessionContext,
  payment: OfflinePayment,
  requestHash: string,
  tariff: readonly TariffRow[],
  hostNow: number,
): ReadyItem | Refusal {
  const program = findProgram(payment.programId);
  if (!program) return { code: '2206', detail: `program ${payment.programId}` };
  if (payment.serviceEndAt > hostNow + OFFLINE_END_AT_TOLERANCE_MS) return { code: '3104', detail: `end ${payment.serviceEndAt} host ${hostNow}` };

  const card =
    payment.card.kind === 'nfc' ? records.cardsByToken.get(payment.card.token) : records.cardsByNumber.get(typedNumberOf(payment)!);
  if (!card) return { code: '2001' };
  if (card.status !== 'active') return { code: '2002', detail: `card ${card.id}` };
  if (!records.contracts.has(recipientProgramKey(card.recipient_id, program.id))) {
    return { code: '2207', detail: `institution ${session.institutionId} recipient ${card.recipient_id} program ${program.id}` };
  }
  // The voucher of the month the service was given in, not of the month it synced in.
  const month = seoulMonth(payment.serviceStartAt);
  const voucher = records.vouchers.get(voucherKey(card.recipient_id, program.id, month));
  if (!voucher) return { code: '2102', detail: `recipient ${card.recipient_id} ${program.id} ${month}` };

  let minutesByType: MinutesByType = {};
  if (program.model === 'amount') {
    if (Object.keys(payment.minutesByType).length > 0) return { code: '1001', detail: 'amount programs take no split' };
    if (payment.serviceEndAt < payment.serviceStartAt) return { code: '2111' };
    const amount = validateAmount(payment.amountKrw);
    if (!amount.ok) return { code: amount.code };
  } else {
    const totalMinutes = wholeMinutesBetween(payment.serviceStartAt, payment.serviceEndAt);
    if (totalMinutes <= 0) return { code: '2111', detail: `${totalMinutes} min` };
    const split = validateSplit(program, totalMinutes, payment.minutesByType);
    if (!split.ok) return { code: split.code, ...(split.detail === undefined ? {} : { detail: split.detail }) };
    // The tariff in force on the day of the service, however late it syncs.
    const cost = computeCostKrw(program, split.value, tariff, seoulDate(payment.serviceStartAt));
    if (!cost.ok) return { code: cost.code, ...(cost.detail === undefined ? {} : { detail: cost.detail }) };
    if (cost.value !== payment.amountKrw) return { code: '2110', detail: `computed ${cost.value}, sent ${payment.amountKrw}` };
    minutesByType = split.value;
  }
  return { payment, requestHash, voucher, program, minutesByType, amountKrw: payment.amountKrw, review: [] };
}

/**
 * The writes of a batch inside its transaction, items in (voucher, paymentId) order and one per
 * payment id: the card reads, then the payments, in one statement each; then per item the
 * conditional charge (or the refusal), the open service it closes; then the ledger entries.
 */
async function chargeBatch(trx: Db, session: SessionContext, items: readonly ReadyItem[], hostNow: number): Promise<void> {
  // The card read as an already-expired voucher screen (payments.lookup_id is NOT NULL); its id is
  // derived from the payment id, so a resend or a racing duplicate makes no second row.
  const lookupIdOf = (payment: OfflinePayment): string => `offline-${payment.paymentId}`;
  await cardRepository.insertLookupsIfNew(
    trx,
    items.map((item) => ({
      id: lookupIdOf(item.payment),
      worker_id: session.workerId,
      terminal_id: session.terminalId,
      voucher_id: item.voucher.id,
      card_read: item.payment.card.kind,
      created_at: hostNow,
      expires_at: hostNow,
    })),
  );
  // An id already stored is a resubmission (a resend, or a racing duplicate that inserted first):
  // it is not charged again.
  const inserted = await paymentRepository.insertManyIfNew(
    trx,
    items.map(({ payment, ...item }) => ({
      id: payment.paymentId,
      request_hash: item.requestHash,
      approval_number: newApprovalNumber(),
      voucher_id: item.voucher.id,
      worker_id: session.workerId,
      terminal_id: session.terminalId,
      institution_id: session.institutionId,
      lookup_id: lookupIdOf(payment),
      open_service_id: null,
      program_id: item.program.id,
      method: payment.method,
      // Its own mode, not 'retroactive': an offline capture never counts toward the institution's
      // 소급결제 ratio (SPEC §5.8), though it carries the 통신음영지역 reason where one is asked for.
      mode: 'offline' as const,
      reason: payment.reason,
      card_read: payment.card.kind,
      service_start_at: payment.serviceStartAt,
      service_end_at: payment.serviceEndAt,
      service_date: seoulDate(payment.serviceStartAt),
      minutes_by_type: JSON.stringify(item.minutesByType),
      amount_krw: item.amountKrw,
      status: 'approved' as const,
      refusal_code: null,
      device_at: payment.capturedAt,
      recorded_at: hostNow,
      flagged_for_review: item.review.length > 0 ? 1 : 0,
      review_reasons: item.review.length > 0 ? item.review.join(',') : null,
    })),
  );

  const entries: Insertable<LedgerEntryTable>[] = [];
  for (const item of items) {
    const { payment } = item;
    if (!inserted.has(payment.paymentId)) continue;
    const balanceAfterKrw = await voucherRepository.chargeIfCovered(trx, item.voucher.id, item.amountKrw);
    if (balanceAfterKrw === undefined) {
      // Kept as a refused payment with its code: the audit trail, and the answer to a resend.
      await paymentRepository.markRefused(trx, payment.paymentId, '2101');
      continue;
    }
    // A service started online and paid offline: the device pays it with the host's start time, so
    // the open service that started then is closed by this payment (if it is still open).
    await openServiceRepository.closeStartedAt(trx, item.voucher.id, payment.serviceStartAt, payment.paymentId);
    entries.push({
      id: randomUUID(),
      voucher_id: item.voucher.id,
      payment_id: payment.paymentId,
      kind: 'payment',
      delta_krw: -item.amountKrw,
      balance_after_krw: balanceAfterKrw,
      recorded_at: hostNow,
    });
  }
  await ledgerRepository.appendMany(trx, entries);
}

/**
 * Charges every checked item of a batch in one transaction, in (voucher, paymentId) order. The
 * whole transaction is retried after an approval-number clash or a deadlock; each step is
 * idempotent by id, so a retry or a racing duplicate never charges twice.
 */
async function chargeAll(db: Db, session: SessionContext, items: readonly ReadyItem[], hostNow: number): Promise<void> {
  if (items.length === 0) return;
  const ordered = [...items].sort(
    (a, b) => compare(a.voucher.id, b.voucher.id) || compare(a.payment.paymentId, b.payment.paymentId),
  );
  // The same payment id twice in a batch is one payment: the first in this order is written, the
  // later one would only have been a resubmission of it.
  const ids = new Set<string>();
  const unique: ReadyItem[] = [];
  for (const item of ordered) {
    if (ids.has(item.payment.paymentId)) continue;
    ids.add(item.payment.paymentId);
    unique.push(item);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await db.transaction().execute((trx) => chargeBatch(trx, session, unique, hostNow));
      return;
    } catch (error) {
      const retriable = isUniqueViolation(error, 'approval_number') || isDeadlock(error);
      if (attempt < BATCH_ATTEMPTS && retriable) continue;
      throw error;
    }
  }
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * An item's answer when it needs no charge (seen before, or refused by a check), or the item to
 * charge. `records` were read at the start of the batch; an id met earlier in this batch is read
 * again instead, as that earlier item may have stored a refusal under it since.
 */
async function prepareItem(
  deps: HostDeps,
  session: SessionContext,
  payment: OfflinePayment,
  records: BatchRecords,
  repeatedId: boolean,
  tariff: () => Promise<readonly TariffRow[]>,
  capReasons: ReadonlyMap<string, readonly ReviewReason[]>,
  hostNow: number,
): Promise<SyncItemResult | ReadyItem> {
  const { db } = deps;
  const { paymentId } = payment;
  const requestHash = hashOfflinePayment(payment);
  const seen = repeatedId
    ? await storedAnswer(db, session, payment, requestHash)
    : answerFromStored(session, payment, requestHash, records.payments.get(paymentId), records.refusals.get(paymentId));
  if (seen) return seen;

  const checked = checkItem(records, session, payment, requestHash, await tariff(), hostNow);
  if (!('payment' in checked)) {
    await syncRefusalRepository.insertIfNew(db, {
      payment_id: payment.paymentId,
      request_hash: requestHash,
      worker_id: session.workerId,
      terminal_id: session.terminalId,
      institution_id: session.institutionId,
      code: checked.code,
      detail: checked.detail ?? null,
      captured_at: payment.capturedAt,
      recorded_at: hostNow,
    });
    return (await storedAnswer(db, session, payment, requestHash)) ?? refused(payment.paymentId, checked.code);
  }

  // Late or past a cap: recorded all the same and flagged, because the service was already given
  // and refusing it now would cost the worker their pay; a person reviews it instead.
  const review: ReviewReason[] = [
    ...(isLateCapture(payment.capturedAt, hostNow, deps.config.offlineLimits) ? (['late'] as const) : []),
    ...(capReasons.get(payment.paymentId) ?? []),
  ];
  return { ...checked, review };
}

/** Applies a batch (already parsed as SyncBatchRequestSchema) and answers one result per item, in order. */
export async function applySyncBatch(deps: HostDeps, session: SessionContext, items: readonly unknown[]): Promise<SyncBatchResponse> {
  const hostNow = deps.now();
  const parsed = items.map((raw) => v.safeParse(OfflinePaymentSchema, raw));
  const valid = parsed.flatMap((result) => (result.success ? [result.output] : []));
  const capReasons = capReviewReasons(valid, deps.config.offlineLimits);
  const records = await loadBatchRecords(deps.db, session, valid);

  let tariffRows: Promise<TariffRow[]> | undefined;
  const tariff = (): Promise<TariffRow[]> => (tariffRows ??= loadTariff(deps.db));

  const results: (SyncItemResult | undefined)[] = new Array(items.length);
  const toCharge: { index: number; item: ReadyItem }[] = [];
  const idsMet = new Set<string>();
  for (const [index, result] of parsed.entries()) {
    // A malformed item is refused on its own (1001); it cannot be stored: it may not even have an id.
    if (!result.success) {
      results[index] = refused(paymentIdOf(items[index]), '1001');
      continue;
    }
    const { paymentId } = result.output;
    const repeatedId = idsMet.has(paymentId);
    idsMet.add(paymentId);
    const prepared = await prepareItem(deps, session, result.output, records, repeatedId, tariff, capReasons, hostNow);
    if ('status' in prepared) results[index] = prepared;
    else toCharge.push({ index, item: prepared });
  }

  await chargeAll(deps.db, session, toCharge.map(({ item }) => item), hostNow);

  // Read back what is stored, in one query, so the first request and any racing duplicate answer the same.
  const stored = new Map(
    (await paymentRepository.findStoredByIds(deps.db, toCharge.map(({ item }) => item.payment.paymentId))).map((row) => [row.id, row]),
  );
  for (const { index, item } of toCharge) {
    const payment = stored.get(item.payment.paymentId);
    const answer = payment
      ? answerFromStored(session, item.payment, item.requestHash, payment, undefined)
      : await storedAnswer(deps.db, session, item.payment, item.requestHash);
    if (!answer) throw new Error(`payment ${item.payment.paymentId} vanished after its transaction`);
    results[index] = answer;
  }
  return { results: results.map((result) => result!), hostNow: deps.now() };
}
