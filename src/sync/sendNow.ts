/**
 * 지금 전송, and the network coming back: send everything queued now. The backoff exists to spread
 * retries against a struggling host; failures from a period with no network say nothing about the
 * host, and a worker who taps 지금 전송 is waiting for the answer. Only the retry time of queued
 * commands changes (never a command, never one being sent), before the syncer picks them under its
 * lock as usual.
 */
import type { DeviceDb } from '../db/db';
import { syncIfPossible, type SyncOptions, type SyncSummary } from './syncIfPossible';

export async function sendNow(db: DeviceDb, options: SyncOptions = {}): Promise<SyncSummary> {
  const now = (options.now ?? Date.now)();
  await db.commands
    .where('syncState')
    .equals('queued')
    .modify((item) => {
      if (item.nextAttemptAt > now) item.nextAttemptAt = now;
    });
  return syncIfPossible(db, options);
}
