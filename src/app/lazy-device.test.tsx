import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { freshTestDb } from '../db/testDb.testkit';
import { useLive } from '../ui/useLive';
import { createDeviceServices, type DeviceServices } from './device-services';
import { fakeApp, renderWithApp, screenRoot } from './fakeApp.testkit';
import { lazyDeviceServices } from './lazy-device';

const root = screenRoot();

async function settle() {
  for (let i = 0; i < 20; i++) await act(async () => new Promise((r) => setTimeout(r, 5)));
}

describe('the device services before their chunk has loaded', () => {
  it('loads the chunk once and answers every call through the loaded services', async () => {
    const countQueued = vi.fn(async () => 3);
    const open = vi.fn(async () => ({ countQueued }) as unknown as DeviceServices);
    const lazy = lazyDeviceServices(open);
    const answers = await Promise.all([lazy.services.countQueued(), lazy.services.countQueued()]);
    expect(answers).toEqual([3, 3]);
    expect(await lazy.services.countQueued()).toBe(3);
    expect(open).toHaveBeenCalledTimes(1);
    expect(countQueued).toHaveBeenCalledTimes(3);
  });

  it('tries the load again on the next call after a failed one', async () => {
    const open = vi
      .fn<() => Promise<DeviceServices>>()
      .mockRejectedValueOnce(new Error('chunk load failed'))
      .mockResolvedValueOnce({ countQueued: async () => 0 } as unknown as DeviceServices);
    const lazy = lazyDeviceServices(open);
    await expect(lazy.services.countQueued()).rejects.toThrow('chunk load failed');
    await expect(lazy.services.countQueued()).resolves.toBe(0);
  });

  it('keeps live reads live: a change after the load re-renders what reads it', async () => {
    const { db } = freshTestDb();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const lazy = lazyDeviceServices(async () => {
      await gate;
      return createDeviceServices(db);
    });
    function Hidden() {
      const hidden = useLive(lazy.services.hiddenPrograms, []);
      return <p>{hidden === undefined ? 'loading' : hidden.join(',') || 'none'}</p>;
    }
    renderWithApp(root, fakeApp(), <Hidden />);
    await settle();
    expect(root.textContent).toBe('loading');
    release();
    await settle();
    // A live read waits for the load but does not start it: the shell does, after 등록 확인.
    expect(root.textContent).toBe('loading');
    await lazy.load();
    await settle();
    expect(root.textContent).toBe('none');
    await lazy.services.setProgramHidden('activity-support', true);
    await settle();
    expect(root.textContent).toBe('activity-support');
  });
});
