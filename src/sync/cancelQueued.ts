/**
 * Cancels an offline payment that never left the device (the worker tapped 확인 by mistake).
 * Only a 'queued' item that was never sent can go: once a send started, the host may have applied
 * it even if no answer came back, so it must sync first and then be cancelled on the host
 * (거래 취소). Checked and deleted in one transaction, so it cannot race the syncer marking it
 * 'sending'. The voucher's provisional balance is restored in the same transaction.
 */
import { recomputeProvisional, type DeviceDb } from '../db/db';

export type CancelQueuedResult = { cancelled: true } | { cancelled: false; reason: 'not-found' | 'sending' | 'sent-before' | 'refused' };

export async function cancelQueued(db: DeviceDb, paymentId: string): Promise<CancelQueuedResult> {
  return db.transaction('rw', [db.commands, db.vouchers], async (): Promise<CancelQueuedResult> => {
    const item = await db.commands.get(paymentId);
    if (item === undefined || item.kind !== 'payment') return { cancelled: false, reason: 'not-found' };
    if (item.syncState === 'sending') return { cancelled: false, reason: 'sending' };
    if (item.syncState === 'refused') return { cancelled: false, reason: 'refused' };
    if (item.firstSentAt !== undefined) return { cancelled: false, reason: 'sent-before' };
    await db.commands.delete(paymentId);
    await recomputeProvisional(db, [item.voucherId]);
    return { cancelled: true };
  });
}
