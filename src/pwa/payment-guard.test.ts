import { describe, expect, it, vi } from 'vitest';
import { holdPaymentLock, whenNoTabIsPaying } from './payment-guard';

/** A Web Locks stand-in with shared/exclusive modes and ifAvailable, enough for the guard. */
class FakeLocks {
  shared = 0;
  exclusive = false;
  private waiters: Array<() => void> = [];

  async request<T>(
    _name: string,
    options: { mode?: 'shared' | 'exclusive'; ifAvailable?: boolean },
    callback: (lock: unknown) => Promise<T> | T,
  ): Promise<T> {
    const mode = options.mode ?? 'exclusive';
    const free = () => (mode === 'shared' ? !this.exclusive : !this.exclusive && this.shared === 0);
    if (!free()) {
      if (options.ifAvailable) return callback(null);
      await new Promise<void>((resolve) => {
        const check = () => (free() ? resolve() : this.waiters.push(check));
        this.waiters.push(check);
      });
    }
    if (mode === 'shared') this.shared += 1;
    else this.exclusive = true;
    try {
      return await callback({ mode });
    } finally {
      if (mode === 'shared') this.shared -= 1;
      else this.exclusive = false;
      const waiters = this.waiters.splice(0);
      for (const waiter of waiters) waiter();
    }
  }
}

describe('payment guard', () => {
  it('activates at once when no tab is paying', async () => {
    const locks = new FakeLocks();
    const activate = vi.fn();
    const blocked = vi.fn();
    await whenNoTabIsPaying(activate, blocked, locks);
    expect(activate).toHaveBeenCalledTimes(1);
    expect(blocked).not.toHaveBeenCalled();
  });

  it('waits for the paying tab, saying so, and activates once it is done', async () => {
    const locks = new FakeLocks();
    const release = holdPaymentLock(locks);
    await Promise.resolve();
    expect(locks.shared).toBe(1);
    const activate = vi.fn();
    const blocked = vi.fn();
    const done = whenNoTabIsPaying(activate, blocked, locks);
    await vi.waitFor(() => expect(blocked).toHaveBeenCalledTimes(1));
    expect(activate).not.toHaveBeenCalled();
    release();
    await done;
    expect(activate).toHaveBeenCalledTimes(1);
  });

  it('activates directly where Web Locks do not exist', async () => {
    const activate = vi.fn();
    await whenNoTabIsPaying(activate, vi.fn(), undefined);
    expect(activate).toHaveBeenCalledTimes(1);
    expect(() => holdPaymentLock(undefined)()).not.toThrow();
  });
});
