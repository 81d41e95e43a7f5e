import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/**
 * A Dexie liveQuery as Preact state: re-renders whenever the tables the query read change, in
 * this tab or another. `undefined` until the first result; a failed query keeps the last value.
 */
export function useLive<T>(query: () => Promise<T>, deps: readonly unknown[]): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({ next: setValue, error: () => undefined });
    return () => subscription.unsubscribe();
    // The caller names what the query depends on, like useEffect.
  }, deps);
  return value;
}
