import { useEffect, useState } from 'preact/hooks';

/**
 * What live queries wait for before they subscribe: nothing by default; the provider shell holds
 * them until its device services have loaded (src/app/lazy-device.ts), because a liveQuery only
 * tracks the reads its query makes inside Dexie's own promises, not across a chunk load.
 */
let liveQueriesReady: () => Promise<unknown> = () => Promise.resolve();

export function holdLiveQueriesUntil(ready: () => Promise<unknown>): void {
  liveQueriesReady = ready;
}

/** Dexie's liveQuery, loaded with Dexie itself: the first screen does without both. */
function loadLiveQuery() {
  return Promise.all([import('dexie'), liveQueriesReady().catch(() => undefined)]).then(([dexie]) => dexie.liveQuery);
}

/**
 * A Dexie liveQuery as Preact state: re-renders whenever the tables the query read change, in
 * this tab or another. `undefined` until the first result; a failed query keeps the last value.
 */
export function useLive<T>(query: () => Promise<T>, deps: readonly unknown[]): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    let subscription: { unsubscribe(): void } | null = null;
    let live = true;
    void loadLiveQuery().then((liveQuery) => {
      if (live) subscription = liveQuery(query).subscribe({ next: setValue, error: () => undefined });
    });
    return () => {
      live = false;
      subscription?.unsubscribe();
    };
    // The caller names what the query depends on, like useEffect.
  }, deps);
  return value;
}
