import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { releaseProxy, type Remote } from 'comlink';
import { createSyncBridge } from './sync-bridge';
import type { SyncSummary, SyncWorkerApi } from './sync-worker-api';

const summary: SyncSummary = { sent: 2, approved: 2, refused: 0, remaining: 0 };

class FakeWorker extends EventTarget {
  terminated = false;
  terminate() {
    this.terminated = true;
  }
}

function setup(syncNow: () => Promise<SyncSummary> = async () => summary) {
  const workers: FakeWorker[] = [];
  const bridge = createSyncBridge({
    idleTimeoutMs: 30_000,
    createWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
    wrapWorker: () => ({ syncNow, [releaseProxy]: () => undefined }) as unknown as Remote<SyncWorkerApi>,
  });
  return { bridge, workers };
}

describe('sync bridge', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts the worker on the first call only and returns the syncer summary', async () => {
    const { bridge, workers } = setup();
    expect(bridge.running).toBe(false);
    await expect(bridge.syncNow()).resolves.toEqual(summary);
    await expect(bridge.syncNow()).resolves.toEqual(summary);
    expect(workers).toHaveLength(1);
  });

  it('stops an idle worker after 30 s and starts a new one for the next call', async () => {
    const { bridge, workers } = setup();
    await bridge.syncNow();
    vi.advanceTimersByTime(29_999);
    expect(workers[0]!.terminated).toBe(false);
    vi.advanceTimersByTime(1);
    expect(workers[0]!.terminated).toBe(true);
    expect(bridge.running).toBe(false);
    await bridge.syncNow();
    expect(workers).toHaveLength(2);
  });

  it('keeps the worker while a call is still running', async () => {
    let finish: (value: SyncSummary) => void = () => undefined;
    const slow = vi.fn(() => new Promise<SyncSummary>((resolve) => (finish = resolve)));
    const { bridge, workers } = setup(slow);
    const first = bridge.syncNow();
    vi.advanceTimersByTime(60_000);
    expect(workers[0]!.terminated).toBe(false);
    finish(summary);
    await first;
    vi.advanceTimersByTime(30_000);
    expect(workers[0]!.terminated).toBe(true);
  });

  it('rejects instead of hanging when the worker fails to load', async () => {
    const { bridge, workers } = setup(() => new Promise<SyncSummary>(() => undefined));
    const call = bridge.syncNow();
    workers[0]!.dispatchEvent(Object.assign(new Event('error'), { message: 'chunk failed' }));
    await expect(call).rejects.toThrow('sync worker failed');
    expect(workers[0]!.terminated).toBe(true);
    expect(bridge.running).toBe(false);
  });
});
