/**
 * The app's one update store and the switch screens use to say "a payment is on screen". Kept
 * apart from register.ts so the shell can import it without loading workbox-window; register.ts
 * connects it to the service worker once that is registered.
 */
import { holdPaymentLock } from './payment-guard';
import { createUpdateStore, type UpdateStore } from './update-store';

export type { UpdatePhase, UpdateProgress, UpdateState } from './update-store';

let activate: () => void = () => undefined;
let releaseLock: () => void = () => undefined;

export const updateStore: UpdateStore = createUpdateStore({
  activateWaiting: () => activate(),
  reload: () => globalThis.location.reload(),
});

/** register.ts hands over how to make the waiting worker take over. */
export function setActivateWaiting(fn: () => void): void {
  activate = fn;
}

/**
 * The screens' report: true while a payment screen (voucher, split, amount, completion, an
 * offline capture) is open. An update the worker accepts meanwhile waits until it is false, in
 * this tab and in every other tab.
 */
export function setPaymentInProgress(inProgress: boolean, source = 'screen'): void {
  const before = updateStore.getState().paymentInProgress;
  updateStore.setPaymentInProgress(inProgress, source);
  const after = updateStore.getState().paymentInProgress;
  if (after && !before) releaseLock = holdPaymentLock();
  if (!after && before) {
    releaseLock();
    releaseLock = () => undefined;
  }
}

/** The provider app's routes during which an update must wait (the shell reports them). */
export const PAYMENT_ROUTES: ReadonlySet<string> = new Set(['voucher', 'entry', 'done', 'resuming']);
