/**
 * Replaces the device snapshot (the worker's recipients, their vouchers and last known balances,
 * the institution's offline limits) with the host's current one. Called when online: at start,
 * after a sync, from the service worker. The vouchers table and meta change in one transaction,
 * and the deductions of payments still in the outbox are re-applied, so the shown balance stays
 * provisional-honest. On any failure the old snapshot stays as it was.
 */
import * as v from 'valibot';
import { DEVICE_SNAPSHOT_PATH, DeviceSnapshotSchema } from '../domain/offline';
import { ErrorBodySchema } from '../domain/wire';
import { fail, ok, type Result } from '../domain/result';
import { isErrorCode } from '../domain/errors';
import { recomputeProvisional, type DeviceDb, type VoucherRow } from '../db/db';
import type { Transport } from './sendBatch';

export interface RefreshOptions {
  transport?: Transport;
  appVersion?: string;
  timeoutMs?: number;
}

export async function refreshSnapshot(db: DeviceDb, options: RefreshOptions = {}): Promise<Result<{ voucherCount: number; hostNow: number }>> {
  const transport = options.transport ?? ((url: string, init: RequestInit) => globalThis.fetch(url, init));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 30_000);
  let body: unknown;
  try {
    const response = await transport(DEVICE_SNAPSHOT_PATH, {
      method: 'GET',
      credentials: 'same-origin',
      headers: { 'x-app-version': options.appVersion ?? (typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev') },
      signal: controller.signal,
    });
    body = await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = v.safeParse(ErrorBodySchema, body);
      const code = error.success ? error.output.code : '';
      return fail(isErrorCode(code) ? code : response.status === 401 ? '1003' : '9999');
    }
  } catch {
    return fail('0104');
  } finally {
    clearTimeout(timer);
  }
  const parsed = v.safeParse(DeviceSnapshotSchema, body);
  if (!parsed.success) return fail('9999', v.summarize(parsed.issues));
  const snapshot = parsed.output;

  await db.transaction('rw', [db.vouchers, db.meta, db.outbox], async () => {
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
    await recomputeProvisional(db, rows.map((row) => row.voucherId));
    await db.meta.bulkPut([
      { key: 'snapshotAt', value: snapshot.hostNow },
      { key: 'institutionName', value: snapshot.institutionName },
      { key: 'limits', value: snapshot.limits },
    ]);
    if (snapshot.tariff) await db.meta.put({ key: 'tariff', value: snapshot.tariff });
  });
  return ok({ voucherCount: snapshot.vouchers.length, hostNow: snapshot.hostNow });
}
