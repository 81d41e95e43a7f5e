/**
 * 연습모드: a voucher host that lives in the page, for practice. It is a Transport (the seam of the
 * one host-fetch core, src/api/host.ts): while the app practises, every request the page makes is
 * answered here, from practice data held in memory, and none leaves the device — there is no fetch
 * in this module. It follows the real host's rules where a trainee meets them (the card, the
 * 5-minute voucher screen, the 결제 ID of a shared terminal, the tariff's price through the same
 * domain pricing, the balance, one outcome per payment id, 거래 취소) and keeps its own balances,
 * so nothing real — balances, ledger, outbox, notifications — is ever touched. Its cards and its
 * approval numbers are in ranges the real host never issues (card numbers 0000…, tokens PRACTICE-,
 * approval numbers 99999…): a practice receipt cannot be taken for a real one.
 *
 * Who calls it: the provider shell, through configureHost (page realm only) and the practice
 * DeviceServices; the boundary rules keep the syncer, the service worker and the comlink worker
 * from importing it.
 */
import * as v from 'valibot';
import { makePracticeApprovalNumber } from '../domain/approval';
import { billedServiceCode, findProgram, PROGRAMS, primaryServiceCode, type ProgramId } from '../domain/catalog';
import { ERRORS, type ErrorCode } from '../domain/errors';
import {
  cardHashInput,
  workerCardHashInput,
  DEFAULT_OFFLINE_LIMITS,
  DEVICE_SNAPSHOT_PATH,
  SYNC_COMMANDS_PATH,
  SyncBatchRequestSchema,
  SyncCommandSchema,
  type DeviceSnapshot,
  type SyncCommandResult,
} from '../domain/offline';
import { maskName, normalizeCardNumber } from '../domain/people';
import { priceService } from '../domain/pricing';
import { TARIFF_2026, type TariffRow } from '../domain/tariff';
import { seoulDate, seoulInstant, seoulMonth } from '../domain/time';
import {
  API,
  CancelRequestSchema,
  CardCheckRequestSchema,
  CardLookupRequestSchema,
  LookupWorkerRequestSchema,
  PaymentRequestSchema,
  ServiceDiscardRequestSchema,
  ServiceStartRequestSchema,
  type CancelReceipt,
  type CardRead,
  type Receipt,
  type SessionInfo,
  type TodayPayment,
  type VoucherScreen,
} from '../domain/wire';
import type { Transport } from '../api/host';

/** One practice card: what the trainee tags (token) or types (number), and whose voucher it opens. */
export interface PracticeCard {
  readonly recipientMasked: string;
  readonly programId: ProgramId;
  readonly cardToken: string;
  readonly cardNumber: string;
  readonly balanceKrw: number;
}

export interface PracticeHostOptions {
  /** The real session: the institution's name and programs, the worker, the terminal (and its profile). */
  readonly session: SessionInfo;
  /** The host's tariff as the device last had it; the published 2026 one when it has none. */
  readonly tariff?: readonly TariffRow[] | undefined;
  /** Shared terminals: the 결제 IDs the real terminal takes (from its snapshot); empty: any ID practises. */
  readonly terminalWorkers?: readonly { workerId: string; paymentId: string; cardHashes?: string[] | undefined }[] | undefined;
  /** The host's clock as the device knows it (device clock + measured offset). */
  readonly now: () => number;
  /** 6 random digits for an approval number. */
  readonly randomDigits?: () => string;
}

/** A practice visit started this long ago, so 서비스 결제 of a time program can be practised at once. */
export const PRACTICE_SERVICE_AGO_MS = 60 * 60_000;
const LOOKUP_TTL_MS = 5 * 60_000;
const PRACTICE_BALANCE_KRW = 1_000_000;

/** The practice cards of the programs an institution bills: one each, and a low balance to meet 2101. */
export function practiceCards(programIds: readonly ProgramId[]): PracticeCard[] {
  const cards = programIds.map(
    (programId, index): PracticeCard => ({
      recipientMasked: maskName('연습이용자'),
      programId,
      cardToken: `PRACTICE-${programId}`,
      cardNumber: `00000000000000${String(index + 1).padStart(2, '0')}`,
      balanceKrw: PRACTICE_BALANCE_KRW,
    }),
  );
  const amountProgram = programIds.find((id) => findProgram(id)?.model === 'amount');
  if (amountProgram) {
    cards.push({
      recipientMasked: maskName('잔액부족'),
      programId: amountProgram,
      cardToken: `PRACTICE-${amountProgram}-low`,
      cardNumber: '0000000000000099',
      balanceKrw: 10_000,
    });
  }
  return cards;
}

interface Voucher {
  readonly id: string;
  readonly card: PracticeCard;
  balanceKrw: number;
  openService: { id: string; startedAt: number; workerId: string } | null;
}

interface Lookup {
  readonly id: string;
  readonly voucherId: string;
  readonly cardRead: 'nfc' | 'typed';
  readonly createdAt: number;
  readonly expiresAt: number;
  workerId: string | null;
}

interface PaymentRecord {
  readonly receipt: Receipt;
  readonly voucherId: string;
  readonly requestKey: string;
  cancelled: CancelReceipt | null;
}

class Refusal extends Error {
  constructor(readonly code: ErrorCode) {
    super(code);
  }
}

const refuse = (code: ErrorCode): never => {
  throw new Refusal(code);
};

function parse<S extends v.GenericSchema>(schema: S, body: unknown): v.InferOutput<S> {
  const parsed = v.safeParse(schema, body);
  return parsed.success ? parsed.output : refuse('1001');
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const defaultDigits = (): string => String(crypto.getRandomValues(new Uint32Array(1))[0]! % 1_000_000).padStart(6, '0');

/** The paths a practice session may not take: they would change real things (a password, the session, the terminal). */
const REAL_ONLY: readonly string[] = [API.login, API.logout, API.autoLoginOff, API.changePassword, API.reclaimTerminal];

export interface PracticeHost {
  /** Answers every request of the page while it practises; nothing reaches the network. */
  readonly transport: Transport;
  readonly cards: readonly PracticeCard[];
  /** How many requests it answered (tests: the practice flow went through it). */
  readonly answered: () => number;
}

export function createPracticeHost(options: PracticeHostOptions): PracticeHost {
  const { session, now } = options;
  const tariff = options.tariff && options.tariff.length > 0 ? options.tariff : TARIFF_2026;
  const randomDigits = options.randomDigits ?? defaultDigits;
  const shared = session.terminal.profile === 'shared';
  const cards = practiceCards(session.programIds);
  const vouchers = new Map<string, Voucher>(
    cards.map((card, index) => [card.cardToken, { id: `practice-voucher-${index + 1}`, card, balanceKrw: card.balanceKrw, openService: null }]),
  );
  const lookups = new Map<string, Lookup>();
  const payments = new Map<string, PaymentRecord>();
  const byApproval = new Map<string, string>();
  const cancels = new Map<string, CancelReceipt>();
  let answered = 0;

  const voucherOfCard = (card: CardRead): Voucher => {
    const found =
      card.kind === 'nfc'
        ? vouchers.get(card.token)
        : [...vouchers.values()].find((voucher) => voucher.card.cardNumber === normalizeCardNumber(card.number));
    return found ?? refuse('2001');
  };
  const voucherById = (id: string): Voucher => [...vouchers.values()].find((voucher) => voucher.id === id) ?? refuse('2102');

  const liveLookup = (lookupId: string): Lookup => {
    const lookup = lookups.get(lookupId);
    if (!lookup || now() >= lookup.expiresAt) return refuse('2106');
    return lookup;
  };
  const boundLookup = (lookupId: string): Lookup => {
    const lookup = liveLookup(lookupId);
    if (lookup.workerId === null) refuse('0273');
    return lookup;
  };

  function workerOf(paymentId: string): string {
    const known = options.terminalWorkers ?? [];
    if (known.length === 0) return `practice-${paymentId}`;
    return known.find((worker) => worker.paymentId === paymentId)?.workerId ?? refuse('0273');
  }

  /** 제공인력카드 in practice: the real terminal's workers' cards, matched by hash as offline; nothing leaves the device. */
  async function workerOfCard(card: CardRead): Promise<{ workerId: string; paymentId: string }> {
    const hash = await sha256Hex(workerCardHashInput(card));
    const worker = (options.terminalWorkers ?? []).find((candidate) => candidate.cardHashes?.includes(hash));
    return worker ? { workerId: worker.workerId, paymentId: worker.paymentId } : refuse('0273');
  }

  function approvalNumber(): string {
    for (;;) {
      const candidate = makePracticeApprovalNumber(randomDigits());
      if (!byApproval.has(candidate)) return candidate;
    }
  }

  /** Charges a priced service to a practice voucher and answers its receipt: the one practice posting path. */
  function post(
    voucher: Voucher,
    paymentId: string,
    requestKey: string,
    claim: { serviceStartAt: number; serviceEndAt: number; minutesByType: Readonly<Record<string, number>>; amountKrw: number },
    cardRead: 'nfc' | 'typed',
  ): Receipt {
    const stored = payments.get(paymentId);
    if (stored) return stored.requestKey === requestKey ? stored.receipt : refuse('2107');
    const program = findProgram(voucher.card.programId) ?? refuse('2206');
    const priced = priceService(program, claim, tariff);
    if (!priced.ok) return refuse(priced.code);
    if (voucher.balanceKrw < priced.value.amountKrw) return refuse('2101');
    voucher.balanceKrw -= priced.value.amountKrw;
    const receipt: Receipt = {
      paymentId,
      approvalNumber: approvalNumber(),
      programId: program.id,
      institutionName: session.institution.name,
      recipientMasked: voucher.card.recipientMasked,
      serviceCode: billedServiceCode(program, priced.value.minutesByType),
      serviceDate: priced.value.serviceDate,
      serviceStartAt: claim.serviceStartAt,
      serviceEndAt: claim.serviceEndAt,
      minutesByType: priced.value.minutesByType,
      amountKrw: priced.value.amountKrw,
      balanceKrw: voucher.balanceKrw,
      cardRead,
      recordedAt: now(),
    };
    payments.set(paymentId, { receipt, voucherId: voucher.id, requestKey, cancelled: null });
    byApproval.set(receipt.approvalNumber, paymentId);
    return receipt;
  }

  function cancel(
    cancelId: string,
    target: { by: 'approvalNumber'; approvalNumber: string } | { by: 'paymentId'; paymentId: string },
  ): CancelReceipt {
    const done = cancels.get(cancelId);
    if (done) return done;
    const paymentId = target.by === 'paymentId' ? target.paymentId : byApproval.get(target.approvalNumber);
    const record = paymentId === undefined ? undefined : payments.get(paymentId);
    if (!record) return refuse('2130');
    if (record.cancelled) return refuse('2131');
    const voucher = voucherById(record.voucherId);
    voucher.balanceKrw += record.receipt.amountKrw;
    const receipt: CancelReceipt = {
      cancelId,
      paymentId: record.receipt.paymentId,
      approvalNumber: record.receipt.approvalNumber,
      programId: record.receipt.programId,
      institutionName: record.receipt.institutionName,
      recipientMasked: record.receipt.recipientMasked,
      serviceDate: record.receipt.serviceDate,
      amountKrw: record.receipt.amountKrw,
      balanceKrw: voucher.balanceKrw,
      recordedAt: now(),
    };
    record.cancelled = receipt;
    cancels.set(cancelId, receipt);
    return receipt;
  }

  async function snapshot(): Promise<DeviceSnapshot> {
    const rows = await Promise.all(
      [...vouchers.values()].map(async (voucher) => {
        const program = findProgram(voucher.card.programId)!;
        return {
          recipientId: voucher.id,
          recipientMasked: voucher.card.recipientMasked,
          programId: program.id,
          serviceCode: primaryServiceCode(program),
          voucherId: voucher.id,
          voucherMonth: seoulMonth(now()),
          balanceKrw: voucher.balanceKrw,
          cardHashes: [
            await sha256Hex(cardHashInput({ kind: 'nfc', token: voucher.card.cardToken })),
            await sha256Hex(cardHashInput({ kind: 'typed', number: voucher.card.cardNumber })),
          ],
          openService: voucher.openService ? { id: voucher.openService.id, startedAt: voucher.openService.startedAt } : null,
        };
      }),
    );
    return {
      institutionName: session.institution.name,
      vouchers: rows,
      limits: { ...DEFAULT_OFFLINE_LIMITS },
      tariff: [...tariff],
      ...(shared ? { terminalWorkers: options.terminalWorkers?.length ? [...options.terminalWorkers] : [] } : {}),
      hostNow: now(),
    };
  }

  function applyCommands(body: unknown): { results: SyncCommandResult[]; hostNow: number } {
    const batch = parse(SyncBatchRequestSchema, body);
    const results = batch.items.map((raw): SyncCommandResult => {
      const parsed = v.safeParse(SyncCommandSchema, raw);
      const commandId =
        typeof raw === 'object' && raw !== null
          ? String((raw as Record<string, unknown>).paymentId ?? (raw as Record<string, unknown>).commandId ?? '')
          : '';
      try {
        if (!parsed.success) return refuse('1001');
        const command = parsed.output;
        if (command.kind === 'cancel') {
          const receipt = cancel(command.commandId, { by: 'paymentId', paymentId: command.paymentId });
          return {
            commandId: command.commandId,
            kind: 'cancel',
            status: 'cancelled',
            approvalNumber: receipt.approvalNumber,
            balanceKrw: receipt.balanceKrw,
            recordedAt: receipt.recordedAt,
          };
        }
        // 연습모드 has practice cards only (no portal, so no offline QR token).
        const card = command.card ?? refuse('2001');
        const voucher = voucherOfCard(card);
        if (voucher.card.programId !== command.programId) refuse('2207');
        const receipt = post(voucher, command.paymentId, JSON.stringify(command), command, card.kind);
        if (voucher.openService && program(voucher).model !== 'amount') voucher.openService = null;
        return {
          commandId: command.paymentId,
          kind: 'payment',
          status: 'approved',
          approvalNumber: receipt.approvalNumber,
          balanceKrw: receipt.balanceKrw,
          recordedAt: receipt.recordedAt,
          flaggedForReview: false,
        };
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        return { commandId, status: 'refused', code: error.code, message: ERRORS[error.code].messageKo };
      }
    });
    return { results, hostNow: now() };
  }

  const program = (voucher: Voucher) => findProgram(voucher.card.programId)!;

  function voucherScreen(voucher: Voucher, lookup: Lookup): VoucherScreen {
    const found = program(voucher);
    return {
      lookupId: lookup.id,
      ...(shared ? { needsWorker: true } : {}),
      programId: found.id,
      institutionName: session.institution.name,
      recipientMasked: voucher.card.recipientMasked,
      serviceCode: primaryServiceCode(found),
      balanceKrw: voucher.balanceKrw,
      voucherMonth: seoulMonth(now()),
      expiresAt: lookup.expiresAt,
      hostNow: now(),
      openService: voucher.openService ? { id: voucher.openService.id, startedAt: voucher.openService.startedAt } : null,
    };
  }

  async function route(method: string, path: string, body: unknown, query: URLSearchParams): Promise<unknown> {
    if (REAL_ONLY.includes(path)) return refuse('1030');
    const at = now();
    switch (`${method} ${path}`) {
      case `GET ${API.health}`:
        return { ok: true, hostNow: at, version: 'practice', minAppVersion: null };
      case `GET ${API.me}`:
        return { ...session, reinstall: undefined, hostNow: at };
      case `POST ${API.registerTerminal}`:
        return session.terminal;
      case `GET ${API.catalog}`:
        return { programs: PROGRAMS.map((p) => ({ ...p, serviceTypes: p.serviceTypes.map((t) => ({ ...t })) })), tariff: [...tariff], hostNow: at };
      case `POST ${API.cardCheck}`: {
        const { card } = parse(CardCheckRequestSchema, body);
        const voucher = voucherOfCard(card);
        return { status: 'active', recipientMasked: voucher.card.recipientMasked, programIds: [voucher.card.programId], hostNow: at };
      }
      case `POST ${API.cardLookup}`: {
        const request = parse(CardLookupRequestSchema, body);
        if (!findProgram(request.programId)) refuse('2206');
        const voucher = voucherOfCard(request.card);
        if (voucher.card.programId !== request.programId) refuse('2207');
        const lookup: Lookup = {
          id: `practice-${crypto.randomUUID()}`,
          voucherId: voucher.id,
          cardRead: request.card.kind,
          createdAt: at,
          expiresAt: at + LOOKUP_TTL_MS,
          workerId: shared ? null : session.worker.id,
        };
        lookups.set(lookup.id, lookup);
        return voucherScreen(voucher, lookup);
      }
      case `POST ${API.lookupWorker}`: {
        const request = parse(LookupWorkerRequestSchema, body);
        const lookup = liveLookup(request.lookupId);
        const byCard = shared && request.workerCard ? await workerOfCard(request.workerCard) : null;
        const paymentId = byCard?.paymentId ?? request.workerPaymentId ?? '';
        const workerId = byCard?.workerId ?? (shared ? workerOf(paymentId) : session.worker.id);
        if (lookup.workerId !== null && lookup.workerId !== workerId) refuse('2106');
        lookup.workerId = workerId;
        // Only the worker's own start shows, as on the host.
        const open = voucherById(lookup.voucherId).openService;
        return {
          workerId,
          paymentId,
          name: shared ? '연습 제공인력' : session.worker.name,
          openService: open && open.workerId === workerId ? { id: open.id, startedAt: open.startedAt } : null,
        };
      }
      case `POST ${API.serviceStart}`: {
        const request = parse(ServiceStartRequestSchema, body);
        const lookup = boundLookup(request.lookupId);
        const voucher = voucherById(lookup.voucherId);
        if (program(voucher).model === 'amount') refuse('2206');
        if (voucher.openService) refuse('2109');
        // Practice starts the visit an hour ago, so its 서비스 결제 can be practised right away.
        voucher.openService = { id: `practice-${crypto.randomUUID()}`, startedAt: at - PRACTICE_SERVICE_AGO_MS, workerId: lookup.workerId ?? '' };
        return { openService: { id: voucher.openService.id, startedAt: voucher.openService.startedAt } };
      }
      case `POST ${API.serviceDiscard}`: {
        const request = parse(ServiceDiscardRequestSchema, body);
        const lookup = boundLookup(request.lookupId);
        const voucher = voucherById(lookup.voucherId);
        if (!voucher.openService || voucher.openService.id !== request.openServiceId) refuse('2108');
        if (voucher.openService!.workerId !== lookup.workerId) refuse('2115');
        voucher.openService = null;
        return { discardedAt: at };
      }
      case `POST ${API.payments}`: {
        const request = parse(PaymentRequestSchema, body);
        const stored = payments.get(request.paymentId);
        if (stored) return stored.requestKey === JSON.stringify(request) ? stored.receipt : refuse('2107');
        const lookup = boundLookup(request.lookupId);
        const voucher = voucherById(lookup.voucherId);
        // A 소급결제 bills the service as entered; a 정상결제 of a time program its open visit.
        const closesVisit = request.mode === 'normal' && program(voucher).model !== 'amount';
        let serviceStartAt = request.mode === 'retroactive' ? request.serviceStartAt : request.serviceEndAt;
        if (closesVisit) {
          if (!voucher.openService || voucher.openService.id !== request.openServiceId) refuse('2108');
          serviceStartAt = voucher.openService!.startedAt;
        }
        const receipt = post(voucher, request.paymentId, JSON.stringify(request), { ...request, serviceStartAt }, lookup.cardRead);
        if (closesVisit) voucher.openService = null;
        return receipt;
      }
      case `POST ${API.cancelPayment}`: {
        const request = parse(CancelRequestSchema, body);
        return cancel(request.cancelId, request.target);
      }
      case `GET ${API.retroMonitoring}`:
        // The national monitoring report is the operator's, never a terminal's.
        return refuse('1060');
      case `GET ${API.retroSummary}`:
        // Practice counts nothing toward the institution's real ratio.
        return { month: seoulMonth(at), retroactiveCount: 0, paymentCount: 0, ratio: 0, threshold: 0.1, flagged: false, maxMinutes: 480 };
      case `GET ${API.todayPayments}`: {
        const dayStart = seoulInstant(seoulDate(at), 0, 0);
        const lookupId = query.get('lookupId');
        const onVoucher = lookupId === null ? null : boundLookup(lookupId).voucherId;
        const today = [...payments.values()]
          .filter((record) => record.receipt.recordedAt >= dayStart)
          .filter((record) => onVoucher === null || record.voucherId === onVoucher)
          .sort((a, b) => b.receipt.recordedAt - a.receipt.recordedAt)
          .map(
            (record): TodayPayment => ({
              paymentId: record.receipt.paymentId,
              approvalNumber: record.receipt.approvalNumber,
              programId: record.receipt.programId,
              recipientMasked: record.receipt.recipientMasked,
              serviceStartAt: record.receipt.serviceStartAt,
              serviceEndAt: record.receipt.serviceEndAt,
              amountKrw: record.receipt.amountKrw,
              status: record.cancelled ? 'cancelled' : 'approved',
            }),
          );
        return { payments: today };
      }
      case `GET ${DEVICE_SNAPSHOT_PATH}`:
        return snapshot();
      case `POST ${SYNC_COMMANDS_PATH}`:
        return applyCommands(body);
      default:
        // Anything practice does not know (a flow added later) is refused, never sent on.
        return refuse('1030');
    }
  }

  const transport: Transport = async (url, init) => {
    answered += 1;
    const { pathname: path, searchParams } = new URL(url, 'http://practice.invalid');
    const method = (init.method ?? 'GET').toUpperCase();
    let body: unknown;
    try {
      body = typeof init.body === 'string' && init.body !== '' ? JSON.parse(init.body) : undefined;
    } catch {
      body = undefined;
    }
    const json = (status: number, payload: unknown) =>
      new Response(JSON.stringify(payload), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
    try {
      return json(200, await route(method, path, body, searchParams));
    } catch (error) {
      if (error instanceof Refusal) return json(ERRORS[error.code].status, { code: error.code, message: ERRORS[error.code].messageKo });
      return json(500, { code: '9999', message: ERRORS['9999'].messageKo });
    }
  };

  return { transport, cards, answered: () => answered };
}
