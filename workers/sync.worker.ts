/**
 * The syncer off the main thread: a comlink worker started on demand by src/pwa/sync-bridge.ts
 * (e.g. for 지금 전송). It runs the same syncIfPossible as the page and the service worker, under
 * the same Web Lock 'evoucher-sync'; failures are recorded by the syncer and returned in the summary.
 */
/// <reference lib="webworker" />
import { expose } from 'comlink';
import { openDeviceDb, type DeviceDb } from '../src/db/db';
import type { SyncWorkerApi } from '../src/pwa/sync-worker-api';
import { syncIfPossible } from '../src/sync/syncIfPossible';

let db: DeviceDb | undefined;

const api: SyncWorkerApi = {
  syncNow() {
    db ??= openDeviceDb();
    return syncIfPossible(db);
  },
};

expose(api);
