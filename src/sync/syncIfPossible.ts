/**
 * The single syncer: sends the outbox to the host in batches and applies the answers. Called by
 * the page triggers (start, online, visible, timer, 지금 전송), the comlink worker and the service
 * worker's 'sync' event — all the same function. It takes the Web Lock 'evoucher-sync', so one
 * syncer runs at a time across them; calls in one realm are merged (a call during a run schedules
 * exactly one more run after it). On any failure the batch goes back to the queue with a backoff
 * and the error is kept in meta.syncStatus; the summary is returned, nothing is thrown. A batch the
 * host turned away with a turn of its own (429 + Retry-After-Ms) is sent again in the same run once
 * that turn comes, if it comes soon.
 */
import { messageKo } from '../domain/errors';
import type { DeviceDb } from '../db/db';
import { PENDING_STATES } from '../db/db';
import { applyResults } from './applyResults';
import { requeueBatch } from './requeueBatch';
import { sendBatch, type Transport } from './sendBatch';
import { defaultLocks, SYNC_LOCK_NAME, type LockRequester } from './syncLock';
import { requeueInterrupted, takeDueBatch } from './takeDueBatch';

export type { Transport } from './sendBatch';

export interface SyncOptions {
  /** Default: the configured host transport (fetch, same-origin: relative to the page or the service worker). */
  transport?: Transport;
  now?: () => number;
  /** For the backoff jitter; returns [0, 1). */
  random?: () => number;
  /** Default: navigator.locks, or an in-module lock where the runtime has none. */
  locks?: LockRequester;
  /** A request that has not answered by then is abandoned as a network failure. */
  timeoutMs?: number;
  /** Waits out a turn the host booked (Retry-After-Ms) within the run; default: a timer. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A turn the host booked in ms (Retry-After-Ms) is waited for within the run, holding the lock,
 * when it is this close: the page's timer would only come back a minute later, leaving the slot the
 * host kept for this device idle. A run waits so at most this many times.
 */
export const MAX_TURN_WAIT_MS = 30_000;
export const MAX_TURN_WAITS_PER_RUN = 20;

export interface SyncSummary {
  sent: number;
  approved: number;
  refused: number;
  /** Queued and sending items left when the run ended. */
  remaining: number;
  error?: { code: string; message: string };
}

/**
 * For the service worker's 'sync' event: a run that left work behind (an error, or commands still
 * waiting) must reject, or the browser never tries the Background Sync again.
 */
export function throwUnlessFinished(summary: SyncSummary): void {
  if (summary.error !== undefined) throw new Error(`sync stopped: ${summary.error.code} ${summary.error.message}`);
  if (summary.remaining > 0) throw new Error(`${summary.remaining} commands still waiting`);
}

interface RealmState {
  running?: Promise<SyncSummary>;
  again?: Promise<SyncSummary>;
}
const realms = new WeakMap<DeviceDb, RealmState>();

export function syncIfPossible(db: DeviceDb, options: SyncOptions = {}): Promise<SyncSummary> {
  let state = realms.get(db);
  if (state === undefined) {
    state = {};
    realms.set(db, state);
  }
  const realm = state;
  if (realm.again !== undefined) return realm.again;
  if (realm.running !== undefined) {
    // What made the caller ask (a new capture, coming online) may have happened after the running
    // sync picked its batches, so one more run follows — one, however many callers asked.
    realm.again = realm.running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        realm.again = undefined;
        return start();
      });
    return realm.again;
  }
  return start();

  function start(): Promise<SyncSummary> {
    const run = runUnderLock(db, options).finally(() => {
      if (realm.running === run) realm.running = undefined;
    });
    realm.running = run;
    return run;
  }
}

const BUSY = Symbol('busy');

async function runUnderLock(db: DeviceDb, options: SyncOptions): Promise<SyncSummary> {
  const locks = options.locks ?? defaultLocks();
  const first = await locks.request(SYNC_LOCK_NAME, { ifAvailable: true }, async (lock) => (lock === null ? BUSY : runSync(db, options)));
  if (first !== BUSY) return first;
  // Another tab or the service worker is syncing: wait for it, then run once, so a payment
  // captured here after it picked its batches is not left waiting for the next trigger.
  return locks.request(SYNC_LOCK_NAME, {}, async () => runSync(db, options));
}

async function runSync(db: DeviceDb, options: SyncOptions): Promise<SyncSummary> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const send = { transport: options.transport, timeoutMs: options.timeoutMs ?? 30_000 };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const summary: SyncSummary = { sent: 0, approved: 0, refused: 0, remaining: 0 };
  let turnWaits = 0;

  try {
    // We hold the lock, so anything still 'sending' belongs to a run that died mid-flight.
    await requeueInterrupted(db);
    // Each item is offered at most once per run, so an item the host keeps skipping cannot spin.
    const offered = new Set<string>();
    for (;;) {
      const batch = await takeDueBatch(db, now(), offered);
      if (batch.length === 0) break;
      for (const item of batch) offered.add(item.id);
      summary.sent += batch.length;

      const outcome = await sendBatch(batch, now(), send);
      if (outcome.kind === 'answered') {
        const applied = await applyResults(db, batch, outcome.response, now(), random);
        summary.approved += applied.approved;
        summary.refused += applied.refused;
        continue;
      }
      const retryAt = await requeueBatch(
        db,
        batch.map((item) => item.id),
        outcome,
        now(),
        random,
      );
      const turnMs = outcome.retryAfterExact && retryAt !== null ? retryAt - now() : Number.POSITIVE_INFINITY;
      if (turnMs <= MAX_TURN_WAIT_MS && turnWaits < MAX_TURN_WAITS_PER_RUN) {
        // The host never looked at the batch: it is offered again once its turn has come.
        turnWaits += 1;
        for (const item of batch) offered.delete(item.id);
        summary.sent -= batch.length;
        await sleep(Math.max(0, turnMs));
        continue;
      }
      summary.error = { code: outcome.code, message: outcome.message };
      break;
    }
  } catch (error) {
    // An IndexedDB failure (quota, a closed database): nothing was acknowledged, so the next run
    // resends whatever this one left 'sending'.
    summary.error = { code: '9999', message: error instanceof Error ? error.message : messageKo('9999') };
  }
  summary.remaining = await db.commands
    .where('syncState')
    .anyOf(PENDING_STATES as string[])
    .count()
    .catch(() => 0);
  return summary;
}
