/**
 * The provider app's side of the device database and the syncer: one shared Dexie connection,
 * the snapshot refresh and the page-side sync (both through a transport that reports to the
 * shell's offline banner and clock check), what happens after each offline capture, the session
 * kept for opening with no signal, and the wipe on logout. The outbox rules themselves live in
 * src/sync; nothing here deletes a pending payment.
 */
import { observedTransport } from '../api/client';
import { DEVICE_DB_NAME, openDeviceDb, readMeta, type DeviceDb } from '../db/db';
import type { SessionInfo } from '../domain/wire';
import { refreshSnapshot } from '../sync/refreshSnapshot';
import { syncIfPossible, type SyncSummary } from '../sync/syncIfPossible';
import { requestBackgroundSync } from '../sync/triggers';

let shared: DeviceDb | null = null;

/** The app's one connection to the device database (opened on first use). */
export function deviceDb(): DeviceDb {
  shared ??= openDeviceDb(DEVICE_DB_NAME);
  return shared;
}

export const hostTransport = observedTransport();

export function refreshDeviceSnapshot(db: DeviceDb) {
  return refreshSnapshot(db, { transport: hostTransport });
}

export function syncNow(db: DeviceDb): Promise<SyncSummary> {
  return syncIfPossible(db, { transport: hostTransport });
}

/** For the sync triggers: with the browser sure it is offline, a try would only grow the backoff. */
export function syncIfOnline(db: DeviceDb): Promise<unknown> {
  return navigator.onLine === false ? Promise.resolve() : syncNow(db);
}

/**
 * 지금 전송, and the network coming back: send everything queued now. The backoff exists to spread
 * retries against a struggling host; failures from a period with no network say nothing about the
 * host, and a worker who taps 지금 전송 is waiting for the answer. Only the retry time of queued
 * items changes (never a payment, never an item being sent), before the syncer picks them under
 * its lock as usual.
 */
export async function sendNow(db: DeviceDb): Promise<SyncSummary> {
  const now = Date.now();
  await db.outbox
    .where('syncState')
    .equals('queued')
    .modify((item) => {
      if (item.nextAttemptAt > now) item.nextAttemptAt = now;
    });
  return syncNow(db);
}

const PERSIST_ASKED_KEY = 'evoucher.storage-persist-asked';

/**
 * After a payment is in the outbox: ask the browser to wake the service worker when a network
 * comes (Background Sync), try a page-side sync now (in case the network is back already), and,
 * after the first saved offline payment, ask once for persistent storage so the browser does not
 * evict the queue under storage pressure.
 */
export function afterCapture(db: DeviceDb): void {
  void requestBackgroundSync().catch(() => false);
  void syncIfOnline(db).catch(() => undefined);
  void askPersistenceOnce();
}

async function askPersistenceOnce(): Promise<void> {
  try {
    if (localStorage.getItem(PERSIST_ASKED_KEY) !== null) return;
    localStorage.setItem(PERSIST_ASKED_KEY, String(Date.now()));
    const storage = navigator.storage;
    if (storage?.persist === undefined) return;
    if (await storage.persisted()) return;
    await storage.persist();
  } catch {
    // Without persistence the queue still works; the status screen warns about it.
  }
}

/** Whether the browser will keep this origin's data under storage pressure; null where it cannot say. */
export async function storagePersisted(): Promise<boolean | null> {
  try {
    return navigator.storage?.persisted === undefined ? null : await navigator.storage.persisted();
  } catch {
    return null;
  }
}

export async function rememberSession(db: DeviceDb, session: SessionInfo): Promise<void> {
  await db.meta.put({ key: 'session', value: session });
}

/** The last session on this device: lets the app open and take offline payments with no signal. */
export function cachedSession(db: DeviceDb): Promise<SessionInfo | undefined> {
  return readMeta(db, 'session');
}

/** What still holds the worker on this device: unsent payments and refusals not yet acknowledged. */
export async function unfinishedWork(db: DeviceDb): Promise<{ pending: number; refused: number }> {
  const items = await db.outbox.toArray();
  const refused = items.filter((item) => item.syncState === 'refused').length;
  return { pending: items.length - refused, refused };
}

/**
 * Removes the worker's data from the device (SPEC §8): the vouchers snapshot, receipts, open
 * services and meta (the cached session included). Refused — nothing is removed — while the
 * outbox holds anything; the check and the wipe are one transaction, so a capture in another tab
 * cannot slip in between. Returns whether the wipe happened.
 */
export async function wipeWorkerData(db: DeviceDb): Promise<boolean> {
  return db.transaction('rw', [db.outbox, db.vouchers, db.receipts, db.meta, db.openServices], async () => {
    if ((await db.outbox.count()) > 0) return false;
    await Promise.all([db.vouchers.clear(), db.receipts.clear(), db.meta.clear(), db.openServices.clear()]);
    return true;
  });
}
