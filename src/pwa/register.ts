/**
 * Registers the one root-scoped service worker. Called by both apps after first render; the
 * update prompt (SW 업데이트 알림) is built on the returned Workbox instance by the offline work.
 */
import { Workbox } from 'workbox-window';

export async function registerServiceWorker(): Promise<Workbox | undefined> {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return undefined;
  const wb = new Workbox('/sw.js', { scope: '/' });
  await wb.register();
  return wb;
}
