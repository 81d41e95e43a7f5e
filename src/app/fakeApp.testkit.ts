/**
 * A fake AppState for screen tests, and the container they render into: a fresh fake-indexeddb
 * device database, an online link, a typed card reader, and navigation and device services that
 * only record their calls. Test support only.
 */
import { h, render, type VNode } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, vi } from 'vitest';
import { ApiError } from '../api/client';
import { freshTestDb } from '../db/testDb.testkit';
import { createTypedCardReader } from '../device/card-reader';
import { AppContext, type AppState } from './app-context';

export function fakeDevice(online = true): Pick<AppState, 'db' | 'net' | 'device'> {
  return {
    db: freshTestDb().db,
    net: { online, clockOffsetMs: null, updateRequired: false },
    device: { syncNow: vi.fn(async () => ({ approved: 0, refused: 0, remaining: 0 })), afterCapture: vi.fn() },
  };
}

/** No session yet, the host's clock equal to this one, and an ApiError shown as its code and message. */
export function fakeApp({ online = true, ...overrides }: Partial<AppState> & { online?: boolean } = {}): AppState {
  return {
    nav: { push: vi.fn(), back: vi.fn(), home: vi.fn(), reset: vi.fn(), toLogin: vi.fn() },
    session: null,
    terminal: null,
    deviceId: null,
    reader: createTypedCardReader(),
    notice: null,
    setSession: vi.fn(),
    setTerminal: vi.fn(),
    noteHostNow: vi.fn(),
    hostNow: () => Date.now(),
    showError: (e: unknown) => (e instanceof ApiError ? { code: e.code, message: e.message } : { code: '9999', message: 'x' }),
    ...fakeDevice(online),
    ...overrides,
  };
}

/**
 * The container a test file's screens render into. Call it once, at the top of the file: during
 * each test it is in the document, so that focus and events behave; after each test the screen is
 * unmounted (its effects clean up), the container removed and stubbed globals restored.
 */
export function screenRoot(): HTMLElement {
  const root = document.createElement('div');
  beforeEach(() => {
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
    vi.unstubAllGlobals();
  });
  return root;
}

/** Renders `screen` into `root` inside the app context, as App does. */
export function renderWithApp(root: HTMLElement, app: AppState, screen: VNode): void {
  act(() => {
    render(h(AppContext.Provider, { value: app }, screen), root);
  });
}

/** A button by its accessible name: its aria-label, else its text. */
export function buttonNamed(root: HTMLElement, name: string): HTMLButtonElement | undefined {
  return [...root.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name);
}

export async function clickButton(root: HTMLElement, name: string): Promise<void> {
  await act(async () => {
    const target = buttonNamed(root, name);
    if (!target) throw new Error(`no button ${name}`);
    target.click();
  });
}
