/**
 * Open services (서비스 시작) on the device, so a visit started online can be paid with no signal
 * and one started with no signal can be paid at all. The host's open service comes with the card
 * lookup or the snapshot; a device-started one lives only in db.openServices until a payment that
 * closes it is in the outbox (enqueuePayment marks it closed in the same transaction). A service
 * this device already paid through the outbox is remembered as closed, so it is not offered again
 * while the host has not heard of the payment yet.
 */
import type { DeviceDb, OpenServiceRow } from './db';
import type { OpenService } from '../domain/wire';

export interface ResolvedOpenService {
  readonly openService: OpenService;
  readonly source: 'host' | 'device';
}

/** The open service a payment on this voucher closes: the later of the device's and the host's, minus any already paid. */
export async function resolveOpenService(db: DeviceDb, voucherId: string | null, hostOpen: OpenService | null): Promise<ResolvedOpenService | null> {
  const rows = voucherId === null ? [] : await db.openServices.where('voucherId').equals(voucherId).toArray();
  return pickOpenService(rows, hostOpen);
}

export function pickOpenService(rows: readonly OpenServiceRow[], hostOpen: OpenService | null): ResolvedOpenService | null {
  const closed = new Set(rows.filter((row) => row.closedByPaymentId !== undefined).flatMap((row) => [row.id, `at:${row.startedAt}`]));
  const deviceOpen = rows
    .filter((row) => row.source === 'device' && row.closedByPaymentId === undefined)
    .sort((a, b) => b.startedAt - a.startedAt)[0];
  const host = hostOpen !== null && !closed.has(hostOpen.id) && !closed.has(`at:${hostOpen.startedAt}`) ? hostOpen : null;
  if (deviceOpen !== undefined && (host === null || deviceOpen.startedAt >= host.startedAt)) {
    return { openService: { id: deviceOpen.id, startedAt: deviceOpen.startedAt }, source: 'device' };
  }
  return host === null ? null : { openService: host, source: 'host' };
}

/** 서비스 시작 with no signal: the start is recorded on the device (committed before the screen says so). */
export async function startServiceOnDevice(db: DeviceDb, voucherId: string, programId: string, startedAt: number): Promise<OpenService> {
  const row: OpenServiceRow = { id: crypto.randomUUID(), voucherId, programId, startedAt: Math.round(startedAt), source: 'device' };
  await db.openServices.put(row);
  return { id: row.id, startedAt: row.startedAt };
}
