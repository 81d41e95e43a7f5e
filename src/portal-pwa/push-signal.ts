/**
 * What a portal notification says and where a tap on it leads, from the push's signal alone (the
 * service worker shows it; see sw-push.ts). It names nothing: no name, no amount.
 */
import type { PortalSignal } from '../domain/portal';

export const PORTAL_ICON = '/icons/icon-192.png';

/** Where a tap on the notification leads. */
export function portalUrlFor(signal: PortalSignal | null): string {
  if (signal?.type === 'inbox') return `/portal/#inbox/${encodeURIComponent(signal.messageId)}`;
  if (signal?.type === 'request') return `/portal/#request/${encodeURIComponent(signal.requestId)}`;
  return '/portal/#inbox';
}

export function notificationFor(signal: PortalSignal | null): { title: string; options: NotificationOptions } {
  const body =
    signal?.type === 'request'
      ? signal.kind === 'qr'
        ? 'QR결제 요청이 도착했습니다. 눌러서 QR코드를 보여 주세요.'
        : '생체인증결제 승인 요청이 도착했습니다. 눌러서 확인해 주세요.'
      : '결제 알림이 도착했습니다. 눌러서 알림함에서 확인해 주세요.';
  return {
    title: '사회서비스 전자바우처',
    options: {
      body,
      icon: PORTAL_ICON,
      badge: PORTAL_ICON,
      tag: signal?.type === 'request' ? `request-${signal.requestId}` : 'inbox',
      data: { url: portalUrlFor(signal) },
    },
  };
}
