/**
 * The read model of the sync status screen and the 전송 대기 badge. A pure read over the device
 * database, so screens wrap it in Dexie's liveQuery and re-render whenever the outbox changes.
 */
import { EMPTY_SYNC_STATUS, type DeviceDb, type OutboxCommand } from '../db/db';

export interface SyncStatusView {
  /** Queued and sending: 전송 대기. */
  pendingCount: number;
  pendingAmountKrw: number;
  sendingCount: number;
  /** Device capture time of the oldest pending payment: the 72-hour cap counts from it. */
  oldestPendingAt: number | null;
  /** Refused by the host, kept until the worker acknowledges them; oldest first. */
  refused: OutboxCommand[];
  lastSyncAt: number | null;
  lastError: { code: string; message: string; at: number } | null;
}

export async function syncStatus(db: DeviceDb): Promise<SyncStatusView> {
  return db.transaction('r', [db.commands, db.meta], async () => {
    const items = await db.commands.toArray();
    const pending = items.filter((item) => item.syncState !== 'refused');
    const row = await db.meta.get('syncStatus');
    const status = row?.key === 'syncStatus' ? row.value : EMPTY_SYNC_STATUS;
    return {
      pendingCount: pending.length,
      pendingAmountKrw: pending.reduce((sum, item) => sum + item.amountKrw, 0),
      sendingCount: pending.filter((item) => item.syncState === 'sending').length,
      oldestPendingAt: pending.length === 0 ? null : Math.min(...pending.map((item) => item.capturedAt)),
      refused: items.filter((item) => item.syncState === 'refused').sort((a, b) => a.capturedAt - b.capturedAt),
      lastSyncAt: status.lastSyncAt,
      lastError:
        status.lastErrorAt === null || status.lastErrorCode === null
          ? null
          : { code: status.lastErrorCode, message: status.lastErrorMessage ?? '', at: status.lastErrorAt },
    };
  });
}

/** Commands waiting for their turn to be sent (not being sent, not refused). */
export function countQueued(db: DeviceDb): Promise<number> {
  return db.commands.where('syncState').equals('queued').count();
}
