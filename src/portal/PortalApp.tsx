/**
 * The recipient portal's shell: the session (checked with the host at start), the hash route, and
 * the live signals of an open portal (SSE) that make the screens fetch again. A route that needs a
 * session goes to 로그인 without one; 오프라인 QR결제 works with no session and no network.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, me } from '../api/portal';
import { messageKo } from '../domain/errors';
import type { PortalSignal, RecipientSession } from '../domain/portal';
import { listenToPortal } from '../portal-pwa/live';
import { refreshOfflineTokens } from '../portal-pwa/offline-tokens';
import type { ShownError } from '../ui/ErrorNotice';
import { LoginScreen, SignupScreen } from './AuthScreens';
import { HomeScreen } from './HomeScreen';
import { InboxScreen, MessageScreen } from './InboxScreens';
import { OfflineQrScreen } from './OfflineQrScreen';
import { PortalContext, hashOf, routeFromHash, type PortalRoute } from './portal-context';
import { RequestScreen } from './RequestScreen';
import { SettingsScreen } from './SettingsScreen';

function showError(cause: unknown): ShownError {
  if (cause instanceof ApiError) return { code: cause.code, message: cause.message };
  return { code: '9999', message: messageKo('9999') };
}

const OPEN_ROUTES = new Set<PortalRoute['name']>(['login', 'signup', 'offline']);

export function PortalApp() {
  const [route, setRoute] = useState<PortalRoute>(() => routeFromHash(location.hash));
  const [session, setSession] = useState<RecipientSession | null | 'checking'>('checking');
  const [liveTick, setLiveTick] = useState(0);
  const [liveNote, setLiveNote] = useState<PortalSignal | null>(null);

  useEffect(() => {
    const onHash = () => setRoute(routeFromHash(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    me().then(
      (found) => setSession(found),
      () => setSession(null),
    );
  }, []);

  const signedIn = session !== null && session !== 'checking';
  useEffect(() => {
    if (!signedIn) return;
    void refreshOfflineTokens();
    return listenToPortal((signal) => {
      setLiveTick((tick) => tick + 1);
      setLiveNote(signal);
    });
  }, [signedIn]);

  const go = useCallback((next: PortalRoute) => {
    const hash = hashOf(next);
    if (location.hash !== hash) location.hash = hash;
    setRoute(next);
  }, []);

  if (session === 'checking') return <p class="status-line">…</p>;
  const shown = session === null && !OPEN_ROUTES.has(route.name) ? ({ name: 'login' } as const) : route;
  const value = {
    session,
    setSession: (next: RecipientSession | null) => setSession(next),
    go,
    showError,
    liveTick,
  };
  return (
    <PortalContext.Provider value={value}>
      {liveNote && signedIn ? <LiveBanner signal={liveNote} onOpen={() => setLiveNote(null)} go={go} /> : null}
      {screenFor(shown)}
    </PortalContext.Provider>
  );
}

function LiveBanner({ signal, onOpen, go }: { signal: PortalSignal; onOpen: () => void; go: (route: PortalRoute) => void }) {
  const text =
    signal.type === 'inbox'
      ? '새 결제 알림이 도착했습니다.'
      : signal.kind === 'qr'
        ? 'QR결제 요청이 도착했습니다.'
        : '생체인증결제 승인 요청이 도착했습니다.';
  return (
    <div class="notice notice-info live-banner" role="status">
      <p class="notice-message">{text}</p>
      <button
        type="button"
        class="btn btn-primary"
        onClick={() => {
          onOpen();
          go(signal.type === 'inbox' ? { name: 'message', id: signal.messageId } : { name: 'request', id: signal.requestId });
        }}
      >
        {signal.type === 'inbox' ? '알림 보기' : '요청 보기'}
      </button>
    </div>
  );
}

function screenFor(route: PortalRoute) {
  switch (route.name) {
    case 'login':
      return <LoginScreen />;
    case 'signup':
      return <SignupScreen />;
    case 'home':
      return <HomeScreen />;
    case 'inbox':
      return <InboxScreen />;
    case 'message':
      return <MessageScreen id={route.id} />;
    case 'settings':
      return <SettingsScreen />;
    case 'request':
      return <RequestScreen id={route.id} />;
    case 'offline':
      return <OfflineQrScreen />;
  }
}
