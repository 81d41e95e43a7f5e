/**
 * The page's way to run the syncer in the comlink worker (workers/sync.worker.ts), Squoosh-style:
 * the worker is started on the first call, calls made while it starts are simply queued by
 * comlink, and a worker idle for IDLE_TIMEOUT_MS is terminated. If a worker cannot be made (old
 * browser, tests), or it dies, the caller gets the error; the page's own triggers still sync.
 */
import { wrap, releaseProxy, type Remote } from 'comlink';
import type { SyncSummary, SyncWorkerApi } from './sync-worker-api';

export const IDLE_TIMEOUT_MS = 30_000;

export interface SyncBridgeOptions {
  createWorker?: () => Worker;
  idleTimeoutMs?: number;
  /** Default: comlink's wrap. */
  wrapWorker?: (worker: Worker) => Remote<SyncWorkerApi>;
}

export interface SyncBridge {
  syncNow(): Promise<SyncSummary>;
  /** Stops the worker now (it is restarted by the next call). */
  terminate(): void;
  readonly running: boolean;
}

function createSyncWorker(): Worker {
  return new Worker(new URL('../../workers/sync.worker.ts', import.meta.url), { type: 'module', name: 'evoucher-sync' });
}

export function createSyncBridge(options: SyncBridgeOptions = {}): SyncBridge {
  const createWorker = options.createWorker ?? createSyncWorker;
  const idleTimeoutMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
  const wrapWorker = options.wrapWorker ?? ((worker: Worker) => wrap<SyncWorkerApi>(worker));
  interface Running {
    worker: Worker;
    remote: Remote<SyncWorkerApi>;
    /** Rejects when the worker fails to load or dies: comlink alone would wait forever. */
    failed: Promise<never>;
  }
  let running: Running | undefined;
  let pending = 0;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  const terminate = (): void => {
    clearTimeout(idleTimer);
    idleTimer = undefined;
    if (running === undefined) return;
    running.remote[releaseProxy]();
    running.worker.terminate();
    running = undefined;
  };

  const start = (): Running => {
    const worker = createWorker();
    const failed = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (event) => reject(new Error(`sync worker failed: ${(event as ErrorEvent).message}`)));
    });
    failed.catch(() => undefined);
    return { worker, remote: wrapWorker(worker), failed };
  };

  return {
    get running() {
      return running !== undefined;
    },
    terminate,
    async syncNow() {
      clearTimeout(idleTimer);
      running ??= start();
      const current = running;
      pending += 1;
      try {
        return await Promise.race([current.remote.syncNow(), current.failed]);
      } catch (error) {
        if (running === current) terminate();
        throw error;
      } finally {
        pending -= 1;
        if (pending === 0 && running === current) idleTimer = setTimeout(terminate, idleTimeoutMs);
      }
    },
  };
}

let shared: SyncBridge | undefined;

/** Runs one sync in the shared comlink worker; resolves with the syncer's summary. */
export function syncInWorker(): Promise<SyncSummary> {
  shared ??= createSyncBridge();
  return shared.syncNow();
}
