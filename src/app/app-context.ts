import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { CardReader } from '../device/card-reader';
import type { PracticeCard } from '../practice/practice-host';
import type { SessionInfo, Terminal, TerminalProfile } from '../domain/wire';
import type { ShownError } from '../ui/ErrorNotice';
import type { DeviceServices } from './device-services';
import type { Route } from './routes';
import type { FlowController } from './use-payment-flow';

export type { DeviceServices } from './device-services';

export interface Nav {
  /** Go forward to a screen (이전 comes back here). */
  push(route: Route): void;
  /** 이전. */
  back(): void;
  /** Start over at home, optionally with a notice there (자동 종료, 서비스 시작 …). */
  home(notice?: string): void;
  toLogin(notice?: string): void;
}

/** What the shell knows about the link to the host, for the banner, the buttons and the payment screens. */
export interface NetState {
  /** navigator.onLine and the last exchange with the host reached it (0104 makes it false). */
  readonly online: boolean;
  /** host − device from the last answer that carried hostNow; null before any. */
  readonly clockOffsetMs: number | null;
  /** The host refuses new work from this app version (426 / 1006): no new payments until it is updated. */
  readonly updateRequired: boolean;
}

export interface AppState {
  readonly nav: Nav;
  /** The payment flow: its state, and the events the screens send it. */
  readonly flow: FlowController;
  readonly session: SessionInfo | null;
  readonly terminal: Terminal | null;
  /** shared: an institution's tablet, every payment asks the 제공인력 결제 ID (the host's word, kept on the device). */
  readonly terminalProfile: TerminalProfile;
  /** The host said 0304 (revoked): no new payment, online or offline. */
  readonly terminalRevoked: boolean;
  /** 연습모드 while practising (its cards), else null. */
  readonly practice: { readonly cards: readonly PracticeCard[] } | null;
  /** 연습 시작: from now on the screens work on practice data only (src/app/practice.ts). */
  startPractice(): Promise<void>;
  /** 연습 종료: back to real mode, the practice data deleted; refused while a payment is in the balance. */
  endPractice(): Promise<void>;
  readonly deviceId: string | null;
  readonly reader: CardReader;
  readonly net: NetState;
  /** Everything the screens need from the device (outbox, snapshot, in-flight payments, session); no Dexie. */
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
