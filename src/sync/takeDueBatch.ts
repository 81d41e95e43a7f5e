/**
 * Picks the next batch of commands to send — queued items whose retry time has come, oldest capture first —
 * and marks them 'sending' in the same transaction, so a cancellation on the screen either wins
 * before the pick or sees 'sending' and refuses. Called only by the syncer holding the sync lock.
 */
import { MAX_BATCH_ITEMS } from '../domain/offline';
import type { DeviceDb, OutboxCommand } from '../db/db';

export async function takeDueBatch(db: DeviceDb, now: number, skip: ReadonlySet<string>, limit = MAX_BATCH_ITEMS): Promise<OutboxCommand[]> {
  return db.transaction('rw', [db.commands], async () => {
    const due = await db.commands
      .where('syncState')
      .equals('queued')
      .filter((item) => item.nextAttemptAt <= now && !skip.has(item.id))
      .toArray();
    // Oldest capture first: a cancellation always follows the payment it cancels.
    due.sort((a, b) => a.capturedAt - b.capturedAt || (a.id < b.id ? -1 : 1));
    const batch = due.slice(0, limit);
    for (const item of batch) {
      item.syncState = 'sending';
      item.firstSentAt ??= now;
      await db.commands.put(item);
    }
    return batch;
  });
}

/**
 * Items left 'sending' by a run that died mid-flight (tab closed, service worker killed) go back
 * to the queue. Only safe under the sync lock — no other syncer can be sending them — and
 * resending is always safe because the host applies a payment id at most once.
 */
export async function requeueInterrupted(db: DeviceDb): Promise<number> {
  return db.commands.where('syncState').equals('sending').modify({ syncState: 'queued' });
}
