/**
 * 알림 받기: subscribes this browser to Web Push with the host's VAPID key and hands the
 * subscription to the host (POST /api/portal/push/subscribe), or takes it back. Answers what
 * happened in words the settings screen can show; a browser without push (or a denied permission,
 * or a headless test browser with no push service) is 'unsupported' / 'denied', never an exception.
 */
import { pushKey, pushSubscribe, pushUnsubscribe } from '../api/portal';

export type PushState = 'on' | 'off' | 'denied' | 'unsupported';

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

async function registration(): Promise<ServiceWorkerRegistration | null> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) return null;
  return (await navigator.serviceWorker.getRegistration('/')) ?? null;
}

export async function pushState(): Promise<PushState> {
  const reg = await registration();
  if (!reg) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  return (await reg.pushManager.getSubscription()) ? 'on' : 'off';
}

export async function turnPushOn(): Promise<PushState> {
  const reg = await registration();
  if (!reg) return 'unsupported';
  if ((await Notification.requestPermission()) !== 'granted') return 'denied';
  const { publicKey } = await pushKey();
  let subscription: PushSubscription;
  try {
    subscription = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
  } catch {
    return 'unsupported';
  }
  const json = subscription.toJSON();
  await pushSubscribe({ endpoint: String(json.endpoint), keys: { p256dh: String(json.keys?.p256dh), auth: String(json.keys?.auth) } });
  return 'on';
}

export async function turnPushOff(): Promise<PushState> {
  const reg = await registration();
  const subscription = await reg?.pushManager.getSubscription();
  if (subscription) {
    await pushUnsubscribe(subscription.endpoint).catch(() => undefined);
    await subscription.unsubscribe();
  }
  return reg ? 'off' : 'unsupported';
}
