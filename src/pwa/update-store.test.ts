import { describe, expect, it, vi } from 'vitest';
import { createUpdateStore, type UpdateActions } from './update-store';

function setup() {
  const actions = { activateWaiting: vi.fn(), reload: vi.fn() } satisfies UpdateActions;
  const store = createUpdateStore(actions);
  const seen: string[] = [];
  store.subscribe((state) => seen.push(state.phase));
  return { store, actions, seen };
}

describe('update store', () => {
  it('goes from downloading with progress to ready when the new worker waits', () => {
    const { store } = setup();
    store.downloadStarted();
    expect(store.getState()).toMatchObject({ phase: 'downloading', progress: null });
    store.downloadProgress(3, 15);
    expect(store.getState().progress).toEqual({ done: 3, total: 15 });
    store.downloadProgress(15, 15);
    store.waiting();
    expect(store.getState()).toMatchObject({ phase: 'ready', progress: { done: 15, total: 15 } });
  });

  it('ignores nonsense progress reports', () => {
    const { store } = setup();
    store.downloadStarted();
    store.downloadProgress(1, 0);
    store.downloadProgress(Number.NaN, Number.NaN);
    expect(store.getState()).toMatchObject({ phase: 'downloading', progress: null });
    store.downloadProgress(20, 15);
    expect(store.getState().progress).toEqual({ done: 15, total: 15 });
  });

  it('keeps the first install’s offline-ready note when its last progress reports arrive after it took the page', () => {
    const { store, seen } = setup();
    store.downloadProgress(25, 27);
    store.controllerChanged(false);
    store.downloadProgress(26, 27);
    store.downloadProgress(27, 27);
    expect(store.getState()).toMatchObject({ phase: 'idle', progress: null, offlineReady: true });
    expect(seen).toEqual(['idle']);
  });

  it('does not take over until 업데이트 is tapped', () => {
    const { store, actions } = setup();
    store.waiting();
    expect(actions.activateWaiting).not.toHaveBeenCalled();
    store.requestUpdate();
    expect(store.getState().phase).toBe('applying');
    expect(actions.activateWaiting).toHaveBeenCalledTimes(1);
  });

  it('ignores 업데이트 when nothing waits', () => {
    const { store, actions } = setup();
    store.requestUpdate();
    store.downloadStarted();
    store.requestUpdate();
    expect(actions.activateWaiting).not.toHaveBeenCalled();
  });

  it('defers an update tapped during a payment and applies it when the payment ends', () => {
    const { store, actions, seen } = setup();
    store.setPaymentInProgress(true);
    store.waiting();
    store.requestUpdate();
    expect(store.getState().phase).toBe('deferred');
    expect(actions.activateWaiting).not.toHaveBeenCalled();
    store.setPaymentInProgress(false);
    expect(actions.activateWaiting).toHaveBeenCalledTimes(1);
    expect(seen).toEqual(['idle', 'ready', 'deferred', 'deferred', 'applying']);
  });

  it('counts a payment as in progress while any source says so', () => {
    const { store, actions } = setup();
    store.setPaymentInProgress(true, 'shell');
    store.setPaymentInProgress(true, 'offline-capture');
    store.waiting();
    store.requestUpdate();
    store.setPaymentInProgress(false, 'shell');
    expect(store.getState()).toMatchObject({ phase: 'deferred', paymentInProgress: true });
    store.setPaymentInProgress(false, 'offline-capture');
    expect(actions.activateWaiting).toHaveBeenCalledTimes(1);
  });

  it('reloads once when the worker it activated takes control', () => {
    const { store, actions } = setup();
    store.waiting();
    store.requestUpdate();
    store.controllerChanged(true);
    store.controllerChanged(true);
    expect(actions.reload).toHaveBeenCalledTimes(1);
  });

  it('says the app works offline after the first install, and reloads nothing', () => {
    const { store, actions } = setup();
    store.controllerChanged(false);
    expect(store.getState()).toMatchObject({ phase: 'idle', offlineReady: true });
    expect(actions.reload).not.toHaveBeenCalled();
    store.dismissOfflineReady();
    expect(store.getState().offlineReady).toBe(false);
  });

  it('finishes a payment before reloading when another tab applied the update', () => {
    const { store, actions } = setup();
    store.setPaymentInProgress(true);
    store.controllerChanged(true);
    expect(store.getState().phase).toBe('stale');
    expect(actions.reload).not.toHaveBeenCalled();
    store.setPaymentInProgress(false);
    expect(actions.reload).toHaveBeenCalledTimes(1);
  });

  it('shows the update as deferred while another tab pays', () => {
    const { store, actions } = setup();
    store.waiting();
    store.requestUpdate();
    store.deferredElsewhere();
    expect(store.getState().phase).toBe('deferred');
    store.controllerChanged(true);
    expect(actions.reload).toHaveBeenCalledTimes(1);
  });

  it('stops notifying an unsubscribed listener', () => {
    const { store } = setup();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.waiting();
    unsubscribe();
    store.requestUpdate();
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
