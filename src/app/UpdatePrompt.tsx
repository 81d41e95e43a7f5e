/**
 * SW 업데이트 알림 (SPEC §5.9): the new version's download with its progress, then 업데이트. The
 * new version takes over only on that tap, and a tap during a payment is carried out when the
 * payment ends ("결제를 마친 뒤 업데이트됩니다"). After the first install it says once that the app
 * works offline (OfflineReadyNote). Mounted once by the shell, which passes the current screen's name so payment
 * screens hold the update back; the state lives in src/pwa/update.ts.
 */
import { useEffect, useState } from 'preact/hooks';
import { PAYMENT_ROUTES, setPaymentInProgress, updateStore, type UpdateState } from '../pwa/update';
import { Button } from '../ui/Button';
import '../ui/update.css';

const U = {
  region: 'SW 업데이트 알림',
  available: '새 버전이 있습니다.',
  downloading: 'SW 업데이트 진행 중…',
  downloaded: '다운로드 완료',
  update: '업데이트',
  deferred: '결제를 마친 뒤 업데이트됩니다.',
  applying: '업데이트 중…',
  stale: '새 버전이 설치되었습니다. 결제를 마친 뒤 다시 시작합니다.',
  progress: '다운로드',
  offlineReady: '오프라인에서도 사용할 수 있습니다.',
} as const;

export const OFFLINE_READY_SHOWN_MS = 5_000;

function useUpdateState(): UpdateState {
  const [state, setState] = useState(updateStore.getState());
  useEffect(() => updateStore.subscribe(setState), []);
  return state;
}

/**
 * The one-time "works offline" note. The shell puts it after the screen, not above it: it comes
 * while the first screen is already being read and tapped (the worker typing 아이디), and a band
 * pushed in above moved every field down under the finger. Below, it moves nothing on a screen
 * without a bottom bar (로그인, where a first visit is when the note comes); on a short screen with
 * one, the bar moves up by the note's height until the note goes.
 */
export function OfflineReadyNote() {
  const state = useUpdateState();
  useEffect(() => {
    if (!state.offlineReady) return undefined;
    const timer = setTimeout(() => updateStore.dismissOfflineReady(), OFFLINE_READY_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [state.offlineReady]);
  return state.phase === 'idle' && state.offlineReady ? (
    <p class="update-offline-ready" role="status">
      {U.offlineReady}
    </p>
  ) : null;
}

export function UpdatePrompt({ routeName }: { routeName: string }) {
  const paying = PAYMENT_ROUTES.has(routeName);
  useEffect(() => setPaymentInProgress(paying, 'shell'), [paying]);
  const state = useUpdateState();
  if (state.phase === 'idle') return null;

  const { progress } = state;
  return (
    <section class="update-banner" aria-label={U.region}>
      <div class="update-text" aria-live="polite">
        <strong class="update-title">{U.region}</strong>
        {state.phase === 'downloading' ? <span>{U.downloading}</span> : null}
        {state.phase === 'ready' ? (
          <span>
            {U.available} {progress ? U.downloaded : ''}
          </span>
        ) : null}
        {state.phase === 'deferred' ? <span class="update-deferred">{U.deferred}</span> : null}
        {state.phase === 'applying' ? <span>{U.applying}</span> : null}
        {state.phase === 'stale' ? <span>{U.stale}</span> : null}
      </div>
      {state.phase === 'downloading' ? (
        <div class="update-progress">
          <progress aria-label={U.progress} max={progress?.total ?? undefined} value={progress?.done ?? undefined} />
          {progress ? <span class="money" data-testid="update-progress">{`${progress.done} / ${progress.total}`}</span> : null}
        </div>
      ) : null}
      {state.phase === 'ready' ? (
        <Button variant="primary" class="update-button" onClick={() => updateStore.requestUpdate()}>
          {U.update}
        </Button>
      ) : null}
    </section>
  );
}
