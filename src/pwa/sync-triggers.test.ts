import { afterEach, describe, expect, it, vi } from 'vitest';
import { freshTestDb } from '../db/testDb.testkit';
import { enqueuePayment } from '../sync/enqueue';
import { makePayment } from '../sync/fakeHost.testkit';
import { BACKGROUND_SYNC_TAG, requestBackgroundSync } from '../sync/triggers';
import { countQueued } from '../sync/syncStatus';
import { startSyncTriggers } from './sync-triggers';

afterEach(() => {
  vi.useRealTimers();
});

function fakePage() {
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), { visibilityState: 'hidden' as DocumentVisibilityState });
  const nav = { onLine: true };
  return { win, doc, nav };
}

describe('startSyncTriggers', () => {
  it('syncs at start, when the network comes back and when the page becomes visible', async () => {
    const { db } = freshTestDb();
    const { win, doc, nav } = fakePage();
    const sync = vi.fn(async () => undefined);
    const stop = startSyncTriggers({ queued: () => countQueued(db), sync, window: win, document: doc, navigator: nav });
    expect(sync).toHaveBeenCalledTimes(1);

    win.dispatchEvent(new Event('online'));
    expect(sync).toHaveBeenCalledTimes(2);

    doc.dispatchEvent(new Event('visibilitychange'));
    expect(sync).toHaveBeenCalledTimes(2);
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(sync).toHaveBeenCalledTimes(3);

    stop();
    win.dispatchEvent(new Event('online'));
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(sync).toHaveBeenCalledTimes(3);
  });

  it('syncs on the timer — in the background syncer — only while something is queued and the device is not offline', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { db } = freshTestDb();
    const { win, doc, nav } = fakePage();
    const onPage = vi.fn(async () => undefined);
    const sync = vi.fn(async () => undefined);
    const stop = startSyncTriggers({
      queued: () => countQueued(db),
      sync: onPage,
      syncInBackground: sync,
      window: win,
      document: doc,
      navigator: nav,
      intervalMs: 1_000,
    });
    expect(onPage).toHaveBeenCalledTimes(1);

    vi.advanceTimersByTime(1_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sync).not.toHaveBeenCalled();

    await enqueuePayment(db, makePayment(), { voucherId: null });
    vi.advanceTimersByTime(1_000);
    await vi.waitFor(() => expect(sync).toHaveBeenCalledTimes(1));

    nav.onLine = false;
    vi.advanceTimersByTime(1_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sync).toHaveBeenCalledTimes(1);

    stop();
    nav.onLine = true;
    vi.advanceTimersByTime(5_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sync).toHaveBeenCalledTimes(1);
    // The timer never ran the page's own syncer: its runs are off the main thread.
    expect(onPage).toHaveBeenCalledTimes(1);
  });
});

describe('requestBackgroundSync', () => {
  it('registers the evoucher-sync tag where Background Sync exists', async () => {
    const register = vi.fn(async () => undefined);
    const registration = { sync: { register } } as unknown as ServiceWorkerRegistration;
    expect(await requestBackgroundSync(registration)).toBe(true);
    expect(register).toHaveBeenCalledWith(BACKGROUND_SYNC_TAG);
    expect(BACKGROUND_SYNC_TAG).toBe('evoucher-sync');
  });

  it('answers false where the browser has no Background Sync or no service worker', async () => {
    expect(await requestBackgroundSync({} as ServiceWorkerRegistration)).toBe(false);
    expect(await requestBackgroundSync()).toBe(false);
  });
});
