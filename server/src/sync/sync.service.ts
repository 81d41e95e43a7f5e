/**
 * 통신음영지역 동기화 — the outbox commands a device sends in batches once it has signal: payment
 * captures now, cancellations next. Called by the sync routes once the session is known; never
 * gated by MIN_APP_VERSION (an outdated app's queued work is still taken, SPEC §5.9).
 *
 * Each item is parsed and checked on its own, so one bad item is refused alone and the rest apply:
 * a malformed item is 1001; a rule that fails is stored under the item's id with its code; an item
 * whose check itself fails (a host bug) is left out of the answer, so the device keeps it queued.
 * What the checks read is loaded once per batch (commands, cards, contracts, vouchers, tariff).
 * Captures are applied as mode 'offline' with reason 통신음영지역 — a mode of its own, not a manual
 * 소급결제, so they never count toward the retroactive ratio — or, for a 소급결제 entered with no
 * signal, as mode 'retroactive' once its rules pass again; the device's capture times are kept
 * apart from the host's record time; late captures and those past the per-device caps are
 * recorded and flagged for review, not refused (the service was given). Every approved capture goes
 * through the one posting path (payments/posting.ts) in ONE transaction per batch.
 */
import { hash } from 'node:crypto';
import { findProgram, type Program } from '../../../src/domain/catalog';
import { messageKo, type ErrorCode } from '../../../src/domain/errors';
import {
  commandIdOf,
  isLateCapture,
  type CancelCommand,
  type OfflineLimits,
  type OfflinePayment,
  type PaymentCommand,
  type SyncCommand,
} from '../../../src/domain/offline';
import { priceService } from '../../../src/domain/pricing';
import type { TariffRow } from '../../../src/domain/tariff';
import { parseQrToken } from '../../../src/domain/qr-token';
import { checkRetroactive } from '../../../src/domain/retroactive';
import { MINUTE_MS, seoulMonth } from '../../../src/domain/time';
import type { SessionContext } from '../auth/auth.service';
import { cancelPayment } from '../cancellations/cancellation.service';
import { loadCardRecords, resolveCard, type CardRecords } from '../cards/card-check';
import { loadTariff } from '../catalog/catalog.service';
import { commandRepository, type CommandOutcomeRow } from '../commands/command.repository';
import type { HostDeps } from '../deps';
import { HostError } from '../http/host-error';
import { voucherRepository, type VoucherRow } from '../ledger/voucher.repository';
import { cardRepository } from '../cards/card.repository';
import { paymentFingerprint } from '../payments/fingerprint';
import { canonicalJson } from '../payments/payment.service';
import { redeemOfflineToken } from '../requests/request.service';
import { openServiceRepository } from '../services/open-service.repository';
import { workersOnTerminal } from '../terminals/terminal-workers';
import {
  isResubmission,
  postPayments,
  recordRefusals,
  storedRefusalCode,
  type CommandIdentity,
  type PostedOutcome,
  type ReadyPayment,
  type Refusal,
  type ReviewReason,
} from '../payments/posting';

export type { ReviewReason } from '../payments/posting';

/**
 * A capture's times may run this far past the host clock (end, capture) or past each other. Wider
 * than a normal payment's minute: a device without signal for days had no clock correction either.
 * It is the 0101 clock tolerance: a device further off was already warned.
 */
export const OFFLINE_END_AT_TOLERANCE_MS = 5 * MINUTE_MS;

/** The answer to one command, or undefined when its check failed unexpectedly (it stays queued). */
export type CommandResult =
  | {
      readonly commandId: string;
      readonly kind: 'payment';
      readonly status: 'approved';
      readonly approvalNumber: string;
      readonly balanceKrw: number;
      readonly recordedAt: number;
      readonly flaggedForReview: boolean;
    }
  | {
      readonly commandId: string;
      readonly kind: 'cancel';
      readonly status: 'cancelled';
      readonly approvalNumber: string;
      readonly balanceKrw: number;
      readonly recordedAt: number;
    }
  | { readonly commandId: string; readonly status: 'refused'; readonly code: ErrorCode; readonly message: string };

/** A batch item: a command, or what could be read of a malformed one (its id, for the answer). */
export type BatchItem = { readonly command: SyncCommand } | { readonly malformedId: string };

const refused = (commandId: string, code: ErrorCode): CommandResult => ({ commandId, status: 'refused', code, message: messageKo(code) });

/** The capture as the device holds it, without the command envelope: what an exact resend must match. */
function captureOf(command: PaymentCommand): OfflinePayment {
  const { kind: _kind, workerId: _workerId, ...payment } = command;
  return payment;
}

export function hashOfflinePayment(payment: OfflinePayment): string {
  // The 'offline:' prefix keeps these hashes apart from normal-payment hashes by construction.
  return hash('sha256', `offline:${canonicalJson(payment)}`, 'hex');
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
 * 오프라인 QR결제: the vouchers the batch's offline QR tokens name (by the voucher id inside the signed
 * payload) and the institution's contracts for their recipients — what a card read gives a card capture.
 */
interface QrVoucherRecords {
  readonly vouchers: ReadonlyMap<string, VoucherRow>;
  /** `${recipientId} ${programId}` of this institution's contracts. */
  readonly contracts: ReadonlySet<string>;
}

async function loadQrVoucherRecords(deps: HostDeps, institutionId: string, captures: readonly OfflinePayment[]): Promise<QrVoucherRecords> {
  const ids = new Set<string>();
  for (const capture of captures) {
    if (capture.qrToken === undefined) continue;
    const parsed = parseQrToken(capture.qrToken);
    if (parsed.ok && parsed.value.payload.v !== undefined) ids.add(parsed.value.payload.v);
  }
  const vouchers = (await Promise.all([...ids].map((id) => voucherRepository.findById(deps.db, id)))).filter(
    (row): row is VoucherRow => row !== undefined,
  );
  const contracts = await cardRepository.listContractsFor(deps.db, institutionId, [...new Set(vouchers.map((row) => row.recipient_id))]);
  return {
    vouchers: new Map(vouchers.map((row) => [row.id, row])),
    contracts: new Set(contracts.map((row) => `${row.recipient_id} ${row.program_id}`)),
  };
}

/** The voucher a capture pays: its card's (card rules), or the one its offline QR token was issued for. */
function resolveCapture(
  capture: OfflinePayment,
  records: CardRecords,
  qr: QrVoucherRecords,
): { ok: true; value: { program: Program; voucher: VoucherRow } } | { ok: false; code: ErrorCode; detail?: string } {
  const month = seoulMonth(capture.serviceStartAt);
  if (capture.method === 'card') {
    if (capture.card === undefined || capture.qrToken !== undefined)
      return { ok: false, code: '1001', detail: 'a card capture carries its card only' };
    return resolveCard(records, { card: capture.card, programId: capture.programId, month });
  }
  if (capture.qrToken === undefined || capture.card !== undefined) return { ok: false, code: '1001', detail: 'a QR capture carries its token only' };
  const parsed = parseQrToken(capture.qrToken);
  if (!parsed.ok) return { ok: false, code: '2142', detail: parsed.detail };
  const voucherId = parsed.value.payload.v;
  const voucher = voucherId === undefined ? undefined : qr.vouchers.get(voucherId);
  const program = findProgram(capture.programId);
  if (!voucher || !program || voucher.program_id !== program.id) return { ok: false, code: '2143', detail: `token voucher ${voucherId}` };
  if (!qr.contracts.has(`${voucher.recipient_id} ${program.id}`)) return { ok: false, code: '2207', detail: `recipient ${voucher.recipient_id}` };
  if (voucher.month !== month) return { ok: false, code: '2102', detail: `voucher ${voucher.id} of ${voucher.month}, service in ${month}` };
  return { ok: true, value: { program, voucher } };
}

interface Checked {
  readonly identity: CommandIdentity;
  /** The item to post, or why not. */
  readonly outcome: ReadyPayment | Refusal;
}

/** Every rule of a capture: its worker, its times, card → recipient → contract → voucher, the price. */
function checkCapture(
  deps: HostDeps,
  session: SessionContext,
  command: PaymentCommand,
  records: CardRecords,
  qrRecords: QrVoucherRecords,
  tariff: readonly TariffRow[],
  capReasons: ReadonlyMap<string, readonly ReviewReason[]>,
  hostNow: number,
): Checked {
  const capture = captureOf(command);
  let identity: CommandIdentity = {
    id: capture.paymentId,
    kind: 'payment',
    channel: 'sync',
    requestHash: hashOfflinePayment(capture),
    fingerprint: null,
    workerId: command.workerId,
    terminalId: session.terminalId,
    institutionId: session.institutionId,
  };
  const refuse = (code: ErrorCode, detail?: string): Checked => ({ identity, outcome: { command: identity, code, detail } });

  // Device times are never trusted past the clock tolerance: a capture "from the future" is a wrong clock.
  if (capture.capturedAt > hostNow + OFFLINE_END_AT_TOLERANCE_MS) return refuse('0101', `captured ${capture.capturedAt} host ${hostNow}`);
  if (capture.serviceEndAt > hostNow + OFFLINE_END_AT_TOLERANCE_MS) return refuse('3104', `end ${capture.serviceEndAt} host ${hostNow}`);
  if (capture.serviceEndAt > capture.capturedAt + OFFLINE_END_AT_TOLERANCE_MS) {
    return refuse('2111', `end ${capture.serviceEndAt} after the capture at ${capture.capturedAt}`);
  }

  // A capture with no signal carries 통신음영지역; only a 소급결제 names another reason.
  if (capture.mode === 'offline' && capture.reason !== 'dead-zone') return refuse('1001', `offline capture with reason ${capture.reason}`);

  // The voucher of the month the service was given in, not of the month it synced in.
  const resolved = resolveCapture(capture, records, qrRecords);
  if (!resolved.ok) return refuse(resolved.code, resolved.detail);
  const { program, voucher } = resolved.value;
  if (capture.mode === 'retroactive') {
    // A 소급결제 entered with no signal: its rules again, judged at the moment it was entered
    // (its "today" for 대상자 카드 미소지, its "now" for a future end).
    const checked = checkRetroactive(
      { model: program.model, serviceStartAt: capture.serviceStartAt, serviceEndAt: capture.serviceEndAt, reason: capture.reason },
      { now: capture.capturedAt, voucherMonth: voucher.month, maxMinutes: deps.config.retroMaxMinutes },
    );
    if (!checked.ok) return refuse(checked.code, checked.detail);
  }
  identity = {
    ...identity,
    fingerprint: paymentFingerprint({
      workerId: command.workerId,
      voucherId: voucher.id,
      programId: program.id,
      serviceStartAt: capture.serviceStartAt,
      serviceEndAt: capture.serviceEndAt,
      minutesByType: capture.minutesByType,
      amountKrw: capture.amountKrw,
    }),
  };
  // The tariff in force on the day of the service, however late it syncs.
  const priced = priceService(program, capture, tariff);
  if (!priced.ok) return refuse(priced.code, priced.detail);

  const review: ReviewReason[] = [
    ...(isLateCapture(capture.capturedAt, hostNow, deps.config.offlineLimits) ? (['late'] as const) : []),
    ...(capReasons.get(capture.paymentId) ?? []),
  ];
  return { identity, outcome: readyCapture(identity, capture, program, voucher, priced.value, review, hostNow) };
}

function readyCapture(
  identity: CommandIdentity,
  capture: OfflinePayment,
  program: Program,
  voucher: VoucherRow,
  priced: { serviceDate: string; minutesByType: Readonly<Record<string, number>>; amountKrw: number },
  review: readonly ReviewReason[],
  hostNow: number,
): ReadyPayment {
  // The card read, kept as an already-expired voucher screen (payments.lookup_id is NOT NULL); its
  // id is derived from the payment id, so a resend or a racing duplicate makes no second row.
  const lookupId = `offline-${capture.paymentId}`;
  return {
    command: identity,
    voucher,
    program,
    lookupId,
    method: capture.method,
    mode: capture.mode,
    reason: capture.reason,
    // An offline QR결제 read no card: recorded like the online QR결제's voucher screen ('typed').
    cardRead: capture.card?.kind ?? 'typed',
    serviceStartAt: capture.serviceStartAt,
    serviceEndAt: capture.serviceEndAt,
    serviceDate: priced.serviceDate,
    minutesByType: priced.minutesByType,
    amountKrw: priced.amountKrw,
    deviceAt: capture.capturedAt,
    review,
    // A service started online and paid offline is paid with the host's start time: the open
    // service that started then is closed by this payment, if it is still open.
    // A 소급결제 closes no visit: its service is the one the worker entered.
    closes: program.model === 'amount' || capture.mode === 'retroactive' ? null : { startedAt: capture.serviceStartAt },
    lookup: {
      id: lookupId,
      worker_id: identity.workerId,
      terminal_id: identity.terminalId,
      voucher_id: voucher.id,
      card_read: capture.card?.kind ?? 'typed',
      method: capture.method,
      created_at: hostNow,
      expires_at: hostNow,
    },
  };
}

/** The answer stored under a command id, for this request: its result, or 2107 when the id is another request's. */
function answerFromStored(stored: CommandOutcomeRow, identity: CommandIdentity): CommandResult {
  if (!isResubmission(stored, identity)) return refused(identity.id, '2107');
  if (stored.status === 'refused') return refused(identity.id, storedRefusalCode(stored));
  if (stored.approval_number === null || stored.balance_after_krw === null) {
    throw new Error(`approved command ${stored.id} has no payment`);
  }
  return {
    commandId: identity.id,
    kind: 'payment',
    status: 'approved',
    approvalNumber: stored.approval_number,
    balanceKrw: stored.balance_after_krw,
    recordedAt: Number(stored.recorded_at),
    flaggedForReview: stored.flagged_for_review === 1,
  };
}

/** The answer of an item that decided its id in this batch, when this batch stored its outcome. */
function answerFromBatch(
  identity: CommandIdentity,
  ready: ReadyPayment | undefined,
  refusals: ReadonlyMap<string, Refusal>,
  recorded: ReadonlySet<string>,
  posted: ReadonlyMap<string, PostedOutcome>,
  hostNow: number,
): CommandResult | undefined {
  if (ready === undefined) {
    if (!recorded.has(identity.id)) return undefined;
    const refusal = refusals.get(identity.id);
    return refusal ? refused(identity.id, refusal.code) : undefined;
  }
  const outcome = posted.get(identity.id);
  if (outcome?.status === 'refused') return refused(identity.id, outcome.code);
  if (outcome?.status !== 'approved') return undefined;
  return {
    commandId: identity.id,
    kind: 'payment',
    status: 'approved',
    approvalNumber: outcome.approvalNumber,
    balanceKrw: outcome.balanceKrw,
    recordedAt: hostNow,
    flaggedForReview: ready.review.length > 0,
  };
}

/**
 * A visit belongs to its worker: a capture paying the service another worker started on the voucher
 * (its start is exactly theirs, and the capturing worker has none at that instant) is 2115 — one
 * query per batch, for the open services the batch's time captures would close.
 */
async function closingOthersVisits(deps: HostDeps, ready: ReadonlyMap<string, ReadyPayment>): Promise<Refusal[]> {
  const closing = [...ready.values()].flatMap((item) =>
    item.closes !== null && 'startedAt' in item.closes ? [{ item, startedAt: item.closes.startedAt }] : [],
  );
  if (closing.length === 0) return [];
  const open = await openServiceRepository.listOpenStartedAt(
    deps.db,
    [...new Set(closing.map(({ item }) => item.voucher.id))],
    [...new Set(closing.map(({ startedAt }) => startedAt))],
  );
  const startersOf = (voucherId: string, startedAt: number): string[] =>
    open.filter((service) => service.voucher_id === voucherId && Number(service.started_at) === startedAt).map((service) => service.worker_id);
  return closing.flatMap(({ item, startedAt }) => {
    const starters = startersOf(item.voucher.id, startedAt);
    return starters.length > 0 && !starters.includes(item.command.workerId)
      ? [{ command: item.command, code: '2115' as const, detail: `start ${startedAt} is another worker's` }]
      : [];
  });
}

/**
 * 오프라인 QR결제: each capture's token redeemed exactly once, after every other rule passed — the same
 * payment again (a resent batch) is the same redemption; any other use is refused with its code
 * (2141 used, 2140 expired at the capture, 2142 altered, 2143 another host's or voucher's).
 */
async function redeemQrTokens(
  deps: HostDeps,
  session: SessionContext,
  ready: ReadonlyMap<string, ReadyPayment>,
  tokens: ReadonlyMap<string, string>,
): Promise<Refusal[]> {
  const refusals: Refusal[] = [];
  for (const item of ready.values()) {
    const token = tokens.get(item.command.id);
    if (token === undefined) continue;
    const redeemed = await redeemOfflineToken(deps, {
      token,
      voucherId: item.voucher.id,
      paymentId: item.command.id,
      workerId: item.command.workerId,
      terminalId: session.terminalId,
      capturedAt: item.deviceAt,
    });
    if (!redeemed.ok) refusals.push({ command: item.command, code: redeemed.code, detail: `offline QR token of ${item.command.id}` });
  }
  return refusals;
}

/** Applies a batch of commands and answers each item in order (undefined: left queued, see above). */
export async function applySyncBatch(
  deps: HostDeps,
  session: SessionContext,
  items: readonly BatchItem[],
  onItemError: (error: unknown) => void = () => undefined,
): Promise<(CommandResult | undefined)[]> {
  const { db } = deps;
  const hostNow = deps.now();
  const payments = items.flatMap((item) => ('command' in item && item.command.kind === 'payment' ? [item.command] : []));
  const captures = payments.map(captureOf);
  const [records, qrRecords, stored, tariff, onTerminal] = await Promise.all([
    loadCardRecords(
      db,
      session.institutionId,
      captures.flatMap((capture) =>
        capture.card === undefined ? [] : [{ card: capture.card, programId: capture.programId, month: seoulMonth(capture.serviceStartAt) }],
      ),
    ),
    loadQrVoucherRecords(deps, session.institutionId, captures),
    commandRepository.findOutcomes(
      db,
      captures.map((capture) => capture.paymentId),
    ),
    loadTariff(db),
    workersOnTerminal(db, session),
  ]);
  const capReasons = capReviewReasons(captures, deps.config.offlineLimits);
  const qrTokens = new Map(captures.flatMap((capture) => (capture.qrToken === undefined ? [] : [[capture.paymentId, capture.qrToken] as const])));

  const identities: (CommandIdentity | undefined)[] = new Array(items.length);
  const results: (CommandResult | undefined)[] = new Array(items.length);
  const ready = new Map<string, ReadyPayment>();
  const refusals: Refusal[] = [];
  /** The item index that decided each new id; a later item with the same id is answered from the stored outcome. */
  const decidedAt = new Map<string, number>();
  const cancels: { index: number; command: CancelCommand }[] = [];
  for (const [index, item] of items.entries()) {
    if ('malformedId' in item) {
      results[index] = refused(item.malformedId, '1001');
      continue;
    }
    const { command } = item;
    // A personal phone holds one worker's work; a shared terminal, the work of the workers who may
    // use it. A command of anyone else is not this session's to apply — nor to settle: nothing is
    // stored under its id (it may name no worker at all).
    const worker = onTerminal.get(command.workerId);
    if (worker === undefined) {
      results[index] = refused(commandIdOf(command), '0273');
      continue;
    }
    // 사용 중지: what the worker captured before it is still taken; anything captured after is not theirs to take.
    if (worker.deactivated_at !== null && command.capturedAt > Number(worker.deactivated_at)) {
      results[index] = refused(commandIdOf(command), '1053');
      continue;
    }
    if (command.kind === 'cancel') {
      cancels.push({ index, command });
      continue;
    }
    try {
      const checked = checkCapture(deps, session, command, records, qrRecords, tariff, capReasons, hostNow);
      identities[index] = checked.identity;
      const id = checked.identity.id;
      // Seen before (or twice in this batch): answered from what is stored under the id, below.
      if (stored.has(id) || decidedAt.has(id)) continue;
      decidedAt.set(id, index);
      if ('code' in checked.outcome) refusals.push(checked.outcome);
      else ready.set(id, checked.outcome);
    } catch (error) {
      // A host fault in one item's check must not hold back the others: this one stays queued.
      onItemError(error);
    }
  }

  for (const refusal of await closingOthersVisits(deps, ready)) {
    ready.delete(refusal.command.id);
    refusals.push(refusal);
  }
  // Last, so a token is spent only on a capture that passed every other rule.
  for (const refusal of await redeemQrTokens(deps, session, ready, qrTokens)) {
    ready.delete(refusal.command.id);
    refusals.push(refusal);
  }
  const recorded = await recordRefusals(db, refusals, hostNow);
  const posted = await postPayments(deps, [...ready.values()], hostNow);

  // Each item that decided a new id is answered from what this batch did with it; everything else
  // (seen before, repeated in this batch, or stored first by a racing duplicate) from what is
  // stored under its id, read in one query — so a racing duplicate answers the same.
  const toRead: number[] = [];
  const refusalById = new Map(refusals.map((refusal) => [refusal.command.id, refusal]));
  for (const [index, identity] of identities.entries()) {
    if (!identity) continue;
    const answer =
      decidedAt.get(identity.id) === index ? answerFromBatch(identity, ready.get(identity.id), refusalById, recorded, posted, hostNow) : undefined;
    if (answer) results[index] = answer;
    else toRead.push(index);
  }
  if (toRead.length > 0) {
    const outcomes = await commandRepository.findOutcomes(
      db,
      toRead.map((index) => identities[index]!.id),
    );
    for (const index of toRead) {
      const identity = identities[index]!;
      const outcome = stored.get(identity.id) ?? outcomes.get(identity.id);
      results[index] = outcome ? answerFromStored(outcome, identity) : undefined;
    }
  }
  // Cancellations come after the batch's payments (a queued cancel may name a payment captured in
  // the same batch), one by one: they are few, and each is its own small transaction.
  for (const { index, command } of cancels)
    results[index] = await applyCancel(deps, { ...session, workerId: command.workerId }, command, onItemError);
  return results;
}

async function applyCancel(
  deps: HostDeps,
  session: SessionContext,
  command: CancelCommand,
  onItemError: (error: unknown) => void,
): Promise<CommandResult | undefined> {
  try {
    const receipt = await cancelPayment(deps, session, {
      cancelId: command.commandId,
      target: { by: 'paymentId', paymentId: command.paymentId },
      deviceAt: command.capturedAt,
      channel: 'sync',
      workerId: command.workerId,
    });
    return {
      commandId: command.commandId,
      kind: 'cancel',
      status: 'cancelled',
      approvalNumber: receipt.approvalNumber,
      balanceKrw: receipt.balanceKrw,
      recordedAt: receipt.recordedAt,
    };
  } catch (error) {
    if (error instanceof HostError) return refused(command.commandId, error.code);
    onItemError(error);
    return undefined;
  }
}
