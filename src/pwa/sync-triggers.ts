/**
 * Page-side triggers of the syncer, for every browser (Safari and Firefox have no Background
 * Sync): app start, the 'online' event, the page becoming visible again, and a timer while
 * anything is queued — the timer's runs go to the comlink worker, off the main thread. Started once
 * by the provider app's shell; returns a disposer. Each trigger only asks for a sync, and the
 * syncer merges calls and takes the sync lock, so they may overlap freely.
 */

export const SYNC_INTERVAL_MS = 60_000;

export interface SyncTriggerOptions {
  /** How many commands wait to be sent (the timer syncs only then). */
  queued: () => Promise<number>;
  /** A sync on the page (start, online, visible). */
  sync: () => Promise<unknown>;
  /** A sync for the timer; default: `sync`. The shell passes the comlink worker's. */
  syncInBackground?: () => Promise<unknown>;
  intervalMs?: number;
  window?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  document?: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>;
  navigator?: { onLine: boolean };
}

export function startSyncTriggers(options: SyncTriggerOptions): () => void {
  const { sync } = options;
  const syncInBackground = options.syncInBackground ?? sync;
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
    void options
      .queued()
      .then((queued) => {
        if (queued > 0) return syncInBackground();
        return undefined;
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
