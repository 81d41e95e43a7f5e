/**
 * Model-based test of the whole offline protocol (issue 3): random captures, offline and online,
 * lost answers, batches delivered twice, host restarts in the middle of a batch, 5xx and 429,
 * concurrent syncers in one tab and across tabs, cancellations. After every step and at the end
 * (online, synced to quiescence): every captured payment is approved exactly once or refused with
 * a reason, none is lost, none is charged twice, and the host's balances equal its ledger.
 * The host is only a Transport: pointing `createHost` at the real host is the next step.
 * SYNC_MODEL_RUNS sets the number of runs (CI: ≥ 1000).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkOfflineCapture, type OfflineLimits } from '../domain/offline';
import { freshTestDb } from '../db/testDb.testkit';
import { PENDING_STATES, writeMeta, type DeviceDb } from '../db/db';
import { enqueuePayment } from './enqueuePayment';
import { cancelQueued } from './cancelQueued';
import { refreshSnapshot } from './refreshSnapshot';
import { syncIfPossible, type SyncOptions } from './syncIfPossible';
import { BACKOFF_CAP_MS } from './backoff';
import { createFakeHost, makePayment, type FakeHost, type FakeVoucher, type HostFault } from './fakeHost.testkit';

const NUM_RUNS = Number(process.env['SYNC_MODEL_RUNS'] ?? (process.env['CI'] ? 1000 : 200));
const T0 = Date.UTC(2025, 5, 2, 0, 0);
const LIMITS: OfflineLimits = { maxAgeMs: 72 * 60 * 60 * 1000, maxCount: 8, maxAmountKrw: 150_000 };
const VOUCHERS: FakeVoucher[] = [
  { voucherId: 'v1', programId: 'activity-support', recipientMasked: '김**', cardToken: 'card-token-0001', balanceKrw: 100_000 },
  { voucherId: 'v2', programId: 'activity-support', recipientMasked: '이**', cardToken: 'card-token-0002', balanceKrw: 40_000 },
  { voucherId: 'v3', programId: 'activity-support', recipientMasked: '박**', cardToken: 'card-token-0003', balanceKrw: 15_000 },
];
/** The fourth card is not in the snapshot nor on the host: the host refuses it (2001). */
const CARD_TOKENS = [...VOUCHERS.map((voucher) => voucher.cardToken), 'card-token-9999'];

interface Model {
  captured: Map<string, { amountKrw: number }>;
  cancelled: Set<string>;
}

interface Real {
  db: DeviceDb;
  otherTab: DeviceDb;
  host: FakeHost;
  clock: { now: number };
  options: SyncOptions;
}

type ModelCommand = fc.AsyncCommand<Model, Real>;

function command(name: string, run: (model: Model, real: Real) => Promise<void>): ModelCommand {
  return {
    check: () => true,
    run: async (model, real) => {
      await run(model, real);
      await checkInvariants(model, real);
    },
    toString: () => name,
  };
}

async function capture(model: Model, real: Real, cardIndex: number, amountKrw: number): Promise<void> {
  real.clock.now += 60_000;
  const payment = makePayment({ cardToken: CARD_TOKENS[cardIndex] ?? 'card-token-9999', amountKrw, capturedAt: real.clock.now });
  const pending = await real.db.outbox.where('syncState').anyOf(PENDING_STATES as string[]).toArray();
  const expected = checkOfflineCapture(
    {
      count: pending.length,
      amountKrw: pending.reduce((sum, item) => sum + item.payment.amountKrw, 0),
      oldestCapturedAt: pending.length === 0 ? null : Math.min(...pending.map((item) => item.payment.capturedAt)),
    },
    amountKrw,
    real.clock.now,
    LIMITS,
  );
  const before = await real.db.outbox.count();
  const result = await enqueuePayment(real.db, payment, { now: () => real.clock.now });
  if (result.ok) {
    expect(expected.ok).toBe(true);
    model.captured.set(payment.paymentId, { amountKrw });
  } else {
    expect(expected).toMatchObject({ ok: false, code: result.code });
    expect(await real.db.outbox.count()).toBe(before);
  }
}

const commands = [
  fc
    .tuple(fc.integer({ min: 0, max: CARD_TOKENS.length - 1 }), fc.constantFrom(1_000, 5_000, 12_000, 30_000))
    .map(([card, amount]) => command(`capture(${card}, ${amount})`, (model, real) => capture(model, real, card, amount))),
  fc.constant(command('goOffline', async (_model, real) => void (real.host.online = false))),
  fc.constant(command('goOnline', async (_model, real) => void (real.host.online = true))),
  fc.constantFrom(0, 5_000, BACKOFF_CAP_MS).map((advance) =>
    command(`sync(+${advance}ms)`, async (_model, real) => {
      real.clock.now += advance;
      await syncIfPossible(real.db, real.options);
    }),
  ),
  fc
    .constantFrom<HostFault>(
      { kind: 'drop-response' },
      { kind: 'duplicate-delivery' },
      { kind: 'restart-mid-batch' },
      { kind: 'status', status: 503, code: '9999' },
      { kind: 'status', status: 429, code: '1004', retryAfter: '3' },
      { kind: 'answer-only-first' },
    )
    .map((fault) =>
      command(fault.kind === 'status' ? `fault(${fault.status})` : fault.kind, async (_model, real) => void real.host.faults.push(fault)),
    ),
  // Syncers in this tab and in another tab, each started some macrotasks after the previous one,
  // so that some start while another is in the middle of a batch.
  fc.array(fc.tuple(fc.boolean(), fc.nat({ max: 6 })), { minLength: 2, maxLength: 4 }).map((starts) =>
    command(`concurrentSync(${JSON.stringify(starts)})`, async (_model, real) => {
      real.clock.now += BACKOFF_CAP_MS;
      const runs: Array<Promise<unknown>> = [];
      for (const [otherTab, delay] of starts) {
        for (let tick = 0; tick < delay; tick += 1) await new Promise((resolve) => setTimeout(resolve, 0));
        runs.push(syncIfPossible(otherTab ? real.otherTab : real.db, real.options));
      }
      await Promise.all(runs);
    }),
  ),
  fc
    .tuple(fc.integer({ min: 0, max: CARD_TOKENS.length - 1 }), fc.constantFrom(1_000, 12_000))
    .map(([card, amount]) =>
      command(`captureWhileSyncing(${card}, ${amount})`, async (model, real) => {
        await Promise.all([syncIfPossible(real.db, real.options), capture(model, real, card, amount)]);
      }),
    ),
  fc.nat({ max: 50 }).map((index) =>
    command(`cancel(#${index})`, async (model, real) => {
      const ids = [...model.captured.keys()];
      const paymentId = ids[index % Math.max(ids.length, 1)];
      if (paymentId === undefined) return;
      const result = await cancelQueued(real.db, paymentId);
      if (result.cancelled) model.cancelled.add(paymentId);
    }),
  ),
];

async function checkInvariants(model: Model, real: Real): Promise<void> {
  const { db, host } = real;
  const outbox = new Map((await db.outbox.toArray()).map((item) => [item.paymentId, item]));
  const receipts = new Map((await db.receipts.toArray()).map((receipt) => [receipt.paymentId, receipt]));

  // Nothing on the device that was not captured; nothing 'sending' while no syncer runs.
  for (const item of outbox.values()) {
    expect(model.captured.has(item.paymentId)).toBe(true);
    expect(item.syncState).not.toBe('sending');
  }

  for (const [paymentId] of model.captured) {
    const inOutbox = outbox.get(paymentId);
    const receipt = receipts.get(paymentId);
    const answer = host.answers.get(paymentId);
    if (model.cancelled.has(paymentId)) {
      // Cancelled on the device: the host never saw it, so it can never be charged.
      expect(inOutbox).toBeUndefined();
      expect(receipt).toBeUndefined();
      expect(answer).toBeUndefined();
      continue;
    }
    // Never lost, never both.
    expect(inOutbox === undefined).not.toBe(receipt === undefined);
    if (receipt !== undefined) {
      expect(answer).toMatchObject({ status: 'approved', approvalNumber: receipt.approvalNumber });
    }
    if (inOutbox?.syncState === 'refused') {
      expect(answer).toMatchObject({ status: 'refused', code: inOutbox.refusal?.code });
      expect(inOutbox.refusal?.message).not.toBe('');
    }
  }

  // The host's ledger: one line per payment at most, only captured payments, balances match it.
  const charged = host.ledger.map((line) => line.paymentId);
  expect(new Set(charged).size).toBe(charged.length);
  for (const paymentId of charged) expect(model.captured.has(paymentId) && !model.cancelled.has(paymentId)).toBe(true);
  for (const [voucherId, initial] of host.initialBalances) {
    const spent = host.ledger.filter((line) => line.voucherId === voucherId).reduce((sum, line) => sum + line.amountKrw, 0);
    expect(host.vouchers.get(voucherId)?.balanceKrw).toBe(initial - spent);
  }
  expect(host.overlapping).toEqual([]);

  // The provisional balance is the known balance minus exactly what is still pending.
  for (const voucher of await db.vouchers.toArray()) {
    const pendingKrw = [...outbox.values()]
      .filter((item) => item.voucherId === voucher.voucherId && item.syncState !== 'refused')
      .reduce((sum, item) => sum + item.payment.amountKrw, 0);
    expect(voucher.provisionalBalanceKrw).toBe(Math.max(0, voucher.balanceKrw - pendingKrw));
  }
}

async function syncToQuiescence(model: Model, real: Real): Promise<void> {
  real.host.online = true;
  real.host.faults.length = 0;
  for (let round = 0; round < 20; round += 1) {
    real.clock.now += BACKOFF_CAP_MS + 1;
    const summary = await syncIfPossible(real.db, real.options);
    if (summary.remaining === 0 && summary.error === undefined) break;
  }
  await checkInvariants(model, real);

  const outbox = await real.db.outbox.toArray();
  expect(outbox.filter((item) => item.syncState !== 'refused')).toEqual([]);
  let approvedKrw = 0;
  for (const [paymentId, { amountKrw }] of model.captured) {
    if (model.cancelled.has(paymentId)) continue;
    const receipt = await real.db.receipts.get(paymentId);
    const refused = await real.db.outbox.get(paymentId);
    if (receipt !== undefined) {
      approvedKrw += amountKrw;
      expect(real.host.ledger.filter((line) => line.paymentId === paymentId)).toHaveLength(1);
    } else {
      expect(refused?.refusal?.code).toMatch(/^\d{4}$/);
      expect(real.host.ledger.filter((line) => line.paymentId === paymentId)).toHaveLength(0);
    }
  }
  const initialTotal = [...real.host.initialBalances.values()].reduce((sum, balance) => sum + balance, 0);
  const finalTotal = [...real.host.vouchers.values()].reduce((sum, voucher) => sum + voucher.balanceKrw, 0);
  expect(finalTotal).toBe(initialTotal - approvedKrw);
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

describe('offline sync protocol (model-based)', () => {
  it(
    'approves every captured payment exactly once or refuses it with a reason, and loses none',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands: 40 }), fc.integer(), async (cmds, seed) => {
          const clock = { now: T0 };
          const host = createFakeHost(VOUCHERS, () => clock.now);
          const { db, reopen } = freshTestDb();
          const otherTab = reopen();
          const random = seededRandom(seed);
          host.latencyTicks = () => Math.floor(random() * 40);
          const options: SyncOptions = { transport: host.transport, now: () => clock.now, random };
          const refreshed = await refreshSnapshot(db, { transport: host.transport });
          expect(refreshed.ok).toBe(true);
          await writeMeta(db, 'limits', LIMITS);
          const model: Model = { captured: new Map(), cancelled: new Set() };
          const real: Real = { db, otherTab, host, clock, options };
          try {
            await fc.asyncModelRun(() => ({ model, real }), cmds);
            await syncToQuiescence(model, real);
          } finally {
            db.close();
            otherTab.close();
          }
        }),
        { numRuns: NUM_RUNS },
      );
    },
    Math.max(120_000, NUM_RUNS * 1_000),
  );
});
