/**
 * A voucher host in a function, for the outbox tests: it keeps approvals by payment id (so a
 * resent payment gets its first answer back), voucher balances and an append-only ledger, and it
 * can misbehave the way a real network and host do — be unreachable, apply a batch and lose the
 * answer, deliver one batch twice, restart halfway through a batch, answer 5xx or 429.
 * It is only a Transport, so the same tests can be pointed at the real host later.
 * Test support only: nothing in the app imports it.
 */
import * as v from 'valibot';
import {
  DEVICE_SNAPSHOT_PATH,
  SYNC_COMMANDS_PATH,
  SyncCommandSchema,
  cardHashInput,
  commandIdOf,
  isLateCapture,
  type CancelCommand,
  type DeviceSnapshot,
  type PaymentCommand,
  type SyncCommandResult,
} from '../domain/offline';
import { makeApprovalNumber } from '../domain/approval';
import type { TariffRow } from '../domain/tariff';
import { messageKo, type ErrorCode } from '../domain/errors';
import { freshTestDb } from '../db/testDb.testkit';
import { refreshSnapshot } from './refreshSnapshot';
import type { Transport } from './sendBatch';
import { captureOf } from '../db/db';

export interface FakeVoucher {
  voucherId: string;
  programId: string;
  recipientMasked: string;
  cardToken: string;
  balanceKrw: number;
}

export type HostFault =
  | { kind: 'drop-response' }
  | { kind: 'duplicate-delivery' }
  | { kind: 'restart-mid-batch' }
  | { kind: 'status'; status: number; code: ErrorCode; retryAfter?: string; retryAfterMs?: string }
  | { kind: 'garbage' }
  | { kind: 'answer-only-first' };

interface Stored {
  fingerprint: string;
  result: SyncCommandResult;
}

export interface FakeHost {
  transport: Transport;
  online: boolean;
  /** Faults applied to the next batch requests, first in first out. */
  faults: HostFault[];
  readonly vouchers: Map<string, FakeVoucher>;
  readonly initialBalances: ReadonlyMap<string, number>;
  /** Append-only: one line per applied charge (negative: a cancellation). Two charges for one payment id = charged twice. */
  readonly ledger: Array<{ paymentId: string; voucherId: string; amountKrw: number }>;
  readonly answers: Map<string, SyncCommandResult>;
  /** Payment ids present in two batch requests at the same time (must stay empty). */
  readonly overlapping: string[];
  batchRequests: number;
  /** Macrotasks a batch request stays in flight: a slow network lets syncers overlap. */
  latencyTicks: () => number;
  snapshot(): Promise<DeviceSnapshot>;
  /** The QR keys the snapshot publishes (absent: a host from before QR결제). */
  qrKeys: { keyId: string; publicKey: string }[] | undefined;
}

export const FAKE_HOST_LIMITS = { maxAgeMs: 72 * 60 * 60 * 1000, maxCount: 50, maxAmountKrw: 3_000_000 };
/** A tariff unlike the built-in one, so a test can tell the host's rows from the app's fallback. */
export const FAKE_HOST_TARIFF: TariffRow[] = [
  {
    programId: 'activity-support',
    serviceTypeId: null,
    rate: 'standard',
    unit: 'hour',
    priceKrw: 18_000,
    effectiveFrom: '2025-01-01',
    effectiveUntil: null,
  },
];

export function createFakeHost(vouchers: readonly FakeVoucher[], now: () => number): FakeHost {
  const stored = new Map<string, Stored>();
  const inFlight = new Map<string, number>();
  let approvalSeq = 0;

  const host: FakeHost = {
    online: true,
    faults: [],
    vouchers: new Map(vouchers.map((voucher) => [voucher.voucherId, { ...voucher }])),
    initialBalances: new Map(vouchers.map((voucher) => [voucher.voucherId, voucher.balanceKrw])),
    ledger: [],
    answers: new Map(),
    overlapping: [],
    batchRequests: 0,
    latencyTicks: () => 1,
    qrKeys: undefined,
    transport,
    snapshot,
  };

  async function snapshot(): Promise<DeviceSnapshot> {
    const rows = await Promise.all(
      [...host.vouchers.values()].map(async (voucher) => ({
        recipientId: `r-${voucher.voucherId}`,
        recipientMasked: voucher.recipientMasked,
        programId: voucher.programId,
        serviceCode: 'S1',
        voucherId: voucher.voucherId,
        voucherMonth: '2025-06',
        balanceKrw: voucher.balanceKrw,
        cardHashes: [await sha256Hex(cardHashInput({ kind: 'nfc', token: voucher.cardToken }))],
        openService: null,
      })),
    );
    const keys = host.qrKeys === undefined ? {} : { qrKeys: host.qrKeys };
    return { institutionName: '행복돌봄센터', vouchers: rows, limits: FAKE_HOST_LIMITS, tariff: FAKE_HOST_TARIFF, ...keys, hostNow: now() };
  }

  /** One command, applied atomically and exactly once per command id. */
  function applyItem(raw: unknown): SyncCommandResult {
    const parsed = v.safeParse(SyncCommandSchema, raw);
    const rawId =
      typeof raw === 'object' && raw !== null ? ((raw as Record<string, unknown>).commandId ?? (raw as Record<string, unknown>).paymentId) : '';
    if (!parsed.success) return refuse(String(rawId ?? ''), '1001');
    const command = parsed.output;
    const id = commandIdOf(command);
    const fingerprint = JSON.stringify(command.kind === 'payment' ? captureOf(command) : command);
    const previous = stored.get(id);
    if (previous !== undefined) return previous.fingerprint === fingerprint ? previous.result : refuse(id, '2107');

    const result = command.kind === 'payment' ? decide(command) : cancel(command);
    stored.set(id, { fingerprint, result });
    host.answers.set(id, result);
    return result;
  }

  function cancel(command: CancelCommand): SyncCommandResult {
    const charges = host.ledger.filter((line) => line.paymentId === command.paymentId);
    if (charges.length === 0) return refuse(command.commandId, '2130');
    if (charges.length > 1) return refuse(command.commandId, '2131');
    const [charge] = charges;
    const voucher = host.vouchers.get(charge!.voucherId)!;
    voucher.balanceKrw += charge!.amountKrw;
    host.ledger.push({ paymentId: command.paymentId, voucherId: voucher.voucherId, amountKrw: -charge!.amountKrw });
    const approved = stored.get(command.paymentId)?.result;
    return {
      commandId: command.commandId,
      kind: 'cancel',
      status: 'cancelled',
      approvalNumber: approved?.status === 'approved' ? approved.approvalNumber : makeApprovalNumber('00000000000'),
      balanceKrw: voucher.balanceKrw,
      recordedAt: now(),
    };
  }

  function decide(payment: PaymentCommand): SyncCommandResult {
    const card = payment.card;
    if (card === undefined) return refuse(payment.paymentId, '2001');
    const token = card.kind === 'nfc' ? card.token : card.number;
    const voucher = [...host.vouchers.values()].find((row) => row.programId === payment.programId && row.cardToken === token);
    if (voucher === undefined) return refuse(payment.paymentId, '2001');
    if (payment.workerId !== FAKE_WORKER_ID) return refuse(payment.paymentId, '0273');
    if (voucher.balanceKrw < payment.amountKrw) return refuse(payment.paymentId, '2101');
    voucher.balanceKrw -= payment.amountKrw;
    host.ledger.push({ paymentId: payment.paymentId, voucherId: voucher.voucherId, amountKrw: payment.amountKrw });
    approvalSeq += 1;
    const recordedAt = now();
    return {
      commandId: payment.paymentId,
      kind: 'payment',
      status: 'approved',
      approvalNumber: makeApprovalNumber(String(approvalSeq).padStart(11, '0')),
      balanceKrw: voucher.balanceKrw,
      recordedAt,
      flaggedForReview: isLateCapture(payment.capturedAt, recordedAt),
    };
  }

  async function transport(url: string, init: RequestInit): Promise<Response> {
    // Let the caller's other tasks run, as a real network round trip would.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (!host.online) throw new TypeError('Failed to fetch');
    if (url === DEVICE_SNAPSHOT_PATH) return json(200, await snapshot());
    if (url !== SYNC_COMMANDS_PATH || init.method !== 'POST') return json(404, { code: '1001', message: 'not found' });

    host.batchRequests += 1;
    const body = JSON.parse(String(init.body)) as { items: unknown[] };
    const ids = body.items.map((item) =>
      String((item as { commandId?: unknown; paymentId?: unknown }).commandId ?? (item as { paymentId?: unknown }).paymentId),
    );
    for (const id of ids) {
      if ((inFlight.get(id) ?? 0) > 0) host.overlapping.push(id);
      inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
    }
    try {
      for (let tick = host.latencyTicks(); tick > 0; tick -= 1) await new Promise((resolve) => setTimeout(resolve, 0));
      const fault = host.faults.shift();
      if (fault?.kind === 'status') {
        const headers: Record<string, string> = {
          ...(fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter }),
          ...(fault.retryAfterMs === undefined ? {} : { 'retry-after-ms': fault.retryAfterMs }),
        };
        return json(fault.status, { code: fault.code, message: messageKo(fault.code) }, headers);
      }
      if (fault?.kind === 'garbage') return json(200, { hello: 'world' });
      if (fault?.kind === 'restart-mid-batch') {
        // Items commit one by one; the process dies halfway: what committed stays, the rest and
        // the answer are gone.
        body.items.slice(0, Math.ceil(body.items.length / 2)).forEach(applyItem);
        throw new TypeError('Failed to fetch');
      }
      let results = body.items.map(applyItem);
      if (fault?.kind === 'duplicate-delivery') results = body.items.map(applyItem);
      if (fault?.kind === 'drop-response') throw new TypeError('Failed to fetch');
      if (fault?.kind === 'answer-only-first') results = results.slice(0, 1);
      return json(200, { results, hostNow: now() });
    } finally {
      for (const id of ids) inFlight.set(id, (inFlight.get(id) ?? 1) - 1);
    }
  }

  return host;
}

function refuse(commandId: string, code: ErrorCode): SyncCommandResult {
  return { commandId, status: 'refused', code, message: messageKo(code) };
}

/** The worker whose session the fake device holds. */
export const FAKE_WORKER_ID = 'wrk-test';

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * A fresh device that has taken the snapshot of a fake host holding two vouchers (v1: 100,000원 on
 * card-token-0001, v2: 5,000원 on card-token-0002), on a clock that starts at `startAt` and moves
 * only when the test advances it. `refreshed` is the snapshot's outcome, for the test to check.
 */
export async function deviceOnFakeHost(startAt: number) {
  let clock = startAt;
  const now = () => clock;
  const host = createFakeHost(
    [
      { voucherId: 'v1', programId: 'activity-support', recipientMasked: '김**', cardToken: 'card-token-0001', balanceKrw: 100_000 },
      { voucherId: 'v2', programId: 'activity-support', recipientMasked: '이**', cardToken: 'card-token-0002', balanceKrw: 5_000 },
    ],
    now,
  );
  const { db, reopen } = freshTestDb();
  const refreshed = await refreshSnapshot(db, { transport: host.transport });
  return { db, reopen, host, now, refreshed, advance: (ms: number) => (clock += ms) };
}

/** A valid offline payment command of the fake device's worker on the given card, for tests. */
export function makePayment(overrides: Partial<PaymentCommand> & { cardToken?: string } = {}): PaymentCommand {
  const { cardToken = 'card-token-0001', ...rest } = overrides;
  const capturedAt = rest.capturedAt ?? Date.UTC(2025, 5, 2, 3, 0);
  return {
    kind: 'payment',
    workerId: FAKE_WORKER_ID,
    paymentId: crypto.randomUUID(),
    programId: 'activity-support',
    card: { kind: 'nfc', token: cardToken },
    method: 'card',
    mode: 'offline',
    reason: 'dead-zone',
    serviceStartAt: capturedAt - 60 * 60_000,
    serviceEndAt: capturedAt,
    minutesByType: { social: 60 },
    amountKrw: 10_000,
    ...rest,
    capturedAt,
  };
}
