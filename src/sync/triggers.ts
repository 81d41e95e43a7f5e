/**
 * Background Sync: the tag the service worker answers with the same syncer as the page, and the
 * request that asks the browser to wake it once a network comes. Works in the page and in workers;
 * the page's own triggers are src/pwa/sync-triggers.ts.
 */

/** The Background Sync tag the service worker answers with the same syncer. */
export const BACKGROUND_SYNC_TAG = 'evoucher-sync';

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
