/**
 * 당일거래 취소 with no signal: the payments this device can cancel by itself on a voucher — a
 * worker's captures still waiting in the outbox that never left the device (cancelling one takes it
 * out of the queue: enqueueCancel). Anything the host may hold waits for the network and a list
 * from the host.
 */
import { isOutboxPayment, type DeviceDb, type OutboxPayment } from '../db/db';

export async function cancellableOnDevice(db: DeviceDb, voucherId: string, workerId: string): Promise<OutboxPayment[]> {
  const items = await db.commands.where('syncState').equals('queued').toArray();
  return items
    .filter(isOutboxPayment)
    .filter((item) => item.voucherId === voucherId && item.workerId === workerId && item.firstSentAt === undefined)
    .sort((a, b) => b.capturedAt - a.capturedAt);
}
