import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
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

export interface AppState {
  readonly nav: Nav;
  readonly session: SessionInfo | null;
  readonly terminal: Terminal | null;
  readonly deviceId: string | null;
  readonly reader: CardReader;
  /** A notice for the screen the app just returned to (자동 종료, 서비스 시작 …); cleared on the next move. */
  readonly notice: string | null;
  setSession(session: SessionInfo | null): void;
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
