/**
 * The state of an app update (SPEC §5.9) as a tiny store the update prompt subscribes to. Pure:
 * it knows nothing of Workbox. register.ts feeds it the service worker's lifecycle and gives it
 * two actions, activateWaiting (SKIP_WAITING to the waiting worker) and reload. The rule it keeps:
 * the new version takes over only after the worker taps 업데이트, and never while a payment screen
 * is open — a tap during a payment is remembered and carried out when the payment ends.
 */

export type UpdatePhase =
  /** Nothing new. */
  | 'idle'
  /** A new version is being downloaded (the new service worker precaches it). */
  | 'downloading'
  /** A new version is downloaded and waits: SW 업데이트 알림 with 업데이트. */
  | 'ready'
  /** 업데이트 was tapped during a payment: it is applied when the payment ends. */
  | 'deferred'
  /** The waiting worker was told to take over; the page reloads when it controls the page. */
  | 'applying'
  /** Another tab applied the update while this one was paying: reload when the payment ends. */
  | 'stale';

export interface UpdateProgress {
  readonly done: number;
  readonly total: number;
}

export interface UpdateState {
  readonly phase: UpdatePhase;
  /** Files of the new version downloaded so far; null before the first report. */
  readonly progress: UpdateProgress | null;
  /** The first install finished: the app now opens without a network (shown once, briefly). */
  readonly offlineReady: boolean;
  readonly paymentInProgress: boolean;
}

export interface UpdateActions {
  /** Tell the waiting service worker to take over (SKIP_WAITING). */
  activateWaiting(): void;
  reload(): void;
}

export interface UpdateStore {
  getState(): UpdateState;
  subscribe(listener: (state: UpdateState) => void): () => void;
  /** A new service worker started installing while an older one controls the page. */
  downloadStarted(): void;
  /** A PRECACHE_PROGRESS report; counted only during a download that began (downloadStarted). */
  downloadProgress(done: number, total: number): void;
  /** A new service worker is installed and waiting. */
  waiting(): void;
  /** The worker tapped 업데이트. */
  requestUpdate(): void;
  /** A payment screen opened or closed; `source` lets several callers (screens, the shell) share the flag. */
  setPaymentInProgress(inProgress: boolean, source?: string): void;
  /** The waiting worker cannot take over now because another tab is paying: show it as deferred. */
  deferredElsewhere(): void;
  /**
   * navigator.serviceWorker's controller changed; `replaced` is true only when another worker took
   * over from the one that controlled the page (an update), false on the first install's claim.
   */
  controllerChanged(replaced: boolean): void;
  dismissOfflineReady(): void;
}

export const INITIAL_UPDATE_STATE: UpdateState = {
  phase: 'idle',
  progress: null,
  offlineReady: false,
  paymentInProgress: false,
};

export function createUpdateStore(actions: UpdateActions, initial: UpdateState = INITIAL_UPDATE_STATE): UpdateStore {
  let state = initial;
  const listeners = new Set<(state: UpdateState) => void>();
  const paymentSources = new Set<string>();
  let reloaded = false;

  const set = (patch: Partial<UpdateState>): void => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener(state);
  };
  const reloadOnce = (): void => {
    if (reloaded) return;
    reloaded = true;
    actions.reload();
  };
  const apply = (): void => {
    set({ phase: 'applying' });
    actions.activateWaiting();
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    downloadStarted() {
      if (state.phase === 'idle' || state.phase === 'ready') set({ phase: 'downloading', progress: null });
    },
    downloadProgress(done, total) {
      // Progress belongs to a download that began (a new version installing under a controller).
      // The first install precaches too, and its last reports may arrive after it took the page:
      // taken from 'idle' they would turn the offline-ready note into an update that never comes.
      if (state.phase !== 'downloading' || !(total > 0) || done < 0) return;
      set({ progress: { done: Math.min(done, total), total } });
    },
    waiting() {
      if (state.phase === 'idle' || state.phase === 'downloading') {
        set({ phase: 'ready', progress: state.progress === null ? null : { done: state.progress.total, total: state.progress.total } });
      }
    },
    requestUpdate() {
      if (state.phase !== 'ready') return;
      if (state.paymentInProgress) set({ phase: 'deferred' });
      else apply();
    },
    setPaymentInProgress(inProgress, source = 'screen') {
      if (inProgress) paymentSources.add(source);
      else paymentSources.delete(source);
      const paying = paymentSources.size > 0;
      if (paying !== state.paymentInProgress) set({ paymentInProgress: paying });
      if (paying) return;
      if (state.phase === 'deferred') apply();
      else if (state.phase === 'stale') reloadOnce();
    },
    deferredElsewhere() {
      if (state.phase === 'applying') set({ phase: 'deferred' });
    },
    controllerChanged(replaced) {
      if (!replaced) {
        set({ offlineReady: true });
        return;
      }
      // A new version controls the page. Old code must not keep running on it for long (its lazy
      // chunks are gone from the cache), but a payment on screen is finished first.
      if (state.paymentInProgress) set({ phase: 'stale' });
      else reloadOnce();
    },
    dismissOfflineReady() {
      if (state.offlineReady) set({ offlineReady: false });
    },
  };
}
