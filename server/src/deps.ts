import type { HostConfig } from './config';
import type { Db } from './db/database';
import type { Notifier } from './events/notifier';
import type { PostingQueue } from './payments/posting';

/** What every route and service needs: the database, the clock (injectable for tests), the config, the notifier. */
export interface HostDeps {
  readonly db: Db;
  readonly now: () => number;
  readonly config: HostConfig;
  /** Wakes the event relay (and next, SSE streams) after a commit. */
  readonly notifier: Notifier;
  /** Posts online payments, gathered into shared transactions (group commit). */
  readonly postings: PostingQueue;
}
