/**
 * Watches a read of the device database: `next` gets its result now and again whenever a table the
 * read touched changes, in this tab or another (Dexie liveQuery). A failed read keeps the last value.
 * Answers the function that stops watching.
 */
import { liveQuery } from 'dexie';

export function watchQuery<T>(query: () => Promise<T>, next: (value: T) => void): () => void {
  const subscription = liveQuery(query).subscribe({ next, error: () => undefined });
  return () => subscription.unsubscribe();
}
