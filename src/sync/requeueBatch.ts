/**
 * After a send whose outcome is unknown or refused as a whole (no network, 5xx, 429, an answer
 * that breaks the contract, an expired session) every item of the batch goes back to the queue —
 * none is lost, none is dropped — with a backoff, and the error is kept for the status screen.
 * Returns when the batch may go again if the host named the wait, else null.
 */
import type { DeviceDb } from '../db/db';
import { EMPTY_SYNC_STATUS } from '../db/db';
import { backoffDelayMs, hostRetryDelayMs } from './backoff';

export interface BatchFailure {
  code: string;
  message: string;
  countsAsAttempt: boolean;
  retryAfterMs: number | null;
  /** The wait came in ms: a turn the host booked for this device (sendBatch.ts). */
  retryAfterExact?: boolean;
}

export async function requeueBatch(
  db: DeviceDb,
  commandIds: readonly string[],
  failure: BatchFailure,
  now: number,
  random: () => number,
): Promise<number | null> {
  // A wait the host named is drawn once for the whole batch, so the batch comes back whole.
  const asked = failure.retryAfterMs === null ? 0 : hostRetryDelayMs(failure.retryAfterMs, failure.retryAfterExact === true, random);
  await db.transaction('rw', [db.commands, db.meta], async () => {
    for (const id of commandIds) {
      const item = await db.commands.get(id);
      if (item === undefined || item.syncState !== 'sending') continue;
      const attempts = item.attempts + (failure.countsAsAttempt ? 1 : 0);
      // A turn the host booked in ms is followed as it is: the host has measured its own load and
      // keeps a slot for the device then, and the exponential backoff would only leave it idle.
      // A wait in whole seconds is a floor under the backoff.
      const backoff = failure.retryAfterExact === true ? 0 : backoffDelayMs(attempts, random);
      const waitMs = failure.countsAsAttempt ? Math.max(backoff, asked) : 0;
      await db.commands.update(id, {
        syncState: 'queued',
        attempts,
        nextAttemptAt: now + waitMs,
        lastErrorCode: failure.code,
        lastErrorMessage: failure.message,
      });
    }
    await recordSyncError(db, failure.code, failure.message, now);
  });
  return failure.countsAsAttempt && failure.retryAfterMs !== null ? now + asked : null;
}

export async function recordSyncError(db: DeviceDb, code: string, message: string, now: number): Promise<void> {
  const row = await db.meta.get('syncStatus');
  const status = row?.key === 'syncStatus' ? row.value : EMPTY_SYNC_STATUS;
  await db.meta.put({ key: 'syncStatus', value: { ...status, lastErrorAt: now, lastErrorCode: code, lastErrorMessage: message } });
}
