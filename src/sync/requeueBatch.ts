/**
 * After a send whose outcome is unknown or refused as a whole (no network, 5xx, 429, an answer
 * that breaks the contract, an expired session) every item of the batch goes back to the queue —
 * none is lost, none is dropped — with a backoff, and the error is kept for the status screen.
 */
import type { DeviceDb } from '../db/db';
import { EMPTY_SYNC_STATUS } from '../db/db';
import { backoffDelayMs } from './backoff';

export interface BatchFailure {
  code: string;
  message: string;
  countsAsAttempt: boolean;
  retryAfterMs: number | null;
}

export async function requeueBatch(
  db: DeviceDb,
  commandIds: readonly string[],
  failure: BatchFailure,
  now: number,
  random: () => number,
): Promise<void> {
  await db.transaction('rw', [db.commands, db.meta], async () => {
    for (const id of commandIds) {
      const item = await db.commands.get(id);
      if (item === undefined || item.syncState !== 'sending') continue;
      const attempts = item.attempts + (failure.countsAsAttempt ? 1 : 0);
      // The host's Retry-After is a floor, spread by up to half again so devices told the same
      // second do not all come back in the same second.
      const asked = failure.retryAfterMs === null ? 0 : failure.retryAfterMs * (1 + random() / 2);
      const waitMs = failure.countsAsAttempt ? Math.max(backoffDelayMs(attempts, random), asked) : 0;
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
}

export async function recordSyncError(db: DeviceDb, code: string, message: string, now: number): Promise<void> {
  const row = await db.meta.get('syncStatus');
  const status = row?.key === 'syncStatus' ? row.value : EMPTY_SYNC_STATUS;
  await db.meta.put({ key: 'syncStatus', value: { ...status, lastErrorAt: now, lastErrorCode: code, lastErrorMessage: message } });
}
