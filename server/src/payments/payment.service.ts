/**
 * 서비스 결제 — the money path, called by POST /api/payments once the session is known.
 * Every rule is checked before the first write, so a refusal changes nothing. The write is one
 * transaction: idempotent insert under the device-made id, a conditional balance update (no
 * hand-taken row locks; correct under READ COMMITTED and on SQLite's single writer), the close
 * of the open service, and the ledger entry. A resubmitted id answers the original result; an
 * approval-number collision rolls back and retries the whole transaction.
 */
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { makeApprovalNumber } from '../../../src/domain/approval';
import { findProgram, primaryServiceCode, type Program, type ProgramId } from '../../../src/domain/catalog';
import { computeCostKrw, validateAmount } from '../../../src/domain/cost';
import { isErrorCode, type ErrorCode } from '../../../src/domain/errors';
import { maskName } from '../../../src/domain/people';
import { validateSplit, type MinutesByType } from '../../../src/domain/split';
import { clocksDisagree, seoulDate, seoulInstant, wholeMinutesBetween } from '../../../src/domain/time';
import type { PaymentRequest, Receipt, TodayPayment } from '../../../src/domain/wire';
import type { SessionContext } from '../auth/auth.service';
import { loadTariff } from '../catalog/catalog.service';
import type { LookupRow } from '../cards/card.repository';
import type { Db } from '../db/database';
import { isUniqueViolation } from '../db/errors';
import type { HostDeps } from '../deps';
import { HostError } from '../http/host-error';
import { ledgerRepository } from '../ledger/ledger.repository';
import { voucherRepository } from '../ledger/voucher.repository';
import { openServiceRepository } from '../services/open-service.repository';
import { findOpenService, requireLiveLookup } from '../services/service.service';
import { paymentRepository, type PaymentRow } from './payment.repository';

/** A payment may end at most this far past the host clock (device clocks drift a little). */
export const END_AT_TOLERANCE_MS = 60_000;
const APPROVAL_ATTEMPTS = 5;

/** JSON with object keys sorted at every level, so the same request always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashPaymentRequest(request: PaymentRequest): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

export function newApprovalNumber(): string {
  let digits = '';
  for (let i = 0; i < 11; i++) digits += String(randomInt(0, 10));
  return makeApprovalNumber(digits);
}

/** The code of the one type billed, or the program's first code when several share the visit. */
function receiptServiceCode(program: Program, minutesByType: MinutesByType): string {
  const used = program.serviceTypes.filter((t) => (minutesByType[t.id] ?? 0) > 0);
  return used.length === 1 ? used[0]!.serviceCode : primaryServiceCode(program);
}

interface PricedPayment {
  readonly serviceStartAt: number;
  readonly serviceDate: string;
  readonly minutesByType: MinutesByType;
  readonly amountKrw: number;
  readonly openServiceId: string | null;
}

function orRefuse<T>(result: { ok: true; value: T } | { ok: false; code: ErrorCode; detail?: string }): T {
  if (!result.ok) throw new HostError(result.code, result.detail);
  return result.value;
}

/** Recomputes what the worker confirmed: the split and tariff for time programs, the keypad amount otherwise. */
async function pricePayment(db: Db, program: Program, voucherId: string, request: PaymentRequest, hostNow: number): Promise<PricedPayment> {
  if (program.model === 'amount') {
    if (request.openServiceId !== null || Object.keys(request.minutesByType).length > 0) {
      throw new HostError('1001', 'amount programs take no open service and no split');
    }
    const amountKrw = orRefuse(validateAmount(request.amountKrw));
    return {
      serviceStartAt: request.serviceEndAt,
      serviceDate: seoulDate(request.serviceEndAt),
      minutesByType: {},
      amountKrw,
      openServiceId: null,
    };
  }
  const openService = await findOpenService(db, voucherId, hostNow);
  if (!openService || request.openServiceId !== openService.id) throw new HostError('2108', `open service ${request.openServiceId}`);
  const serviceStartAt = Number(openService.started_at);
  const totalMinutes = wholeMinutesBetween(serviceStartAt, request.serviceEndAt);
  const minutesByType = orRefuse(validateSplit(program, totalMinutes, request.minutesByType));
  const serviceDate = seoulDate(serviceStartAt);
  const costKrw = orRefuse(computeCostKrw(program, minutesByType, await loadTariff(db), serviceDate));
  if (costKrw !== request.amountKrw) throw new HostError('2110', `computed ${costKrw}, sent ${request.amountKrw}`);
  return { serviceStartAt, serviceDate, minutesByType, amountKrw: costKrw, openServiceId: openService.id };
}

type ChargeOutcome = 'approved' | 'refused' | 'resubmitted';

async function charge(
  db: Db,
  session: SessionContext,
  lookup: LookupRow,
  program: Program,
  request: PaymentRequest,
  requestHash: string,
  priced: PricedPayment,
  hostNow: number,
): Promise<ChargeOutcome> {
  return db.transaction().execute(async (trx) => {
    const inserted = await paymentRepository.insertIfNew(trx, {
      id: request.paymentId,
      request_hash: requestHash,
      approval_number: newApprovalNumber(),
      voucher_id: lookup.voucher_id,
      worker_id: session.workerId,
      terminal_id: session.terminalId,
      institution_id: session.institutionId,
      lookup_id: lookup.id,
      open_service_id: priced.openServiceId,
      program_id: program.id,
      method: request.method,
      mode: request.mode,
      card_read: lookup.card_read,
      service_start_at: priced.serviceStartAt,
      service_end_at: request.serviceEndAt,
      service_date: priced.serviceDate,
      minutes_by_type: JSON.stringify(priced.minutesByType),
      amount_krw: priced.amountKrw,
      status: 'approved',
      refusal_code: null,
      device_at: request.deviceAt,
      recorded_at: hostNow,
    });
    if (!inserted) return 'resubmitted';

    const balanceAfterKrw = await voucherRepository.chargeIfCovered(trx, lookup.voucher_id, priced.amountKrw);
    if (balanceAfterKrw === undefined) {
      // Kept as a refused payment, so a resubmission of this id answers the same refusal.
      await paymentRepository.markRefused(trx, request.paymentId, '2101');
      return 'refused';
    }
    if (priced.openServiceId !== null && !(await openServiceRepository.close(trx, priced.openServiceId, lookup.voucher_id, request.paymentId))) {
      // Another payment closed this service a moment ago: undo the charge by throwing out of the transaction.
      throw new HostError('2108', `open service ${priced.openServiceId} already closed`);
    }
    await ledgerRepository.append(trx, {
      id: randomUUID(),
      voucher_id: lookup.voucher_id,
      payment_id: request.paymentId,
      kind: 'payment',
      delta_krw: -priced.amountKrw,
      balance_after_krw: balanceAfterKrw,
      recorded_at: hostNow,
    });
    return 'approved';
  });
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
    serviceCode: receiptServiceCode(program, minutesByType),
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

/** A payment id seen before: the same body gets the original answer, anything else 2107. */
async function answerResubmission(db: Db, session: SessionContext, existing: PaymentRow, requestHash: string): Promise<Receipt> {
  if (existing.worker_id !== session.workerId || existing.request_hash !== requestHash) {
    throw new HostError('2107', `payment ${existing.id}`);
  }
  if (existing.status === 'refused') {
    throw new HostError(isErrorCode(existing.refusal_code) ? existing.refusal_code : '2101', `resubmitted refused payment ${existing.id}`);
  }
  return loadReceipt(db, existing.id);
}

export async function submitPayment(deps: HostDeps, session: SessionContext, request: PaymentRequest): Promise<Receipt> {
  const { db } = deps;
  const hostNow = deps.now();
  const requestHash = hashPaymentRequest(request);

  // A retry after a lost answer may come after the voucher screen expired: answer it before any rule.
  const existing = await paymentRepository.findById(db, request.paymentId);
  if (existing) return answerResubmission(db, session, existing, requestHash);

  const lookup = await requireLiveLookup(db, session, request.lookupId, hostNow);
  if (clocksDisagree(request.deviceAt, hostNow)) throw new HostError('0101', `device ${request.deviceAt} host ${hostNow}`);
  if (request.serviceEndAt > hostNow + END_AT_TOLERANCE_MS) throw new HostError('3104', `end ${request.serviceEndAt} host ${hostNow}`);
  const voucher = await voucherRepository.findById(db, lookup.voucher_id);
  const program = voucher ? findProgram(voucher.program_id) : undefined;
  if (!voucher || !program) throw new HostError('2206', `voucher ${lookup.voucher_id}`);
  const priced = await pricePayment(db, program, voucher.id, request, hostNow);

  for (let attempt = 1; ; attempt++) {
    let outcome: ChargeOutcome;
    try {
      outcome = await charge(db, session, lookup, program, request, requestHash, priced, hostNow);
    } catch (error) {
      if (attempt < APPROVAL_ATTEMPTS && isUniqueViolation(error, 'approval_number')) continue;
      throw error;
    }
    if (outcome === 'refused') throw new HostError('2101', `voucher ${voucher.id} short of ${priced.amountKrw}`);
    if (outcome === 'resubmitted') {
      // The same id arrived twice at once and the other request committed first.
      const original = await paymentRepository.findById(db, request.paymentId);
      if (!original) throw new Error(`payment ${request.paymentId} vanished`);
      return answerResubmission(db, session, original, requestHash);
    }
    return loadReceipt(db, request.paymentId);
  }
}

/** 당일 결제 목록: the worker's approved payments recorded on today's Seoul date, newest first. */
export async function todayPayments(deps: HostDeps, session: SessionContext): Promise<{ payments: TodayPayment[] }> {
  const hostNow = deps.now();
  const dayStartAt = seoulInstant(seoulDate(hostNow), 0, 0);
  const rows = await paymentRepository.listApprovedForWorker(deps.db, session.workerId, dayStartAt, dayStartAt + 24 * 3_600_000);
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
              status: 'approved' as const,
            },
          ],
    ),
  };
}
