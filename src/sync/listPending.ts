import { PENDING_STATES, type DeviceDb, type OutboxItem } from '../db/db';

/** 전송 대기: payments not yet answered by the host (queued or being sent), oldest capture first. */
export async function listPending(db: DeviceDb): Promise<OutboxItem[]> {
  const items = await db.outbox.where('syncState').anyOf(PENDING_STATES as string[]).toArray();
  return items.sort((a, b) => a.payment.capturedAt - b.payment.capturedAt || (a.paymentId < b.paymentId ? -1 : 1));
}
