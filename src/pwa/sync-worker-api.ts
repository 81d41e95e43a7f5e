/** What workers/sync.worker.ts exposes through comlink; shared by the worker and the page's bridge. */
import type { SyncSummary } from '../sync/syncIfPossible';

export type { SyncSummary };

export interface SyncWorkerApi {
  /** Runs the syncer once (merged with a run in progress; the Web Lock keeps it one across tabs). */
  syncNow(): Promise<SyncSummary>;
}
