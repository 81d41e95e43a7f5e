import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { DeviceDb } from '../db/db';
import type { CardReader } from '../device/card-reader';
import type { SessionInfo, Terminal } from '../domain/wire';
import type { ShownError } from '../ui/ErrorNotice';
import type { Route } from './routes';

export interface Nav {
  /** Go forward to a screen (이전 comes back here). */
  push(route: Route): void;
  /** 이전. */
  back(): void;
  /** Start over at home, optionally with a notice there (자동 종료, 서비스 시작 …). */
  home(notice?: string): void;
  /** Replace the whole stack (e.g. home → 완료, so 이전 cannot reopen a paid split). */
  reset(routes: readonly Route[]): void;
  toLogin(notice?: string): void;
}

/** What the shell knows about the link to the host, for the banner, the buttons and the payment screens. */
export interface NetState {
  /** navigator.onLine and the last exchange with the host reached it (0104 makes it false). */
  readonly online: boolean;
  /** host − device from the last answer that carried hostNow; null before any. */
  readonly clockOffsetMs: number | null;
  /** The host answered 426 / 1006 to this app version: no new payments until it is updated. */
  readonly updateRequired: boolean;
}

/** The device-side services the screens call (injected so screens are tested with fakes). */
export interface DeviceServices {
  /** 지금 전송: the same syncer the triggers and the service worker run. */
  syncNow(): Promise<{ approved: number; refused: number; remaining: number; error?: { code: string; message: string } }>;
  /** After a payment is in the outbox: Background Sync, a page-side sync, persistent storage once. */
  afterCapture(): void;
}

export interface AppState {
  readonly nav: Nav;
  readonly session: SessionInfo | null;
  readonly terminal: Terminal | null;
  readonly deviceId: string | null;
  readonly reader: CardReader;
  /** The device database: outbox, snapshot, receipts, open services. */
  readonly db: DeviceDb;
  readonly net: NetState;
  readonly device: DeviceServices;
  /** A notice for the screen the app just returned to (자동 종료, 서비스 시작 …); cleared on the next move. */
  readonly notice: string | null;
  /** `cached`: the session remembered on the device, used to open with no signal. */
  setSession(session: SessionInfo | null, options?: { cached?: boolean }): void;
  setTerminal(terminal: Terminal, deviceId: string): void;
  /** Records host − device from an answer's hostNow. */
  noteHostNow(hostNow: number): void;
  /** Now on the host's clock. */
  hostNow(): number;
  /**
   * Turns any failure into what the screen shows. A lost session (1003) or an unknown terminal
   * (1005) leaves the screen instead (to 로그인 / 등록 확인) and gives null.
   */
  showError(error: unknown): ShownError | null;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside AppContext');
  return app;
}
