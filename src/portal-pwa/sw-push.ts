/**
 * The service worker's side of the portal's notifications (workers/sw.ts calls these). A push
 * carries only which thing to fetch (PortalSignal: an inbox message id or a request id) — never a
 * name or an amount — so the notification says only that there is news, and a tap opens the portal
 * on it: /portal/#inbox/<id> or /portal/#request/<id>, in a portal window already open if there is one.
 */
/// <reference lib="webworker" />
import * as v from 'valibot';
import { PortalSignalSchema, type PortalSignal } from '../domain/portal';
import { notificationFor } from './push-signal';

function signalOf(data: PushMessageData | null): PortalSignal | null {
  if (!data) return null;
  try {
    const parsed = v.safeParse(PortalSignalSchema, data.json());
    return parsed.success ? parsed.output : null;
  } catch {
    return null;
  }
}

export function handlePush(scope: ServiceWorkerGlobalScope, event: PushEvent): void {
  const { title, options } = notificationFor(signalOf(event.data));
  event.waitUntil(scope.registration.showNotification(title, options));
}

export function handleNotificationClick(scope: ServiceWorkerGlobalScope, event: NotificationEvent): void {
  event.notification.close();
  const url = new URL(String((event.notification.data as { url?: unknown } | null)?.url ?? '/portal/#inbox'), scope.location.origin);
  if (url.origin !== scope.location.origin || !url.pathname.startsWith('/portal/')) url.href = new URL('/portal/#inbox', scope.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const portal = windows.find((client) => new URL(client.url).pathname.startsWith('/portal/'));
      if (portal) {
        await portal.navigate(url.href).catch(() => undefined);
        await portal.focus();
        return;
      }
      await scope.clients.openWindow(url.href);
    })(),
  );
}
