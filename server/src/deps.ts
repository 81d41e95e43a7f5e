import type { HostConfig } from './config';
import type { Db } from './db/database';

/** What every route and service needs: the database, the clock (injectable for tests) and the config. */
export interface HostDeps {
  readonly db: Db;
  readonly now: () => number;
  readonly config: HostConfig;
}
