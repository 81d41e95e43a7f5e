/**
 * 서비스 결제 — the online payment, called by POST /api/payments once the session is known.
 * A payment id seen before is answered from what is stored under it, whatever the rules say now (a
 * retry after a lost answer may come after the voucher screen expired). A new one must pass every rule —
 * the worker's own live voucher screen on this terminal, a device clock within 5 minutes, service
 * times that are now (a 정상결제 is the service that ends on this voucher screen; anything older is
 * a 소급결제), the open service it closes, the tariff's price — and is then posted through the one
 * posting path (posting.ts). Every refusal is stored under the id, so the id has one outcome.
 */
import { hash } from 'node:crypto';
import { findProgram, billedServiceCode, type ProgramId } from '../../../src/domain/catalog';
import { maskName } from '../../../src/domain/people';
import { priceService } from '../../../src/domain/pricing';
import { clocksDisagree, seoulDate, seoulInstant } from '../../../src/domain/time';
import type { MinutesByType } from '../../../src/domain/split';
import { checkRetroactive } from '../../../src/domain/retroactive';
import type { PaymentRequest, Receipt, RetroPaymentRequest, TodayPayment } from '../../../src/domain/wire';
import type { SessionContext } from '../auth/auth.service';
import { loadTariff } from '../catalog/catalog.service';
import type { LookupRow } from '../cards/card.repository';
import { cardRepository } from '../cards/card.repository';
import { commandRepository, type CommandOutcomeRow } from '../commands/command.repository';
import type { Db } from '../db/database';
import type { HostDeps } from '../deps';
import { HostError } from '../http/host-error';
import type { VoucherForReceipt } from '../ledger/voucher.repository';
import { openServiceRepository, type OpenServiceRow } from '../services/open-service.repository';
import { isOpen, requireLiveLookup } from '../services/service.service';
import { actingOn } from '../terminals/terminal-workers';
import { paymentFingerprint } from './fingerprint';
import { paymentRepository } from './payment.repository';
import { isResubmission, recordRefusals, storedRefusalCode, type CommandIdentity, type ReadyPayment } from './posting';

/** A 정상결제 may end at most this far from the host clock, either way (device clocks drift a little). */
export const END_AT_TOLERANCE_MS = 60_000;

/**
 * JSON with object keys sorted at every level (by code unit), undefined members left out, so the
 * same request always hashes the same. Stored request hashes depend on every byte of it.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // An element JSON cannot write (undefined, a function) is left empty, as Array#join does.
      out += canonicalJson(value[i]) ?? '';
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}

export function hashPaymentRequest(request: PaymentRequest): string {
  return hash('sha256', canonicalJson(request), 'hex');
}

/** The rows an online request names, each read once: its voucher screen, voucher (with the names a receipt shows), open service. */
interface Named {
  readonly lookup: LookupRow | undefined;
  readonly voucher: VoucherForReceipt | undefined;
  readonly openService: OpenServiceRow | undefined;
}

async function loadNamed(db: Db, session: SessionContext, request: PaymentRequest): Promise<Named> {
  const [named, openService] = await Promise.all([
    paymentRepository.findLookupWithVoucher(db, request.lookupId, session.institutionId),
    request.openServiceId === null ? Promise.resolve(undefined) : openServiceRepository.findById(db, request.openServiceId),
  ]);
  if (!named) return { lookup: undefined, voucher: undefined, openService: undefined };
  const { lookup, voucher } = named;
  return { lookup, voucher, openService: openService?.voucher_id === lookup.voucher_id ? openService : undefined };
}

/**
 * What an online request means (its fingerprint), from the rows it names as they are stored —
 * expired or closed or not — so a retry can be compared with a capture of the same payment.
 */
function onlineFingerprint(session: SessionContext, request: PaymentRequest, named: Named): string | null {
  const { voucher, openService } = named;
  if (!voucher || (request.openServiceId !== null && !openService)) return null;
  return paymentFingerprint({
    workerId: session.workerId,
    voucherId: voucher.id,
    programId: voucher.program_id,
    serviceStartAt: request.mode === 'retroactive' ? request.serviceStartAt : openService ? Number(openService.started_at) : request.serviceEndAt,
    serviceEndAt: request.serviceEndAt,
    minutesByType: request.minutesByType,
    amountKrw: request.amountKrw,
  });
}

/** A voucher screen opened by a biometric approval pays at most the amount the recipient approved (2147). */
function withinApprovedCap(lookup: LookupRow, amountKrw: number): void {
  if (lookup.amount_cap_krw !== null && amountKrw > Number(lookup.amount_cap_krw)) {
    throw new HostError('2147', `amount ${amountKrw} over the approved ${lookup.amount_cap_krw}`);
  }
}

/** Every rule of a 정상결제, before the first write; throws the refusal. */
async function prepare(
  deps: HostDeps,
  session: SessionContext,
  request: PaymentRequest,
  command: CommandIdentity,
  named: Named,
  hostNow: number,
): Promise<ReadyPayment> {
  const lookup = requireLiveLookup(named.lookup, session, request.lookupId, hostNow);
  // The payment is recorded with the way its voucher screen was opened (card, QR, biometric approval).
  if (request.method !== lookup.method) throw new HostError('1001', `method ${request.method} on a ${lookup.method} voucher screen`);
  if (clocksDisagree(request.deviceAt, hostNow)) throw new HostError('0101', `device ${request.deviceAt} host ${hostNow}`);
  if (request.mode === 'retroactive') return prepareRetroactive(deps, request, command, named, lookup, hostNow);
  if (request.serviceEndAt > hostNow + END_AT_TOLERANCE_MS) throw new HostError('3104', `end ${request.serviceEndAt} host ${hostNow}`);
  // A 정상결제 is the service that ends on this voucher screen: an end before the card was read
  // is a past service, which only a 소급결제 (with its reason and rules) may bill.
  if (request.serviceEndAt < Number(lookup.created_at) - END_AT_TOLERANCE_MS) {
    throw new HostError('2114', `end ${request.serviceEndAt} before the card read at ${lookup.created_at}`);
  }
  const { voucher } = named;
  const program = voucher ? findProgram(voucher.program_id) : undefined;
  if (!voucher || !program) throw new HostError('2206', `voucher ${lookup.voucher_id}`);

  let serviceStartAt = request.serviceEndAt;
  if (program.model === 'amount') {
    if (request.openServiceId !== null) throw new HostError('1001', 'amount programs take no open service');
  } else {
    // The service being paid must be an open one of this voucher, and the paying worker's own.
    const openService = named.openService;
    if (!openService || !isOpen(openService, hostNow)) throw new HostError('2108', `open service ${request.openServiceId}`);
    if (openService.worker_id !== session.workerId) throw new HostError('2115', `open service ${openService.id} is another worker's`);
    serviceStartAt = Number(openService.started_at);
  }
  const priced = priceService(
    program,
    { serviceStartAt, serviceEndAt: request.serviceEndAt, minutesByType: request.minutesByType, amountKrw: request.amountKrw },
    await loadTariff(deps.db),
  );
  if (!priced.ok) throw new HostError(priced.code, priced.detail);
  withinApprovedCap(lookup, priced.value.amountKrw);

  return {
    command,
    voucher,
    program,
    lookupId: lookup.id,
    method: request.method,
    mode: 'normal',
    reason: null,
    cardRead: lookup.card_read,
    serviceStartAt,
    serviceEndAt: request.serviceEndAt,
    serviceDate: priced.value.serviceDate,
    minutesByType: priced.value.minutesByType,
    amountKrw: priced.value.amountKrw,
    deviceAt: request.deviceAt,
    review: [],
    closes: request.openServiceId === null ? null : { openServiceId: request.openServiceId },
    lookup: null,
  };
}

/**
 * The rules of a 소급결제 past the voucher screen's: the service the worker entered, checked with the
 * same pure rules the device shows (src/domain/retroactive.ts) against the host clock and this
 * voucher's month, priced like any service, and posted with its reason. It closes no open service.
 */
async function prepareRetroactive(
  deps: HostDeps,
  request: RetroPaymentRequest,
  command: CommandIdentity,
  named: Named,
  lookup: LookupRow,
  hostNow: number,
): Promise<ReadyPayment> {
  const { voucher } = named;
  const program = voucher ? findProgram(voucher.program_id) : undefined;
  if (!voucher || !program) throw new HostError('2206', `voucher ${lookup.voucher_id}`);
  const { serviceStartAt, serviceEndAt } = request;
  const checked = checkRetroactive(
    { model: program.model, serviceStartAt, serviceEndAt, reason: request.reason },
    { now: hostNow, voucherMonth: voucher.month, maxMinutes: deps.config.retroMaxMinutes },
  );
  if (!checked.ok) throw new HostError(checked.code, checked.detail);
  const priced = priceService(
    program,
    { serviceStartAt, serviceEndAt, minutesByType: request.minutesByType, amountKrw: request.amountKrw },
    await loadTariff(deps.db),
  );
  if (!priced.ok) throw new HostError(priced.code, priced.detail);
  withinApprovedCap(lookup, priced.value.amountKrw);
  return {
    command,
    voucher,
    program,
    lookupId: lookup.id,
    method: request.method,
    mode: 'retroactive',
    reason: request.reason,
    cardRead: lookup.card_read,
    serviceStartAt,
    serviceEndAt,
    serviceDate: priced.value.serviceDate,
    minutesByType: priced.value.minutesByType,
    amountKrw: priced.value.amountKrw,
    deviceAt: request.deviceAt,
    review: [],
    closes: null,
    lookup: null,
  };
}

async function loadReceipt(db: Db, paymentId: string): Promise<Receipt> {
  const row = await paymentRepository.findReceiptRow(db, paymentId);
  const program = row ? findProgram(row.program_id) : undefined;
  if (!row || !program || row.approval_number === null || row.balance_after_krw === null) {
    throw new Error(`payment ${paymentId} has no receipt`);
  }
  const minutesByType = JSON.parse(row.minutes_by_type) as MinutesByType;
  return {
    paymentId: row.id,
    approvalNumber: row.approval_number,
    programId: program.id,
    institutionName: row.institution_name,
    recipientMasked: maskName(row.recipient_name),
    serviceCode: billedServiceCode(program, minutesByType),
    serviceDate: row.service_date,
    serviceStartAt: Number(row.service_start_at),
    serviceEndAt: Number(row.service_end_at),
    minutesByType,
    amountKrw: Number(row.amount_krw),
    balanceKrw: Number(row.balance_after_krw),
    cardRead: row.card_read,
    recordedAt: Number(row.recorded_at),
  };
}

/** The answer stored under an id: the original receipt, or the original refusal; 2107 for another request. */
async function answerStored(db: Db, stored: CommandOutcomeRow, command: CommandIdentity): Promise<Receipt> {
  if (!isResubmission(stored, command)) throw new HostError('2107', `payment ${stored.id}`);
  if (stored.status === 'refused') throw new HostError(storedRefusalCode(stored), `resubmitted refused payment ${stored.id}`);
  return loadReceipt(db, stored.id);
}

/** The stored outcome of a command id, if the id is stored. */
async function findStored(db: Db, id: string): Promise<CommandOutcomeRow | undefined> {
  return (await commandRepository.findOutcomes(db, [id])).get(id);
}

/**
 * The online payment. A new id is the common case, so the rules run first: an id stored before (a
 * retry after a lost answer, perhaps after its voucher screen expired, or a racing duplicate) is
 * found when neither its refusal nor its posting can be stored under it, and what is stored is the
 * answer — a retry is never charged again and never answered anew. `gate` (MIN_APP_VERSION) holds
 * back NEW payments only: an outdated app's retry of a payment the host already has is answered.
 */
export async function submitPayment(
  deps: HostDeps,
  caller: SessionContext,
  request: PaymentRequest,
  gate: () => void = () => undefined,
): Promise<Receipt> {
  const { db } = deps;
  const hostNow = deps.now();
  const named = await loadNamed(db, caller, request);
  // On a shared terminal the payment is the worker's who entered their 결제 ID on its voucher screen.
  const session = actingOn(caller, named.lookup);
  const command: CommandIdentity = {
    id: request.paymentId,
    kind: 'payment',
    channel: 'online',
    requestHash: hashPaymentRequest(request),
    fingerprint: onlineFingerprint(session, request, named),
    workerId: session.workerId,
    terminalId: session.terminalId,
    institutionId: session.institutionId,
  };
  try {
    gate();
  } catch (error) {
    const stored = await findStored(db, command.id);
    if (stored) return answerStored(db, stored, command);
    throw error;
  }

  let ready: ReadyPayment;
  try {
    ready = await prepare(deps, session, request, command, named, hostNow);
    const outcome = await deps.postings.post(ready);
    if (outcome.status === 'approved') return receiptOf(ready, named.voucher!, outcome);
    if (outcome.status === 'refused') throw new HostError(outcome.code, `voucher ${ready.voucher.id} short of ${ready.amountKrw}`);
  } catch (error) {
    if (!(error instanceof HostError)) throw error;
    // Stored under the id: the same request again gets the same refusal, wherever it comes from.
    // A balance refusal was stored inside the posting transaction already.
    const recorded =
      error.code === '2101' ? true : (await recordRefusals(db, [{ command, code: error.code, detail: error.detail }], hostNow)).has(command.id);
    if (recorded) throw error;
  }
  // The id was stored before, or by a racing duplicate first: its outcome is the answer, for both.
  const outcome = await findStored(db, command.id);
  if (!outcome) throw new Error(`payment ${command.id} has no stored outcome`);
  return answerStored(db, outcome, command);
}

/** The receipt of a payment just approved, from what the posting knew: no read back. */
function receiptOf(
  ready: ReadyPayment,
  voucher: VoucherForReceipt,
  outcome: { approvalNumber: string; balanceKrw: number; recordedAt: number },
): Receipt {
  return {
    paymentId: ready.command.id,
    approvalNumber: outcome.approvalNumber,
    programId: ready.program.id,
    institutionName: voucher.institution_name,
    recipientMasked: maskName(voucher.recipient_name),
    serviceCode: billedServiceCode(ready.program, ready.minutesByType),
    serviceDate: ready.serviceDate,
    serviceStartAt: ready.serviceStartAt,
    serviceEndAt: ready.serviceEndAt,
    minutesByType: ready.minutesByType,
    amountKrw: ready.amountKrw,
    balanceKrw: outcome.balanceKrw,
    cardRead: ready.cardRead,
    recordedAt: outcome.recordedAt,
  };
}

/**
 * 당일 결제 목록: the approved payments recorded on today's Seoul date, newest first — the worker's on
 * a personal phone, the terminal's (every worker's on it) on a shared one; each marked cancelled
 * once it is. From a voucher screen (당일거래 취소), only its worker's payments on its voucher.
 */
export async function todayPayments(deps: HostDeps, caller: SessionContext, lookupId: string | null = null): Promise<{ payments: TodayPayment[] }> {
  const hostNow = deps.now();
  const dayStartAt = seoulInstant(seoulDate(hostNow), 0, 0);
  let whose: { workerId: string } | { terminalId: string } =
    caller.terminalProfile === 'shared' ? { terminalId: caller.terminalId } : { workerId: caller.workerId };
  let voucherId: string | null = null;
  if (lookupId !== null) {
    const named = await cardRepository.findLookup(deps.db, lookupId);
    const session = actingOn(caller, named);
    voucherId = requireLiveLookup(named, session, lookupId, hostNow).voucher_id;
    whose = { workerId: session.workerId };
  }
  const rows = await paymentRepository.listApprovedForWorker(deps.db, whose, dayStartAt, dayStartAt + 24 * 3_600_000, voucherId);
  return {
    payments: rows.flatMap((row) =>
      row.approval_number === null
        ? []
        : [
            {
              paymentId: row.id,
              approvalNumber: row.approval_number,
              programId: row.program_id as ProgramId,
              recipientMasked: maskName(row.recipient_name),
              serviceStartAt: Number(row.service_start_at),
              serviceEndAt: Number(row.service_end_at),
              amountKrw: Number(row.amount_krw),
              status: row.cancellation_id === null ? ('approved' as const) : ('cancelled' as const),
            },
          ],
    ),
  };
}
