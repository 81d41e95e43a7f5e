/**
 * Open services (서비스 시작) on the device, so a visit started online can be paid with no signal
 * and one started with no signal can be paid at all. The host's open service comes with the card
 * lookup or the snapshot; a device-started one lives only in db.openServices until a payment that
 * closes it is in the outbox (enqueuePayment marks it closed in the same transaction). A service
 * this device already paid through the outbox is remembered as closed, so it is not offered again
 * while the host has not heard of the payment yet. A visit belongs to its worker: every row names
 * it, and only the acting worker's own are offered (a shared tablet holds several workers' visits).
 * A device-started one lives nowhere else, so logout waits for it (countOpenOnDevice).
 */
import type { DeviceDb, OpenServiceRow } from './db';
import type { OpenService } from '../domain/wire';

export interface ResolvedOpenService {
  readonly openService: OpenService;
  readonly source: 'host' | 'device';
}

/**
 * The worker's open service a payment on this voucher closes: the later of the device's and the
 * host's (which is already the worker's own), minus any already paid. Another worker's is never offered.
 */
export async function resolveOpenService(
  db: DeviceDb,
  voucherId: string | null,
  workerId: string,
  hostOpen: OpenService | null,
): Promise<ResolvedOpenService | null> {
  const rows = voucherId === null ? [] : await db.openServices.where('voucherId').equals(voucherId).toArray();
  return pickOpenService(
    rows.filter((row) => row.workerId === workerId),
    hostOpen,
  );
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
export async function startServiceOnDevice(
  db: DeviceDb,
  voucherId: string,
  programId: string,
  workerId: string,
  startedAt: number,
): Promise<OpenService> {
  const row: OpenServiceRow = { id: crypto.randomUUID(), voucherId, workerId, programId, startedAt: Math.round(startedAt), source: 'device' };
  await db.openServices.put(row);
  return { id: row.id, startedAt: row.startedAt };
}

/**
 * 시작 취소 of a start only this device knows: it is removed, as if never tapped (the host never
 * heard of it, so there is nothing to audit there). False when it is not an open device start of
 * this worker (already paid through the outbox, or another worker's).
 */
export async function discardOnDevice(db: DeviceDb, id: string, workerId: string): Promise<boolean> {
  return db.transaction('rw', db.openServices, async () => {
    const row = await db.openServices.get(id);
    if (row === undefined || row.source !== 'device' || row.workerId !== workerId || row.closedByPaymentId !== undefined) return false;
    await db.openServices.delete(id);
    return true;
  });
}

/** Open 서비스 시작 that only this device holds (not yet paid): they keep the worker on the device like queued payments. */
export function countOpenOnDevice(db: DeviceDb): Promise<number> {
  return db.openServices.filter((row) => row.source === 'device' && row.closedByPaymentId === undefined).count();
}
