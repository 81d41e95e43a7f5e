/**
 * Fake app states for screen tests, and the container they render into: a fresh fake-indexeddb
 * device database behind the real device services (sync and afterCapture recorded, not run), an
 * online link, a typed card reader, and navigation that only records its calls. Flow screens are
 * rendered through the real payment-flow reducer and its effects (renderFlow), so what a test
 * taps goes through exactly what the app runs. Test support only.
 */
import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { h, render, type VNode } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, vi } from 'vitest';
import { ApiError } from '../api/client';
import type { DeviceDb } from '../db/db';
import { freshTestDb } from '../db/testDb.testkit';
import { createTypedCardReader } from '../device/card-reader';
import type { SessionInfo } from '../domain/wire';
import { setArmDelay } from '../ui/useArmed';
import { AppContext, type AppState } from './app-context';
import { createDeviceServices, type DeviceServices } from './device-services';
import { FlowScreen } from './FlowScreen';
import { IDLE, type EntryBasis, type Identified } from './payment-flow';
import { usePaymentFlow, type FlowController } from './use-payment-flow';

/** Screen tests tap at machine speed; the arming of the bottom bar has its own test. */
setArmDelay(0);

// Dexie's liveQuery (useLive) runs only where the environment has an IndexedDB; happy-dom has none
// (each test database brings its own fake one), so live reads would never update in screen tests.
Dexie.dependencies.indexedDB ??= new IDBFactory();
Dexie.dependencies.IDBKeyRange ??= IDBKeyRange;

export type TestApp = AppState & { readonly db: DeviceDb };

export const TEST_SESSION: SessionInfo = {
  worker: { id: 'wrk-test', name: '김하늘', phoneMasked: '010-****-5678' },
  institution: { id: 'inst-test', name: '성남주간보호센터-발달' },
  terminal: { terminalNumber: '1000000001', model: 'Android', status: 'active', registeredAt: 1_780_000_000_000, profile: 'personal' },
  programIds: ['activity-support', 'developmental-rehab'],
  hostNow: 1_790_000_000_000,
};

function fakeDevice(db: DeviceDb): DeviceServices {
  return {
    ...createDeviceServices(db),
    syncNow: vi.fn(async () => ({ sent: 0, approved: 0, refused: 0, remaining: 0 })),
    syncIfOnline: vi.fn(async () => undefined),
    afterCapture: vi.fn(),
  };
}

const idleFlow = (): FlowController => ({
  state: IDLE,
  locked: false,
  paysOffline: false,
  start: vi.fn(),
  chooseMethod: vi.fn(),
  enterPhone: vi.fn(),
  enterCap: vi.fn(),
  resendRequest: vi.fn(),
  confirmSent: vi.fn(),
  scanned: vi.fn(async () => undefined),
  scanOffline: vi.fn(),
  scannedOffline: vi.fn(async () => undefined),
  identified: vi.fn(),
  workerEntered: vi.fn(),
  pay: vi.fn(),
  confirm: vi.fn(),
  retry: vi.fn(),
  saveOffline: vi.fn(),
  back: vi.fn(),
  expire: vi.fn(),
  close: vi.fn(),
  finish: vi.fn(),
  resumeInflight: vi.fn(async () => undefined),
  chooseMode: vi.fn(),
  retroStart: vi.fn(),
  retroNotice: vi.fn(),
  retroWhen: vi.fn(),
  retroReason: vi.fn(),
  chooseTopUp: vi.fn(),
  cancelStart: vi.fn(),
  cancelChoose: vi.fn(),
  cancelPick: vi.fn(),
  confirmCancel: vi.fn(),
  saveCancelOffline: vi.fn(),
});

/** No session yet, the host's clock equal to this one, and an ApiError shown as its code and message. */
export function fakeApp({
  online = true,
  db = freshTestDb().db,
  ...overrides
}: Partial<AppState> & { online?: boolean; db?: DeviceDb } = {}): TestApp {
  return {
    nav: { push: vi.fn(), back: vi.fn(), home: vi.fn(), toLogin: vi.fn() },
    flow: idleFlow(),
    session: null,
    terminal: null,
    terminalProfile: 'personal',
    terminalRevoked: false,
    practice: null,
    startPractice: vi.fn(async () => undefined),
    endPractice: vi.fn(async () => undefined),
    deviceId: null,
    reader: createTypedCardReader(),
    notice: null,
    setSession: vi.fn(),
    setTerminal: vi.fn(),
    noteHostNow: vi.fn(),
    hostNow: () => Date.now(),
    showError: (e: unknown) => (e instanceof ApiError ? { code: e.code, message: e.message } : { code: '9999', message: 'x' }),
    net: { online, clockOffsetMs: null, updateRequired: false },
    device: fakeDevice(db),
    db,
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

/** The app of a rendered flow, as it is after the last render. */
export interface FlowHandle {
  readonly app: () => TestApp;
  /** Sends the flow events that open the entry screen (서비스 결제 tapped on this voucher). */
  openEntry(identified: Identified, basis: EntryBasis): Promise<void>;
  /** Opens the card screen of a program. */
  openCard(programId: Parameters<FlowController['start']>[0]): Promise<void>;
  /** Calls the flow controller as a screen would, and lets the render settle. */
  send(call: (flow: FlowController) => unknown): Promise<void>;
}

/** Renders the payment flow (FlowScreen) over the real reducer and effects, with `base` as the rest of the app. */
export function renderFlow(root: HTMLElement, base: TestApp = fakeApp({ session: TEST_SESSION })): FlowHandle {
  let current: TestApp = base;
  function Harness() {
    const flow = usePaymentFlow({
      device: base.device,
      net: base.net,
      session: base.session,
      showError: base.showError,
      terminalProfile: base.terminalProfile,
    });
    current = { ...base, flow };
    return h(AppContext.Provider, { value: current }, h(FlowScreen, {}));
  }
  act(() => {
    render(h(Harness, {}), root);
  });
  const step = async (send: (flow: FlowController) => unknown) => {
    await act(async () => {
      await send(current.flow);
    });
  };
  return {
    app: () => current,
    send: step,
    async openCard(programId) {
      await step((flow) => flow.start(programId));
      await step((flow) => flow.chooseMethod('card'));
    },
    async openEntry(identified, basis) {
      await step((flow) => flow.start(identified.voucher.programId));
      await step((flow) => flow.chooseMethod('card'));
      await step((flow) => flow.identified(identified));
      await step((flow) => flow.pay(basis));
    },
  };
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
