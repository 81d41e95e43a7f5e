/**
 * The host-independent half of the model-based sync test: the model, the commands a device can run
 * (capture, go offline or online, sync, queue a host fault, concurrent syncers, capture during a
 * sync, cancel), the device-side invariants and the final sync to quiescence. The fake-host model
 * (src/sync/syncModel.test.ts) and the real-host model (server/test/sync-model.test.ts) each
 * supply their host, how a card becomes a payment and what they check on the host's side.
 * Test support only; it uses neither Node nor DOM APIs, so both test projects compile it.
 */
import { expect } from 'vitest';
import fc from 'fast-check';
import { checkOfflineCapture, type OfflineLimits, type OfflinePayment } from '../domain/offline';
import { freshTestDb } from '../db/testDb.testkit';
import { PENDING_STATES, writeMeta, type DeviceDb } from '../db/db';
import { enqueuePayment } from './enqueue';
import { cancelQueued } from './cancelQueued';
import { refreshSnapshot } from './refreshSnapshot';
import { syncIfPossible, type SyncOptions, type Transport } from './syncIfPossible';
import { BACKOFF_CAP_MS } from './backoff';

/** Tighter than the defaults, so the device's caps are hit within a run. */
export const MODEL_LIMITS: OfflineLimits = { maxAgeMs: 72 * 60 * 60 * 1000, maxCount: 8, maxAmountKrw: 150_000 };

export interface SyncModel {
  captured: Map<string, { amountKrw: number }>;
  cancelled: Set<string>;
}

/** A host fault queued for the next batch request; `status` faults are named by their status. */
export interface ModelFault {
  kind: string;
  status?: number;
}

/** What the shared commands need of a host: its Transport, a network switch and a fault queue. */
export interface ModelHost<Fault extends ModelFault> {
  readonly transport: Transport;
  online: boolean;
  faults: Fault[];
}

export interface SyncReal<Host> {
  db: DeviceDb;
  /** The worker whose session the device holds: every capture is queued as theirs. */
  workerId: string;
  /** A second tab on the same device database, with its own syncer. */
  otherTab: DeviceDb;
  host: Host;
  clock: { now: number };
  options: SyncOptions;
}

export type SyncModelCommand<Host> = fc.AsyncCommand<SyncModel, SyncReal<Host>>;

/** A captured, uncancelled payment after the final sync: approved (a receipt) or refused. */
export interface SettledPayment {
  paymentId: string;
  amountKrw: number;
  approved: boolean;
}

export interface SyncModelSpec<Host extends ModelHost<Fault>, Fault extends ModelFault> {
  /** Capture commands pick a card index below this. */
  cardCount: number;
  /** The worker whose session the device holds. */
  workerId: string;
  /** Captures a payment on card `cardIndex`, checking it against the device's caps. */
  capture(model: SyncModel, real: SyncReal<Host>, cardIndex: number, amountKrw: number): Promise<void>;
  faults: Fault[];
  /** Runs after every command and after the final sync. */
  checkInvariants(model: SyncModel, real: SyncReal<Host>): Promise<void>;
  /** Checks the host's side of every payment once the device has synced to quiescence. */
  checkSettled(settled: SettledPayment[], real: SyncReal<Host>): Promise<void>;
  /** Checks the snapshot the device took from the host before the first command. */
  checkSnapshot?(db: DeviceDb): Promise<void>;
  /** Lets the host make progress between syncer starts; a zero timeout unless given. */
  tick?(): Promise<void>;
}

/** The commands and the runner for one host; each test lists the commands it wants. */
export function syncModel<Host extends ModelHost<Fault>, Fault extends ModelFault>(spec: SyncModelSpec<Host, Fault>) {
  const tick = spec.tick ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

  function command(name: string, run: (model: SyncModel, real: SyncReal<Host>) => Promise<void>): SyncModelCommand<Host> {
    return {
      check: () => true,
      run: async (model, real) => {
        await run(model, real);
        await spec.checkInvariants(model, real);
      },
      toString: () => name,
    };
  }

  const card = fc.integer({ min: 0, max: spec.cardCount - 1 });

  const commands = {
    capture: fc
      .tuple(card, fc.constantFrom(1_000, 5_000, 12_000, 30_000))
      .map(([cardIndex, amount]) => command(`capture(${cardIndex}, ${amount})`, (model, real) => spec.capture(model, real, cardIndex, amount))),
    goOffline: fc.constant(
      command('goOffline', async (_model, real) => {
        real.host.online = false;
      }),
    ),
    goOnline: fc.constant(
      command('goOnline', async (_model, real) => {
        real.host.online = true;
      }),
    ),
    sync: fc.constantFrom(0, 5_000, BACKOFF_CAP_MS).map((advance) =>
      command(`sync(+${advance}ms)`, async (_model, real) => {
        real.clock.now += advance;
        await syncIfPossible(real.db, real.options);
      }),
    ),
    fault: fc
      .constantFrom<Fault>(...spec.faults)
      .map((fault) =>
        command(fault.kind === 'status' ? `fault(${fault.status})` : fault.kind, async (_model, real) => void real.host.faults.push(fault)),
      ),
    // Syncers in this tab and in another tab, each started some macrotasks after the previous one,
    // so that some start while another is in the middle of a batch.
    concurrentSync: fc.array(fc.tuple(fc.boolean(), fc.nat({ max: 6 })), { minLength: 2, maxLength: 4 }).map((starts) =>
      command(`concurrentSync(${JSON.stringify(starts)})`, async (_model, real) => {
        real.clock.now += BACKOFF_CAP_MS;
        const runs: Array<Promise<unknown>> = [];
        for (const [otherTab, delay] of starts) {
          for (let step = 0; step < delay; step += 1) await tick();
          runs.push(syncIfPossible(otherTab ? real.otherTab : real.db, real.options));
        }
        await Promise.all(runs);
      }),
    ),
    captureWhileSyncing: fc.tuple(card, fc.constantFrom(1_000, 12_000)).map(([cardIndex, amount]) =>
      command(`captureWhileSyncing(${cardIndex}, ${amount})`, async (model, real) => {
        await Promise.all([syncIfPossible(real.db, real.options), spec.capture(model, real, cardIndex, amount)]);
      }),
    ),
    cancel: fc.nat({ max: 50 }).map((index) =>
      command(`cancel(#${index})`, async (model, real) => {
        const ids = [...model.captured.keys()];
        const paymentId = ids[index % Math.max(ids.length, 1)];
        if (paymentId === undefined) return;
        const result = await cancelQueued(real.db, paymentId);
        if (result.cancelled) model.cancelled.add(paymentId);
      }),
    ),
  };

  async function syncToQuiescence(model: SyncModel, real: SyncReal<Host>): Promise<SettledPayment[]> {
    real.host.online = true;
    real.host.faults.length = 0;
    for (let round = 0; round < 20; round += 1) {
      real.clock.now += BACKOFF_CAP_MS + 1;
      const summary = await syncIfPossible(real.db, real.options);
      if (summary.remaining === 0 && summary.error === undefined) break;
    }
    await spec.checkInvariants(model, real);

    const outbox = await real.db.commands.toArray();
    expect(outbox.filter((item) => item.syncState !== 'refused')).toEqual([]);
    const settled: SettledPayment[] = [];
    for (const [paymentId, { amountKrw }] of model.captured) {
      if (model.cancelled.has(paymentId)) continue;
      const approved = (await real.db.receipts.get(paymentId)) !== undefined;
      if (!approved) expect((await real.db.commands.get(paymentId))?.refusal?.code).toMatch(/^\d{4}$/);
      settled.push({ paymentId, amountKrw, approved });
    }
    return settled;
  }

  /**
   * Runs one generated command sequence on a fresh device that has taken the host's snapshot,
   * then syncs it to quiescence and checks the outcome. The caller starts and stops the host.
   */
  async function run(cmds: Iterable<SyncModelCommand<Host>>, host: Host, clock: { now: number }, random: () => number): Promise<void> {
    const { db, reopen } = freshTestDb();
    const otherTab = reopen();
    // A turn the host booked is waited out on the model's clock.
    const sleep = async (ms: number): Promise<void> => {
      clock.now += ms;
    };
    const options: SyncOptions = { transport: host.transport, now: () => clock.now, random, sleep };
    try {
      const refreshed = await refreshSnapshot(db, { transport: host.transport });
      expect(refreshed.ok).toBe(true);
      await spec.checkSnapshot?.(db);
      await writeMeta(db, 'limits', MODEL_LIMITS);
      const model: SyncModel = { captured: new Map(), cancelled: new Set() };
      const real: SyncReal<Host> = { db, workerId: spec.workerId, otherTab, host, clock, options };
      await fc.asyncModelRun(() => ({ model, real }), cmds);
      await spec.checkSettled(await syncToQuiescence(model, real), real);
    } finally {
      db.close();
      otherTab.close();
    }
  }

  return { command, commands, run };
}

/**
 * Enqueues a captured payment and checks the device's answer against the caps computed from what
 * is pending: it is queued exactly when checkOfflineCapture allows it, refused with its code
 * otherwise. Returns whether it was queued.
 */
export async function enqueueChecked(model: SyncModel, real: SyncReal<unknown>, payment: OfflinePayment): Promise<boolean> {
  const pending = await real.db.commands
    .where('syncState')
    .anyOf(PENDING_STATES as string[])
    .toArray();
  const expected = checkOfflineCapture(
    {
      count: pending.length,
      amountKrw: pending.reduce((sum, item) => sum + item.amountKrw, 0),
      oldestCapturedAt: pending.length === 0 ? null : Math.min(...pending.map((item) => item.capturedAt)),
    },
    payment.amountKrw,
    real.clock.now,
    MODEL_LIMITS,
  );
  const result = await enqueuePayment(real.db, { kind: 'payment', workerId: real.workerId, ...payment }, { now: () => real.clock.now });
  if (result.ok) {
    expect(expected.ok).toBe(true);
    model.captured.set(payment.paymentId, { amountKrw: payment.amountKrw });
  } else {
    expect(expected).toMatchObject({ ok: false, code: result.code });
  }
  return result.ok;
}

/** What the host holds for one payment, asked by the device-side invariants. */
export interface HostView {
  /** The host never saw a payment cancelled on the device, so it can never be charged. */
  expectUnseen(paymentId: string): void;
  expectApproved(paymentId: string, approvalNumber: string): void;
  expectRefused(paymentId: string, code: string | undefined): void;
}

/**
 * The device's side of the invariants: nothing on the device that was not captured, nothing
 * 'sending' while no syncer runs, and every captured payment either cancelled (and unknown to the
 * host), still queued, refused with the host's code and a Korean message, or approved with the
 * host's approval number, never lost and never both.
 */
export async function checkDeviceInvariants(model: SyncModel, db: DeviceDb, host: HostView): Promise<void> {
  const outbox = new Map((await db.commands.toArray()).map((item) => [item.id, item]));
  const receipts = new Map((await db.receipts.toArray()).map((receipt) => [receipt.paymentId, receipt]));

  for (const item of outbox.values()) {
    expect(model.captured.has(item.id)).toBe(true);
    expect(item.syncState).not.toBe('sending');
  }

  for (const [paymentId] of model.captured) {
    const inOutbox = outbox.get(paymentId);
    const receipt = receipts.get(paymentId);
    if (model.cancelled.has(paymentId)) {
      expect(inOutbox).toBeUndefined();
      expect(receipt).toBeUndefined();
      host.expectUnseen(paymentId);
      continue;
    }
    // Never lost, never both.
    expect(inOutbox === undefined).not.toBe(receipt === undefined);
    if (receipt !== undefined) host.expectApproved(paymentId, receipt.approvalNumber);
    if (inOutbox?.syncState === 'refused') {
      host.expectRefused(paymentId, inOutbox.refusal?.code);
      expect(inOutbox.refusal?.message).toMatch(/[가-힣]/);
    }
  }
}

/** xorshift32: the run's latencies and backoff jitter follow fast-check's seed, so a failure replays. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}
