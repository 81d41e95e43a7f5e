/**
 * Model-based test of the whole offline protocol (issue 3): random captures, offline and online,
 * lost answers, batches delivered twice, host restarts in the middle of a batch, 5xx and 429,
 * concurrent syncers in one tab and across tabs, cancellations. After every step and at the end
 * (online, synced to quiescence): every captured payment is approved exactly once or refused with
 * a reason, none is lost, none is charged twice, and the host's balances equal its ledger.
 * The host is only a Transport; the commands and device-side checks live in syncModel.testkit.ts,
 * which server/test/sync-model.test.ts runs against the real host.
 * SYNC_MODEL_RUNS sets the number of runs (CI: ≥ 1000).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createFakeHost, FAKE_WORKER_ID, makePayment, type FakeHost, type FakeVoucher, type HostFault } from './fakeHost.testkit';
import { checkDeviceInvariants, enqueueChecked, seededRandom, syncModel, type SyncModel, type SyncReal } from './syncModel.testkit';

const NUM_RUNS = Number(process.env.SYNC_MODEL_RUNS ?? (process.env.CI ? 1000 : 200));
const T0 = Date.UTC(2025, 5, 2, 0, 0);
const VOUCHERS: FakeVoucher[] = [
  { voucherId: 'v1', programId: 'activity-support', recipientMasked: '김**', cardToken: 'card-token-0001', balanceKrw: 100_000 },
  { voucherId: 'v2', programId: 'activity-support', recipientMasked: '이**', cardToken: 'card-token-0002', balanceKrw: 40_000 },
  { voucherId: 'v3', programId: 'activity-support', recipientMasked: '박**', cardToken: 'card-token-0003', balanceKrw: 15_000 },
];
/** The fourth card is not in the snapshot nor on the host: the host refuses it (2001). */
const CARD_TOKENS = [...VOUCHERS.map((voucher) => voucher.cardToken), 'card-token-9999'];

type Real = SyncReal<FakeHost>;

async function capture(model: SyncModel, real: Real, cardIndex: number, amountKrw: number): Promise<void> {
  real.clock.now += 60_000;
  const payment = makePayment({ cardToken: CARD_TOKENS[cardIndex] ?? 'card-token-9999', amountKrw, capturedAt: real.clock.now });
  const before = await real.db.commands.count();
  const queued = await enqueueChecked(model, real, payment);
  if (!queued) expect(await real.db.commands.count()).toBe(before);
}

async function checkInvariants(model: SyncModel, real: Real): Promise<void> {
  const { db, host } = real;
  await checkDeviceInvariants(model, db, {
    expectUnseen: (paymentId) => expect(host.answers.get(paymentId)).toBeUndefined(),
    expectApproved: (paymentId, approvalNumber) => expect(host.answers.get(paymentId)).toMatchObject({ status: 'approved', approvalNumber }),
    expectRefused: (paymentId, code) => expect(host.answers.get(paymentId)).toMatchObject({ status: 'refused', code }),
  });

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
  const outbox = await db.commands.toArray();
  for (const voucher of await db.vouchers.toArray()) {
    const pendingKrw = outbox
      .filter((item) => item.voucherId === voucher.voucherId && item.syncState !== 'refused')
      .reduce((sum, item) => sum + item.amountKrw, 0);
    expect(voucher.provisionalBalanceKrw).toBe(Math.max(0, voucher.balanceKrw - pendingKrw));
  }
}

const model = syncModel<FakeHost, HostFault>({
  cardCount: CARD_TOKENS.length,
  workerId: FAKE_WORKER_ID,
  capture,
  faults: [
    { kind: 'drop-response' },
    { kind: 'duplicate-delivery' },
    { kind: 'restart-mid-batch' },
    { kind: 'status', status: 503, code: '9999' },
    { kind: 'status', status: 429, code: '1004', retryAfter: '3' },
    { kind: 'status', status: 429, code: '1004', retryAfter: '1', retryAfterMs: '420' },
    { kind: 'answer-only-first' },
  ],
  checkInvariants,
  checkSettled: async (settled, { host }) => {
    let approvedKrw = 0;
    for (const { paymentId, amountKrw, approved } of settled) {
      if (approved) approvedKrw += amountKrw;
      expect(host.ledger.filter((line) => line.paymentId === paymentId)).toHaveLength(approved ? 1 : 0);
    }
    const initialTotal = [...host.initialBalances.values()].reduce((sum, balance) => sum + balance, 0);
    const finalTotal = [...host.vouchers.values()].reduce((sum, voucher) => sum + voucher.balanceKrw, 0);
    expect(finalTotal).toBe(initialTotal - approvedKrw);
  },
});

const commands = [
  model.commands.capture,
  model.commands.goOffline,
  model.commands.goOnline,
  model.commands.sync,
  model.commands.fault,
  model.commands.concurrentSync,
  model.commands.captureWhileSyncing,
  model.commands.cancel,
];

describe('offline sync protocol (model-based)', () => {
  it(
    'approves every captured payment exactly once or refuses it with a reason, and loses none',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands: 40 }), fc.integer(), async (cmds, seed) => {
          const clock = { now: T0 };
          const host = createFakeHost(VOUCHERS, () => clock.now);
          const random = seededRandom(seed);
          host.latencyTicks = () => Math.floor(random() * 40);
          await model.run(cmds, host, clock, random);
        }),
        { numRuns: NUM_RUNS },
      );
    },
    Math.max(120_000, NUM_RUNS * 1_000),
  );
});
