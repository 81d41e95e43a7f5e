/**
 * The provider app shell: the stack of screens outside a payment (routes.ts), the payment flow on
 * top of it while one runs (payment-flow.ts, its effects in use-payment-flow.ts), the session, the
 * terminal and the host clock offset, shared with the screens through AppContext. The browser's and
 * the phone's back map to 이전: while anything is deeper than one screen one extra history entry is
 * kept, and popping it goes back one step — except while a payment is being sent or its outcome is
 * unknown, when back does nothing and the entry is put back.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, onHostContact } from '../api/client';
import { createCardReader } from '../device/card-reader';
import { messageKo } from '../domain/errors';
import type { SessionInfo, Terminal } from '../domain/wire';
import { startSyncTriggers } from '../pwa/sync-triggers';
import type { ShownError } from '../ui/ErrorNotice';
import { T } from '../ui/messages.ko';
import { useLive } from '../ui/useLive';
import { AppContext, type AppState, type NetState, type Nav } from './app-context';
import { updateVerdict } from './min-version';
import { useRecheckBeforeCard, useUpdateRequired } from './min-version-check';
import { StatusBar } from './StatusBar';
import { OfflineReadyNote, UpdatePrompt } from './UpdatePrompt';
import { hostTime, measureOffset } from './clock';
import type { Route } from './routes';
import { RegisterScreen } from './RegisterScreen';
import { LoginScreen } from './LoginScreen';
import { HomeScreen } from './HomeScreen';
import { flowDepth } from './payment-flow';
import { usePaymentFlow } from './use-payment-flow';
import { lazyScreen } from './lazy';
import { PracticeBanner } from './PracticeBanner';
import type { PracticeRuntime } from './practice';
import { lazyDeviceServices } from './lazy-device';

const TodayScreen = lazyScreen(() => import('./TodayScreen').then((m) => m.TodayScreen));
const SettingsScreen = lazyScreen(() => import('./SettingsScreen').then((m) => m.SettingsScreen));
const CardTestScreen = lazyScreen(() => import('./CardTestScreen').then((m) => m.CardTestScreen));
const SyncScreen = lazyScreen(() => import('./SyncScreen').then((m) => m.SyncScreen));
const ServicesScreen = lazyScreen(() => import('./ServicesScreen').then((m) => m.ServicesScreen));
const PasswordScreen = lazyScreen(() => import('./PasswordScreen').then((m) => m.PasswordScreen));
const PracticeScreen = lazyScreen(() => import('./PracticeScreen').then((m) => m.PracticeScreen));
// The payment flow's screens: fetched right after the first paint, so 결제 opens at once.
const FlowScreen = lazyScreen(() => import('./FlowScreen').then((m) => m.FlowScreen));
// The device database and the syncer (Dexie): the first screen does without them (lazy-device.ts).
const loadRealDevice = () => import('./real-device');

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
  // The real device (real-device.ts), its code loaded after the first paint.
  const lazyDevice = useMemo(() => lazyDeviceServices(() => loadRealDevice().then((m) => m.openRealDevice())), []);
  const realDevice = lazyDevice.services;
  // 연습모드: the practice runtime while practising; the screens then use its device services.
  const [practice, setPractice] = useState<PracticeRuntime | null>(null);
  const practiceRef = useRef<PracticeRuntime | null>(null);
  practiceRef.current = practice;
  const device = practice?.device ?? realDevice;
  // Once 등록 확인 has answered (로그인 or 홈 shows): the service worker and the payment screens. Not
  // earlier: on a slow link the precache and these chunks would share it with the registration the
  // first screen waits for. The service worker is optional for the app to run: a page without it
  // (dev, old browser) works online.
  const firstScreenDone = stack.routes[0]?.name !== 'register';
  const afterFirstScreen = useRef(false);
  useEffect(() => {
    if (!firstScreenDone || afterFirstScreen.current) return;
    afterFirstScreen.current = true;
    if ('serviceWorker' in navigator) void import('../pwa/register').then((m) => m.registerServiceWorker()).catch(() => undefined);
    void FlowScreen.preload();
  }, [firstScreenDone]);
  // The device's own code (Dexie, the outbox, the syncer) once a worker is signed in, then a practice
  // database a reload left behind. The 로그인 screen needs none of it until 로그인 is tapped, and the
  // first verb called loads it anyway (with no signal, 등록 확인 asks for the kept session at once).
  const signedIn = session !== null;
  const deviceLoaded = useRef(false);
  useEffect(() => {
    if (!signedIn || deviceLoaded.current) return;
    deviceLoaded.current = true;
    void lazyDevice
      .load()
      .then(() => loadRealDevice())
      .then((m) => m.clearPracticeLeftovers())
      .catch(() => undefined);
  }, [lazyDevice, signedIn]);
  const [browserOnline, setBrowserOnline] = useState(() => navigator.onLine !== false);
  const [hostReachable, setHostReachable] = useState(true);
  const [clockOffsetMs, setClockOffsetMs] = useState<number | null>(null);
  const sessionRef = useRef<SessionInfo | null>(null);
  sessionRef.current = session;
  const terminalProfile = (terminal ?? session?.terminal)?.profile === 'shared' ? 'shared' : 'personal';
  // 0304 from any answer: this terminal is revoked. Kept on the device, so no offline payment is
  // taken either; a registration the host answers as active lifts it.
  const terminalRevoked = useLive(realDevice.terminalRevoked, [realDevice]) === true;

  // The 1006 block follows the host's current answer: set by a 426 / 1006, lifted by any gated
  // request the host accepts, and asked of /api/health at start, whenever the app becomes visible
  // and as the card screen opens (min-version-check.ts).
  const { updateRequired, requireUpdate, recheck: recheckUpdateRequired } = useUpdateRequired();
  useEffect(
    () =>
      onHostContact((contact) => {
        setHostReachable(contact.reachable);
        if (contact.hostNow !== null) {
          offsetRef.current = measureOffset(contact.hostNow, contact.receivedAt);
          setClockOffsetMs(offsetRef.current);
        }
        if (contact.code === '0304') void realDevice.setTerminalRevoked(true);
        const verdict = updateVerdict(contact);
        if (verdict === null) return;
        requireUpdate(verdict);
        // The host already runs a newer version: look for it now rather than at the next periodic check.
        if (verdict) void import('../pwa/register').then((m) => m.checkForUpdate()).catch(() => undefined);
      }),
    [requireUpdate, realDevice],
  );
  useEffect(() => {
    const goOnline = () => {
      setBrowserOnline(true);
      // Optimistic until the next exchange says otherwise; the snapshot refresh is that exchange.
      setHostReachable(true);
      if (sessionRef.current) {
        void device.refreshSnapshot();
        void device.syncNow().catch(() => undefined);
      }
    };
    const goOffline = () => setBrowserOnline(false);
    addEventListener('online', goOnline);
    addEventListener('offline', goOffline);
    return () => {
      removeEventListener('online', goOnline);
      removeEventListener('offline', goOffline);
    };
  }, [device]);

  const net = useMemo<NetState>(
    () => ({ online: browserOnline && hostReachable, clockOffsetMs, updateRequired }),
    [browserOnline, hostReachable, clockOffsetMs, updateRequired],
  );

  const nav = useMemo<Nav>(
    () => ({
      push: (route) => setStack((s) => ({ routes: [...s.routes, route], notice: null })),
      back: () => setStack((s) => (s.routes.length > 1 ? { routes: s.routes.slice(0, -1), notice: null } : s)),
      home: (notice) => setStack({ routes: [{ name: 'home' }], notice: notice ?? null }),
      toLogin: (notice) => setStack({ routes: [{ name: 'login' }], notice: notice ?? null }),
    }),
    [],
  );

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

  const flow = usePaymentFlow({ device, net, session, showError, terminalProfile });
  useRecheckBeforeCard(flow.state.step, recheckUpdateRequired);
  const flowRef = useRef(flow);
  flowRef.current = flow;

  // Logged in (at login, or at start with a session): keep the session for opening with no
  // signal, refresh the device snapshot, resend an online payment a reload left unanswered, and
  // run the sync triggers while the session lasts (the timer's runs in the comlink worker).
  const workerId = session?.worker.id ?? null;
  useEffect(() => {
    if (!session) return;
    // The 재설치 확인 hint belongs to the answer of one login, not to the session kept for offline starts.
    void device.rememberSession({ ...session, reinstall: undefined }).catch(() => undefined);
    void device.refreshSnapshot();
  }, [device, session]);
  const resumeInflight = flow.resumeInflight;
  useEffect(() => {
    // A shared terminal resends any worker's unanswered payment (each under its own worker).
    if (workerId !== null) void resumeInflight(terminalProfile === 'shared' ? null : workerId);
  }, [workerId, terminalProfile, resumeInflight]);
  // The real outbox goes on syncing to the real host, in practice too (practice never writes to it).
  useEffect(() => {
    if (workerId === null) return;
    return startSyncTriggers({
      queued: realDevice.countQueued,
      sync: realDevice.syncIfOnline,
      syncInBackground: () => import('../pwa/sync-bridge').then((m) => m.syncInWorker()).catch(() => realDevice.syncIfOnline()),
    });
  }, [realDevice, workerId]);

  // 연습모드 is impossible to mistake: every screen's title bar changes colour under the banner.
  useEffect(() => {
    if (practice) document.documentElement.dataset.practice = 'on';
    else delete document.documentElement.dataset.practice;
  }, [practice]);
  const flowLocked = flow.locked;
  const enterPractice = useCallback(async () => {
    if (practiceRef.current || !sessionRef.current || flowRef.current.state.step !== 'idle') return;
    const { startPractice } = await loadRealDevice();
    const runtime = await startPractice({ session: sessionRef.current, real: realDevice, now: () => hostTime(Date.now(), offsetRef.current) });
    setPractice(runtime);
    nav.home(T.practiceStarted);
  }, [realDevice, nav]);
  const leavePractice = useCallback(async () => {
    const runtime = practiceRef.current;
    if (!runtime || flowRef.current.locked) return;
    flowRef.current.close();
    setPractice(null);
    await runtime.close();
    nav.home(T.practiceEnded);
  }, [nav]);

  // A flow that ends (result 확인, 취소, the countdown) lands on home, with its notice if any.
  const flowStep = flow.state.step;
  const flowNotice = flow.state.step === 'idle' ? flow.state.notice : null;
  const wasInFlow = useRef(false);
  useEffect(() => {
    if (flowStep !== 'idle') {
      wasInFlow.current = true;
      return;
    }
    if (!wasInFlow.current) return;
    wasInFlow.current = false;
    setStack({ routes: [{ name: 'home' }], notice: flowNotice });
  }, [flowStep, flowNotice]);

  // Browser back → 이전 (one guard entry while there is somewhere to go back to); locked while paying.
  const depth = stack.routes.length + flowDepth(flow.state);
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
      const current = flowRef.current;
      if (current.locked) {
        // The payment screen stays: put the guard back so the next back press lands here again.
        history.pushState({ evoucher: 'back-guard' }, '');
        guardRef.current = true;
        return;
      }
      if (current.state.step !== 'idle' && current.state.step !== 'done') current.back();
      else nav.back();
    };
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, [nav]);

  const app = useMemo<AppState>(
    () => ({
      nav,
      flow,
      session,
      terminal,
      terminalProfile,
      terminalRevoked,
      practice: practice ? { cards: practice.cards } : null,
      startPractice: enterPractice,
      endPractice: leavePractice,
      deviceId,
      reader,
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
        if (next.status === 'active') void device.setTerminalRevoked(false);
      },
      noteHostNow: (hostNow) => {
        offsetRef.current = measureOffset(hostNow, Date.now());
      },
      hostNow: () => hostTime(Date.now(), offsetRef.current),
      showError,
    }),
    [
      nav,
      flow,
      session,
      terminal,
      terminalProfile,
      terminalRevoked,
      practice,
      enterPractice,
      leavePractice,
      deviceId,
      reader,
      net,
      device,
      stack.notice,
      showError,
    ],
  );

  const route = stack.routes[stack.routes.length - 1]!;
  const inFlow = flow.state.step !== 'idle';
  return (
    <AppContext.Provider value={app}>
      {practice ? <PracticeBanner locked={flowLocked} onEnd={() => void leavePractice()} /> : null}
      <UpdatePrompt routeName={inFlow ? flow.state.step : route.name} />
      <StatusBar route={route} />
      {inFlow ? <FlowScreen /> : <CurrentScreen route={route} />}
      <OfflineReadyNote />
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
    case 'sync':
      return <SyncScreen />;
    case 'today':
      return <TodayScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'card-test':
      return <CardTestScreen />;
    case 'services':
      return <ServicesScreen />;
    case 'password':
      return <PasswordScreen />;
    case 'practice':
      return <PracticeScreen />;
  }
}
