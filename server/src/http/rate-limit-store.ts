import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Db } from '../db/database';

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A @fastify/rate-limit store whose counters live in the database (SPEC §7), so several host
 * processes share one limit. Each key is a fixed window, bumped by one upsert statement: the
 * window restarts when it has run out, otherwise the count goes up — atomic on both engines.
 */
export function databaseRateLimitStore(db: Db, now: () => number): FastifyRateLimitStoreCtor {
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    constructor(private readonly prefix = '') {}

    incr(key: string, callback: IncrCallback, timeWindow: number): void {
      const hostNow = now();
      // The key often contains a phone number or a session token: only its hash is stored.
      const hashed = createHash('sha256').update(`${this.prefix}\u0000${key}`).digest('base64url');
      const expired = sql<boolean>`rate_limits.window_start + ${timeWindow} <= ${hostNow}`;
      db.insertInto('rate_limits')
        .values({ key: hashed, window_start: hostNow, count: 1 })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            count: sql<number>`case when ${expired} then 1 else rate_limits.count + 1 end`,
            window_start: sql<number>`case when ${expired} then ${hostNow} else rate_limits.window_start end`,
          }),
        )
        .returning(['count', 'window_start'])
        .executeTakeFirstOrThrow()
        .then(
          (row) => callback(null, { current: Number(row.count), ttl: Math.max(0, Number(row.window_start) + timeWindow - hostNow) }),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // The plugin passes the merged route parameters, which carry the route under routeInfo.
      const route = (routeOptions as { routeInfo?: { url?: string; method?: string | string[] } }).routeInfo;
      return new DatabaseRateLimitStore(`${String(route?.method ?? '')} ${route?.url ?? ''}`);
    }
  }
  return DatabaseRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}
