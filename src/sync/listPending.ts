import { PENDING_STATES, type DeviceDb, type OutboxCommand } from '../db/db';

/** 전송 대기: commands not yet answered by the host (queued or being sent), oldest capture first. */
export async function listPending(db: DeviceDb): Promise<OutboxCommand[]> {
  const items = await db.commands
    .where('syncState')
    .anyOf(PENDING_STATES as string[])
    .toArray();
  return items.sort((a, b) => a.capturedAt - b.capturedAt || (a.id < b.id ? -1 : 1));
}
