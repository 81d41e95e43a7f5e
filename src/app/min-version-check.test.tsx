import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { markUpdateRequired, updateRequiredForThisVersion } from './min-version';
import { useRecheckBeforeCard, useUpdateRequired, type UpdateRequired } from './min-version-check';

const VERSION = '0.3.0';

/** The host's /api/health, answering what the test sets (undefined: unreachable). */
function fakeHealth() {
  const host = {
    minAppVersion: null as string | null | undefined,
    asked: 0,
    ask: vi.fn(async () => {
      host.asked += 1;
      if (host.minAppVersion === undefined) throw new TypeError('Failed to fetch');
      return { minAppVersion: host.minAppVersion };
    }),
  };
  return host;
}

let root: HTMLElement;
let current: UpdateRequired;
beforeEach(() => {
  localStorage.clear();
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.restoreAllMocks();
});

function Harness({ askHost, flowStep }: { askHost: () => Promise<{ minAppVersion: string | null }>; flowStep: string }) {
  current = useUpdateRequired({ askHost, version: VERSION });
  useRecheckBeforeCard(flowStep, current.recheck);
  return h('p', { 'data-blocked': String(current.updateRequired) });
}

async function mount(host: ReturnType<typeof fakeHealth>, flowStep = 'idle') {
  await act(async () => {
    render(h(Harness, { askHost: host.ask, flowStep }), root);
  });
  await settle();
}

async function settle() {
  for (let i = 0; i < 5; i++) await act(async () => new Promise((r) => setTimeout(r, 0)));
}

function becomeVisible() {
  vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('visible');
  document.dispatchEvent(new Event('visibilitychange'));
}

const blocked = () => root.querySelector('p')?.dataset.blocked === 'true';

describe('the 1006 block follows /api/health', () => {
  it('lifts a stored mark at start when the host no longer asks for a newer version', async () => {
    markUpdateRequired(VERSION);
    const host = fakeHealth();
    await mount(host);
    expect(host.asked).toBe(1);
    expect(blocked()).toBe(false);
    expect(updateRequiredForThisVersion(VERSION)).toBe(false);
  });

  it('blocks at start when the host asks for a version above this one, and keeps the mark', async () => {
    const host = fakeHealth();
    host.minAppVersion = '0.4.0';
    await mount(host);
    expect(blocked()).toBe(true);
    expect(updateRequiredForThisVersion(VERSION)).toBe(true);
  });

  it('keeps a stored mark while the host cannot be reached', async () => {
    markUpdateRequired(VERSION);
    const host = fakeHealth();
    host.minAppVersion = undefined;
    await mount(host);
    expect(blocked()).toBe(true);
  });

  it('asks again when the app becomes visible: the block lifts, and comes back, without a restart', async () => {
    const host = fakeHealth();
    host.minAppVersion = '0.4.0';
    await mount(host);
    expect(blocked()).toBe(true);

    host.minAppVersion = null;
    await act(async () => becomeVisible());
    await settle();
    expect(host.asked).toBe(2);
    expect(blocked()).toBe(false);

    host.minAppVersion = '1.0.0';
    await act(async () => becomeVisible());
    await settle();
    expect(blocked()).toBe(true);
  });

  it('asks again as the payment flow heads for the card screen, before a card number is typed', async () => {
    const host = fakeHealth();
    await mount(host, 'idle');
    expect(blocked()).toBe(false);

    host.minAppVersion = '0.4.0';
    await mount(host, 'method');
    expect(host.asked).toBe(2);
    expect(blocked()).toBe(true);
    // 결제유형 → 카드 태깅 is one way to the card screen: no second question on the way.
    await mount(host, 'identify');
    expect(host.asked).toBe(2);
  });

  it('lets a later verdict of a gated request win over a health answer still on its way', async () => {
    let answer: (value: { minAppVersion: string | null }) => void = () => undefined;
    const ask = vi.fn(() => new Promise<{ minAppVersion: string | null }>((resolve) => (answer = resolve)));
    await act(async () => {
      render(h(Harness, { askHost: ask, flowStep: 'idle' }), root);
    });
    // A card lookup answered 426 meanwhile; then the older health answer (no minimum) arrives.
    await act(async () => current.requireUpdate(true));
    await act(async () => answer({ minAppVersion: null }));
    await settle();
    expect(blocked()).toBe(true);
  });
});
