/**
 * Service worker for both PWAs (provider app at /, recipient portal at /portal/).
 * Thin on purpose: it precaches the build and answers navigations from the cache so the shell
 * opens without a network. A new worker waits until the page asks it to take over (SKIP_WAITING),
 * so an update never lands in the middle of a payment.
 */
/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

registerRoute(new NavigationRoute(createHandlerBoundToURL('portal/index.html'), { allowlist: [/^\/portal(\/|$)/] }));
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//, /^\/portal(\/|$)/] }));

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
