/**
 * Page-side triggers of the syncer, for every browser (Safari and Firefox have no Background
 * Sync): app start, the 'online' event, the page becoming visible again, and a timer while
 * anything is pending. Started once by the provider app's shell; returns a disposer. Each trigger
 * only calls syncIfPossible, which merges calls and takes the sync lock, so they may overlap freely.
 */
import type { DeviceDb } from '../db/db';
import { syncIfPossible } from './syncIfPossible';

/** The Background Sync tag the service worker answers with the same syncer. */
export const BACKGROUND_SYNC_TAG = 'evoucher-sync';
export const SYNC_INTERVAL_MS = 60_000;

export interface SyncTriggerOptions {
  /** Default: syncIfPossible(db) with the browser's fetch. */
  sync?: () => Promise<unknown>;
  intervalMs?: number;
  window?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  document?: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>;
  navigator?: { onLine: boolean };
}

export function startSyncTriggers(db: DeviceDb, options: SyncTriggerOptions = {}): () => void {
  const sync = options.sync ?? (() => syncIfPossible(db));
  const win = options.window ?? globalThis.window;
  const doc = options.document ?? globalThis.document;
  const nav = options.navigator ?? globalThis.navigator;
  // The syncer records its own errors; a trigger has nobody to tell.
  const fire = (): void => void sync().catch(() => undefined);

  const onVisibility = (): void => {
    if (doc.visibilityState === 'visible') fire();
  };
  const onTimer = (): void => {
    // onLine false is reliable (true is not): no point waking the radio then.
    if (nav.onLine === false) return;
    void db.outbox
      .where('syncState')
      .equals('queued')
      .count()
      .then((queued) => {
        if (queued > 0) fire();
      })
      .catch(() => undefined);
  };

  win.addEventListener('online', fire);
  doc.addEventListener('visibilitychange', onVisibility);
  const timer = setInterval(onTimer, options.intervalMs ?? SYNC_INTERVAL_MS);
  fire();

  return () => {
    win.removeEventListener('online', fire);
    doc.removeEventListener('visibilitychange', onVisibility);
    clearInterval(timer);
  };
}

interface BackgroundSyncRegistration {
  sync?: { register(tag: string): Promise<void> };
}

/**
 * Asks the browser to wake the service worker with a 'sync' event once it has a network, even if
 * the app is closed by then. Call it after each capture. Returns false where Background Sync does
 * not exist (Safari, Firefox) or no service worker is registered; the page triggers cover those.
 */
export async function requestBackgroundSync(registration?: ServiceWorkerRegistration | null): Promise<boolean> {
  try {
    const reg = (registration ?? (await globalThis.navigator?.serviceWorker?.getRegistration())) as
      | (ServiceWorkerRegistration & BackgroundSyncRegistration)
      | undefined
      | null;
    if (reg?.sync === undefined) return false;
    await reg.sync.register(BACKGROUND_SYNC_TAG);
    return true;
  } catch {
    return false;
  }
}
