/**
 * Replaces the device snapshot (the worker's recipients, their vouchers and last known balances,
 * the institution's offline limits) with the host's current one. Called when online: at start,
 * after a sync, from the service worker. The vouchers table and meta change in one transaction,
 * and the deductions of payments still in the outbox are re-applied, so the shown balance stays
 * provisional-honest. On any failure the old snapshot stays as it was.
 */
import { DEVICE_SNAPSHOT_PATH, DeviceSnapshotSchema, OUTBOX_PENDING_HEADER, type DeviceSnapshot } from '../domain/offline';
import { isErrorCode } from '../domain/errors';
import { fail, ok, type Result } from '../domain/result';
import { PENDING_STATES, recomputeProvisional, type DeviceDb, type VoucherRow } from '../db/db';
import { ApiError, hostCall, type Transport } from '../api/host';

export interface RefreshOptions {
  /** Default: the configured host transport. */
  transport?: Transport;
  timeoutMs?: number;
}

export async function refreshSnapshot(db: DeviceDb, options: RefreshOptions = {}): Promise<Result<{ voucherCount: number; hostNow: number }>> {
  let snapshot: DeviceSnapshot;
  try {
    // The outbox's size goes with the request: the institution console shows it per terminal.
    const pending = await db.commands
      .where('syncState')
      .anyOf(PENDING_STATES as string[])
      .count();
    snapshot = await hostCall(DEVICE_SNAPSHOT_PATH, DeviceSnapshotSchema, {
      headers: { [OUTBOX_PENDING_HEADER]: String(pending) },
      timeoutMs: options.timeoutMs ?? 30_000,
      ...(options.transport ? { transport: options.transport } : {}),
    });
  } catch (error) {
    // The one status→code mapping of the host-fetch core: a 503 is 0104 here as everywhere.
    const code = error instanceof ApiError ? error.code : '9999';
    return fail(isErrorCode(code) ? code : '9999');
  }

  await db.transaction('rw', [db.vouchers, db.meta, db.commands], async () => {
    const before = new Map((await db.vouchers.toArray()).map((row) => [row.voucherId, row]));
    const rows = snapshot.vouchers.map((voucher): VoucherRow => {
      // An approval applied after the host took this snapshot knows a newer balance: keep it.
      const known = before.get(voucher.voucherId);
      const newer = known !== undefined && known.balanceAt > snapshot.hostNow;
      const balanceKrw = newer ? known.balanceKrw : voucher.balanceKrw;
      return {
        ...voucher,
        balanceKrw,
        balanceAt: newer ? known.balanceAt : snapshot.hostNow,
        provisionalBalanceKrw: balanceKrw,
        pendingCount: 0,
      };
    });
    await db.vouchers.clear();
    await db.vouchers.bulkPut(rows);
    await recomputeProvisional(
      db,
      rows.map((row) => row.voucherId),
    );
    await db.meta.bulkPut([
      { key: 'snapshotAt', value: snapshot.hostNow },
      { key: 'institutionName', value: snapshot.institutionName },
      { key: 'limits', value: snapshot.limits },
    ]);
    if (snapshot.tariff) await db.meta.put({ key: 'tariff', value: snapshot.tariff });
    // A shared terminal's workers (ids and 결제 IDs): replaced whole, gone when the terminal is personal again.
    if (snapshot.terminalWorkers) await db.meta.put({ key: 'terminalWorkers', value: snapshot.terminalWorkers });
    else await db.meta.delete('terminalWorkers');
    // Replaced whole: a key the host retired stops verifying offline tokens here too.
    await db.meta.put({ key: 'qrKeys', value: snapshot.qrKeys ?? [] });
  });
  return ok({ voucherCount: snapshot.vouchers.length, hostNow: snapshot.hostNow });
}
