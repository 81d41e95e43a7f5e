/**
 * The worker's session kept on the device (so the app opens and takes offline payments with no
 * signal), what still holds the worker on this device, and the wipe on logout (SPEC §8).
 */
import type { SessionInfo } from '../domain/wire';
import { readMeta, type DeviceDb } from './db';
import { countOpenOnDevice } from './openServices';

export async function rememberSession(db: DeviceDb, session: SessionInfo): Promise<void> {
  await db.meta.put({ key: 'session', value: session });
}

/** The last session on this device: lets the app open and take offline payments with no signal. */
export function cachedSession(db: DeviceDb): Promise<SessionInfo | undefined> {
  return readMeta(db, 'session');
}

/**
 * What still holds the worker on this device: commands not yet answered, refusals not yet
 * acknowledged, online payments whose answer never came, and 서비스 시작 taken with no signal
 * (they live only here until paid or discarded).
 */
export async function unfinishedWork(db: DeviceDb): Promise<{ pending: number; refused: number; started: number }> {
  return db.transaction('r', [db.commands, db.inflight, db.openServices], async () => {
    const items = await db.commands.toArray();
    const refused = items.filter((item) => item.syncState === 'refused').length;
    return { pending: items.length - refused + (await db.inflight.count()), refused, started: await countOpenOnDevice(db) };
  });
}

/**
 * Removes the worker's data from the device: the vouchers snapshot, receipts, open services and
 * meta (the cached session included). Refused — nothing is removed — while the outbox or the
 * in-flight payments hold anything, or a 서비스 시작 lives only here; the check and the wipe are
 * one transaction, so a capture in another tab cannot slip in between. Returns whether the wipe happened.
 */
export async function wipeWorkerData(db: DeviceDb): Promise<boolean> {
  return db.transaction('rw', [db.commands, db.inflight, db.vouchers, db.receipts, db.meta, db.openServices], async () => {
    if ((await db.commands.count()) > 0 || (await db.inflight.count()) > 0 || (await countOpenOnDevice(db)) > 0) return false;
    await Promise.all([db.vouchers.clear(), db.receipts.clear(), db.meta.clear(), db.openServices.clear()]);
    return true;
  });
}
