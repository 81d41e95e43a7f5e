import { afterEach, describe, expect, it, vi } from 'vitest';
import { modelFromUserAgent, modelName } from './device-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

afterEach(() => {
  vi.resetModules();
  vi.doUnmock('idb-keyval');
  localStorage.clear();
});

describe('getDeviceId', () => {
  it('keeps the same id across starts when IndexedDB is unavailable (localStorage fallback)', async () => {
    vi.doMock('idb-keyval', () => ({
      get: () => Promise.reject(new Error('no IndexedDB')),
      set: () => Promise.reject(new Error('no IndexedDB')),
    }));
    const first = await (await import('./device-id')).getDeviceId();
    expect(first).toMatch(UUID);
    vi.resetModules();
    const second = await (await import('./device-id')).getDeviceId();
    expect(second).toBe(first);
  });

  it('stores a new id in IndexedDB and reuses a stored one', async () => {
    const store = new Map<string, unknown>();
    vi.doMock('idb-keyval', () => ({
      get: async (key: string) => store.get(key),
      set: async (key: string, value: unknown) => void store.set(key, value),
    }));
    const id = await (await import('./device-id')).getDeviceId();
    expect(store.get('evoucher.deviceId')).toBe(id);
    vi.resetModules();
    store.set('evoucher.deviceId', '1b4e28ba-2fa1-41d2-883f-0016d3cca427');
    expect(await (await import('./device-id')).getDeviceId()).toBe('1b4e28ba-2fa1-41d2-883f-0016d3cca427');
  });
});

describe('modelName', () => {
  it('prefers the client hints platform', () => {
    expect(modelName({ userAgentData: { platform: 'Android', mobile: true }, userAgent: '' } as unknown as Navigator)).toBe('Android 모바일');
  });

  it('derives a short name from the user agent', () => {
    expect(modelFromUserAgent('Mozilla/5.0 (Linux; Android 13; SM-T220) AppleWebKit/537.36')).toBe('Android SM-T220');
    expect(modelFromUserAgent('Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36')).toBe('Android');
    expect(modelFromUserAgent('Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)')).toBe('iPad');
    expect(modelFromUserAgent('curl/8')).toBe('Web');
  });
});
