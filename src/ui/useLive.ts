import { useEffect, useState } from 'preact/hooks';

/**
 * What live reads wait for before they start: nothing by default; the provider shell holds them
 * until its device services have loaded (src/app/lazy-device.ts), because a liveQuery only tracks
 * the reads its query makes inside Dexie's own promises, not across a chunk load.
 */
let liveReadsReady: () => Promise<unknown> = () => Promise.resolve();

export function holdLiveQueriesUntil(ready: () => Promise<unknown>): void {
  liveReadsReady = ready;
}

/** src/db/live.ts (Dexie with it) is loaded once live reads may start: the first screen does without both. */
function loadWatchQuery() {
  return liveReadsReady()
    .catch(() => undefined)
    .then(() => import('../db/live'))
    .then((live) => live.watchQuery);
}

/**
 * A watched device-database read as Preact state: re-renders whenever the tables the query read
 * change, in this tab or another. `undefined` until the first result; a failed query keeps the last value.
 */
export function useLive<T>(query: () => Promise<T>, deps: readonly unknown[]): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    let stop: (() => void) | null = null;
    let live = true;
    void loadWatchQuery().then((watchQuery) => {
      if (live) stop = watchQuery(query, setValue);
    });
    return () => {
      live = false;
      stop?.();
    };
    // The caller names what the query depends on, like useEffect.
  }, deps);
  return value;
}
