/**
 * Service worker for the PWAs (provider app at /, recipient portal at /portal/, institution console at
 * /admin/). Thin on purpose.
 * Registered by src/pwa/register.ts, which also sends it SKIP_WAITING (only after the worker taps
 * 업데이트 and no tab is paying) and GET_VERSION. It precaches the whole build, reporting
 * PRECACHE_PROGRESS to the pages while it does, answers navigations from the cache so the shell
 * opens with no network, and on Background Sync 'evoucher-sync' runs the same syncer as the page
 * (src/sync/syncIfPossible, under the Web Lock 'evoucher-sync'). A sync that did not finish — an
 * error, or commands still waiting — rejects the event, so the browser tries again later; the
 * queue itself is never touched by a failure. The recipient portal's Web Push: a push shows a
 * notification that names nothing, and a tap opens the portal on it (src/portal-pwa/sw-push.ts).
 */
/// <reference lib="webworker" />
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { openDeviceDb, type DeviceDb } from '../src/db/db';
import { syncIfPossible, throwUnlessFinished } from '../src/sync/syncIfPossible';
import { BACKGROUND_SYNC_TAG } from '../src/sync/triggers';
import { handleNotificationClick, handlePush } from '../src/portal-pwa/sw-push';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

/** Background Sync is not in TypeScript's lib yet. */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

const manifest = self.__WB_MANIFEST;
let precached = 0;

// One report per file, so the page can show the new version's download as done/total.
addPlugins([
  {
    handlerDidComplete: async ({ event }) => {
      if (event.type !== 'install') return;
      precached += 1;
      const clients = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      for (const client of clients) client.postMessage({ type: 'PRECACHE_PROGRESS', done: precached, total: manifest.length });
    },
  },
]);
precacheAndRoute(manifest);
cleanupOutdatedCaches();

registerRoute(new NavigationRoute(createHandlerBoundToURL('portal/index.html'), { allowlist: [/^\/portal(\/|$)/] }));
registerRoute(new NavigationRoute(createHandlerBoundToURL('admin/index.html'), { allowlist: [/^\/admin(\/|$)/] }));
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//, /^\/portal(\/|$)/, /^\/admin(\/|$)/] }));

// The first install takes the open pages at once; later versions wait for SKIP_WAITING.
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
  const type = (event.data as { type?: string } | null)?.type;
  if (type === 'SKIP_WAITING') void self.skipWaiting();
  else if (type === 'GET_VERSION') event.ports[0]?.postMessage({ version: __APP_VERSION__, buildId: __BUILD_ID__ });
});

let db: DeviceDb | undefined;
self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag !== BACKGROUND_SYNC_TAG) return;
  db ??= openDeviceDb();
  sync.waitUntil(syncIfPossible(db).then(throwUnlessFinished));
});

self.addEventListener('push', (event) => handlePush(self, event));
self.addEventListener('notificationclick', (event) => handleNotificationClick(self, event));
