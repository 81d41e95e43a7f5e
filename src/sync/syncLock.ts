/**
 * The one lock every syncer takes — pages, the comlink worker and the service worker — so only one
 * of them talks to the host at a time. It is a Web Lock where the runtime has one; where it does
 * not (happy-dom in tests, very old browsers), an in-module queue gives the same semantics within
 * this JavaScript realm.
 */
export const SYNC_LOCK_NAME = 'evoucher-sync';

/** The part of the Web Locks API the syncer uses; navigator.locks satisfies it. */
export interface LockRequester {
  request<T>(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

class LocalLocks implements LockRequester {
  readonly #tails = new Map<string, Promise<void>>();

  async request<T>(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T> {
    const previous = this.#tails.get(name);
    if (options.ifAvailable === true && previous !== undefined) return callback(null);
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = (previous ?? Promise.resolve()).then(() => released);
    this.#tails.set(name, tail);
    await previous;
    try {
      return await callback({ name });
    } finally {
      release();
      if (this.#tails.get(name) === tail) this.#tails.delete(name);
    }
  }
}

const localLocks = new LocalLocks();

export function defaultLocks(): LockRequester {
  const locks = (globalThis.navigator as { locks?: LockRequester | null } | undefined)?.locks;
  return locks ?? localLocks;
}
