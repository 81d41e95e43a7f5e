/**
 * "Never in the middle of a payment", across tabs. A tab with a payment screen open holds the Web
 * Lock 'evoucher-payment' in shared mode; the tab that applies an update takes it exclusively for
 * the moment it sends SKIP_WAITING, so the new worker never takes over while any tab is paying.
 * Where Web Locks do not exist (old browsers, unit tests) only this tab's own flag counts.
 */
export const PAYMENT_LOCK_NAME = 'evoucher-payment';

interface Locks {
  request<T>(
    name: string,
    options: { mode?: 'shared' | 'exclusive'; ifAvailable?: boolean },
    callback: (lock: unknown) => Promise<T> | T,
  ): Promise<T>;
}

function webLocks(): Locks | undefined {
  return (globalThis.navigator as { locks?: Locks | null } | undefined)?.locks ?? undefined;
}

/** Holds the shared payment lock until the returned function is called. */
export function holdPaymentLock(locks: Locks | undefined = webLocks()): () => void {
  if (locks === undefined) return () => undefined;
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  void locks.request(PAYMENT_LOCK_NAME, { mode: 'shared' }, () => held).catch(() => undefined);
  return release;
}

/**
 * Runs `activate` once no tab is paying. Calls `onBlocked` first when another tab is paying right
 * now, then waits for it to finish.
 */
export async function whenNoTabIsPaying(activate: () => void, onBlocked: () => void, locks: Locks | undefined = webLocks()): Promise<void> {
  if (locks === undefined) {
    activate();
    return;
  }
  const done = await locks.request(PAYMENT_LOCK_NAME, { mode: 'exclusive', ifAvailable: true }, (lock) => {
    if (lock === null) return false;
    activate();
    return true;
  });
  if (done) return;
  onBlocked();
  await locks.request(PAYMENT_LOCK_NAME, { mode: 'exclusive' }, () => activate());
}
