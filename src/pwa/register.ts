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
  // The worker that controls this page now. A controllerchange is an update only when another
  // worker takes over from it: the first install claiming the page is not, and neither is the same
  // worker claiming a page it already controlled (it happens when a reload races the activation).
  let controller = container.controller;
  /** A new version started installing while a worker controlled this page: its progress is an update's. */
  let updating = false;

  setActivateWaiting(() => {
    void whenNoTabIsPaying(
      () => wb.messageSkipWaiting(),
      () => updateStore.deferredElsewhere(),
    );
  });

  // Progress comes from whichever worker is installing, which workbox-window may call external;
  // the first install's progress is not an update's (its last reports may come after it took over).
  container.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as Partial<PrecacheProgressMessage> | null;
    if (data?.type !== 'PRECACHE_PROGRESS' || !updating) return;
    updateStore.downloadProgress(Number(data.done), Number(data.total));
  });
  wb.addEventListener('waiting', () => {
    if (container.controller !== null) updateStore.waiting();
  });
  container.addEventListener('controllerchange', () => {
    const next = container.controller;
    const replaced = controller !== null && next !== controller;
    updateStore.controllerChanged(replaced);
    if (replaced || controller === null) updating = false;
    controller = next;
  });

  const registration = await wb.register();
  if (registration === undefined) return wb;
  const startedInstalling = (): void => {
    if (container.controller === null) return;
    updating = true;
    updateStore.downloadStarted();
  };
  registration.addEventListener('updatefound', startedInstalling);
  if (registration.installing !== null) startedInstalling();
  // A worker already waiting from an earlier visit: workbox-window reports it as 'waiting' too,
  // but only when it was made by the same script URL; ask directly to be sure.
  if (registration.waiting !== null && container.controller !== null) updateStore.waiting();

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
