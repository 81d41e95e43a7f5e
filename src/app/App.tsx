/**
 * The provider app shell: a stack of screens (routes.ts), the session, the terminal and the host
 * clock offset, shared with the screens through AppContext. The browser's back button maps to 이전:
 * while the stack is deeper than one screen, one extra history entry is kept, and popping it pops
 * a screen.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, onHostContact } from '../api/client';
import { createCardReader } from '../device/card-reader';
import { messageKo } from '../domain/errors';
import type { SessionInfo, Terminal } from '../domain/wire';
import type { ShownError } from '../ui/ErrorNotice';
import { T } from '../ui/messages.ko';
import { startSyncTriggers } from '../sync/triggers';
import { AppContext, type AppState, type DeviceServices, type NetState, type Nav } from './app-context';
import { afterCapture, deviceDb, refreshDeviceSnapshot, rememberSession, sendNow, syncIfOnline } from './device-data';
import { markUpdateRequired, updateRequiredForThisVersion } from './min-version';
import { StatusBar } from './StatusBar';
import { UpdatePrompt } from './UpdatePrompt';
import { QueuedScreen } from './QueuedScreen';
import { hostTime, measureOffset } from './clock';
import type { Route } from './routes';
import { RegisterScreen } from './RegisterScreen';
import { LoginScreen } from './LoginScreen';
import { HomeScreen } from './HomeScreen';
import { MethodScreen } from './MethodScreen';
import { CardTagScreen } from './CardTagScreen';
import { VoucherView } from './VoucherView';
import { SplitScreen } from './SplitScreen';
import { AmountScreen } from './AmountScreen';
import { CompleteScreen } from './CompleteScreen';
import { lazyScreen } from './lazy';

const TodayScreen = lazyScreen(() => import('./TodayScreen').then((m) => m.TodayScreen));
const SettingsScreen = lazyScreen(() => import('./SettingsScreen').then((m) => m.SettingsScreen));
const CardTestScreen = lazyScreen(() => import('./CardTestScreen').then((m) => m.CardTestScreen));
const SyncScreen = lazyScreen(() => import('./SyncScreen').then((m) => m.SyncScreen));

interface Stack {
  readonly routes: readonly Route[];
  readonly notice: string | null;
}

export function App() {
  const [stack, setStack] = useState<Stack>({ routes: [{ name: 'register' }], notice: null });
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [terminal, setTerminalState] = useState<Terminal | null>(null);
  const [deviceId, setDeviceId] = useState<string | null>(null);
  const offsetRef = useRef(0);
  const reader = useMemo(() => createCardReader(), []);
  const db = useMemo(() => deviceDb(), []);
  const [browserOnline, setBrowserOnline] = useState(() => navigator.onLine !== false);
  const [hostReachable, setHostReachable] = useState(true);
  const [clockOffsetMs, setClockOffsetMs] = useState<number | null>(null);
  const [updateRequired, setUpdateRequired] = useState(() => updateRequiredForThisVersion());
  const sessionRef = useRef<SessionInfo | null>(null);
  sessionRef.current = session;

  // Every exchange with the host (this app's requests, the syncer, the snapshot) tells whether it
  // is reachable, how far the device clock is off, and whether this version is still accepted.
  useEffect(
    () =>
      onHostContact((contact) => {
        setHostReachable(contact.reachable);
        if (contact.hostNow !== null) {
          offsetRef.current = measureOffset(contact.hostNow, contact.receivedAt);
          setClockOffsetMs(offsetRef.current);
        }
        if (contact.status === 426 || contact.code === '1006') {
          markUpdateRequired();
          setUpdateRequired(true);
          // The host already runs a newer version: look for it now rather than at the next periodic check.
          void import('../pwa/register').then((m) => m.checkForUpdate()).catch(() => undefined);
        }
      }),
    [],
  );
  useEffect(() => {
    const goOnline = () => {
      setBrowserOnline(true);
      // Optimistic until the next exchange says otherwise; the snapshot refresh is that exchange.
      setHostReachable(true);
      if (sessionRef.current) {
        void refreshDeviceSnapshot(db);
        void sendNow(db).catch(() => undefined);
      }
    };
    const goOffline = () => setBrowserOnline(false);
    addEventListener('online', goOnline);
    addEventListener('offline', goOffline);
    return () => {
      removeEventListener('online', goOnline);
      removeEventListener('offline', goOffline);
    };
  }, [db]);

  // Logged in (at login, or at start with a session): keep the session for opening with no
  // signal, refresh the device snapshot, and run the sync triggers while the session lasts.
  useEffect(() => {
    if (!session) return;
    void rememberSession(db, session).catch(() => undefined);
    void refreshDeviceSnapshot(db);
  }, [db, session]);
  const loggedIn = session !== null;
  useEffect(() => {
    if (!loggedIn) return;
    return startSyncTriggers(db, { sync: () => syncIfOnline(db) });
  }, [db, loggedIn]);

  const net = useMemo<NetState>(
    () => ({ online: browserOnline && hostReachable, clockOffsetMs, updateRequired }),
    [browserOnline, hostReachable, clockOffsetMs, updateRequired],
  );
  const device = useMemo<DeviceServices>(() => ({ syncNow: () => sendNow(db), afterCapture: () => afterCapture(db) }), [db]);

  const nav = useMemo<Nav>(
    () => ({
      push: (route) => setStack((s) => ({ routes: [...s.routes, route], notice: null })),
      back: () => setStack((s) => (s.routes.length > 1 ? { routes: s.routes.slice(0, -1), notice: null } : s)),
      home: (notice) => setStack({ routes: [{ name: 'home' }], notice: notice ?? null }),
      reset: (routes) => setStack({ routes: routes.length > 0 ? routes : [{ name: 'home' }], notice: null }),
      toLogin: (notice) => setStack({ routes: [{ name: 'login' }], notice: notice ?? null }),
    }),
    [],
  );

  // Browser back → 이전 (one guard entry while there is somewhere to go back to).
  const depth = stack.routes.length;
  const guardRef = useRef(false);
  useEffect(() => {
    if (depth > 1 && !guardRef.current) {
      history.pushState({ evoucher: 'back-guard' }, '');
      guardRef.current = true;
    }
  }, [depth]);
  useEffect(() => {
    const onPop = () => {
      guardRef.current = false;
      nav.back();
    };
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, [nav]);

  const showError = useCallback(
    (error: unknown): ShownError | null => {
      if (error instanceof ApiError) {
        if (error.code === '1003') {
          setSession(null);
          nav.toLogin(T.sessionLost);
          return null;
        }
        if (error.code === '1005') {
          setStack({ routes: [{ name: 'register' }], notice: null });
          return null;
        }
        return { code: error.code, message: error.message };
      }
      return { code: '9999', message: messageKo('9999') };
    },
    [nav],
  );

  const app = useMemo<AppState>(
    () => ({
      nav,
      session,
      terminal,
      deviceId,
      reader,
      db,
      net,
      device,
      notice: stack.notice,
      setSession: (next, options) => {
        setSession(next);
        // A session remembered from an earlier visit carries an old hostNow: no clock to learn from it.
        if (next && options?.cached !== true) {
          offsetRef.current = measureOffset(next.hostNow, Date.now());
          setTerminalState(next.terminal);
        }
      },
      setTerminal: (next, id) => {
        setTerminalState(next);
        setDeviceId(id);
      },
      noteHostNow: (hostNow) => {
        offsetRef.current = measureOffset(hostNow, Date.now());
      },
      hostNow: () => hostTime(Date.now(), offsetRef.current),
      showError,
    }),
    [nav, session, terminal, deviceId, reader, db, net, device, stack.notice, showError],
  );

  const route = stack.routes[stack.routes.length - 1]!;
  return (
    <AppContext.Provider value={app}>
      <UpdatePrompt routeName={route.name} />
      <StatusBar route={route} />
      <CurrentScreen route={route} />
    </AppContext.Provider>
  );
}

function CurrentScreen({ route }: { route: Route }) {
  switch (route.name) {
    case 'register':
      return <RegisterScreen />;
    case 'login':
      return <LoginScreen />;
    case 'home':
      return <HomeScreen />;
    case 'method':
      return <MethodScreen route={route} />;
    case 'tag':
      return <CardTagScreen key={route.programId} route={route} />;
    case 'voucher':
      return <VoucherView key={route.voucher.lookupId} route={route} />;
    case 'split':
      return <SplitScreen key={route.voucher.lookupId} route={route} />;
    case 'amount':
      return <AmountScreen key={route.voucher.lookupId} route={route} />;
    case 'complete':
      return <CompleteScreen route={route} />;
    case 'queued':
      return <QueuedScreen route={route} />;
    case 'sync':
      return <SyncScreen />;
    case 'today':
      return <TodayScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'card-test':
      return <CardTestScreen />;
  }
}
