/**
 * Registers the one root-scoped service worker (called lazily by both apps after first render)
 * and feeds its lifecycle to the update store (update.ts) that UpdatePrompt shows:
 * a new worker installing → PRECACHE_PROGRESS messages → 'waiting' → the worker taps 업데이트 →
 * SKIP_WAITING once no tab is paying → 'controlling' → reload. Updates are looked for when the page
 * becomes visible, when the network comes back and every 30 minutes.
 */
import { Workbox } from 'workbox-window';
import { whenNoTabIsPaying } from './payment-guard';
import { setActivateWaiting, updateStore } from './update';

export const UPDATE_CHECK_INTERVAL_MS = 30 * 60_000;

/** What the service worker posts to its pages while it precaches a version. */
export interface PrecacheProgressMessage {
  type: 'PRECACHE_PROGRESS';
  done: number;
  total: number;
}

let registered: Promise<Workbox | undefined> | undefined;

export function registerServiceWorker(): Promise<Workbox | undefined> {
  registered ??= register();
  return registered;
}

async function register(): Promise<Workbox | undefined> {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return undefined;
  const container = navigator.serviceWorker;
  const wb = new Workbox('/sw.js', { scope: '/' });
  let hadController = container.controller !== null;

  setActivateWaiting(() => {
    void whenNoTabIsPaying(
      () => wb.messageSkipWaiting(),
      () => updateStore.deferredElsewhere(),
    );
  });

  // Progress comes from whichever worker is installing, which workbox-window may call external.
  container.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as Partial<PrecacheProgressMessage> | null;
    if (data?.type !== 'PRECACHE_PROGRESS' || !hadController) return;
    updateStore.downloadProgress(Number(data.done), Number(data.total));
  });
  wb.addEventListener('waiting', () => updateStore.waiting());
  container.addEventListener('controllerchange', () => {
    updateStore.controllerChanged(hadController);
    hadController = true;
  });

  const registration = await wb.register();
  if (registration === undefined) return wb;
  registration.addEventListener('updatefound', () => {
    if (hadController) updateStore.downloadStarted();
  });
  // A worker already waiting from an earlier visit: workbox-window reports it as 'waiting' too,
  // but only when it was made by the same script URL; ask directly to be sure.
  if (registration.waiting !== null && hadController) updateStore.waiting();

  const check = (): void => void wb.update().catch(() => undefined);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  addEventListener('online', check);
  setInterval(check, UPDATE_CHECK_INTERVAL_MS);
  return wb;
}

/** Looks for a new version now (e.g. from a button); resolves when the check is done. */
export async function checkForUpdate(): Promise<void> {
  const wb = await registerServiceWorker();
  await wb?.update().catch(() => undefined);
}
