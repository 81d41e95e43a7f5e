/**
 * A balance the host stated in an online answer (a payment's or a cancellation's receipt), kept on
 * the device's snapshot voucher so that a visit that goes offline later starts from it, not from
 * the balance of the last snapshot. Only a newer statement replaces an older one (host times), and
 * the provisional balance is recomputed in the same transaction.
 */
import { recomputeProvisional, type DeviceDb } from '../db/db';

export async function noteHostBalance(db: DeviceDb, voucherId: string, balanceKrw: number, at: number): Promise<void> {
  await db.transaction('rw', [db.vouchers, db.commands], async () => {
    const voucher = await db.vouchers.get(voucherId);
    if (voucher === undefined || at < voucher.balanceAt) return;
    await db.vouchers.update(voucherId, { balanceKrw, balanceAt: at });
    await recomputeProvisional(db, [voucherId]);
  });
}
