/**
 * The device part of a fake AppState for screen tests: a fresh fake-indexeddb device database,
 * an online link and device services that only record their calls. Test support only.
 */
import { vi } from 'vitest';
import { freshTestDb } from '../db/testDb.testkit';
import type { AppState } from './app-context';

export function fakeDevice(online = true): Pick<AppState, 'db' | 'net' | 'device'> {
  return {
    db: freshTestDb().db,
    net: { online, clockOffsetMs: null, updateRequired: false },
    device: { syncNow: vi.fn(async () => ({ approved: 0, refused: 0, remaining: 0 })), afterCapture: vi.fn() },
  };
}
