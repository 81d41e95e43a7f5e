import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database';
import { HostError } from '../http/host-error';

/**
 * A fixed-window counter in rate_limits (the table of the host's rate-limit store, http/), for a
 * limit a route config cannot express: QR/biometric requests per phone number, whoever sends
 * them. Only a hash of the key is stored (it holds a phone number). 1004 past `max` per window.
 */
export async function limitPerKey(db: Db, key: string, max: number, windowMs: number, now: number): Promise<void> {
  const hashed = createHash('sha256').update(`phone-number\u0000${key}`).digest('base64url');
  const expired = sql<boolean>`rate_limits.window_start + ${windowMs} <= ${now}`;
  const row = await db
    .insertInto('rate_limits')
    .values({ key: hashed, window_start: now, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`case when ${expired} then 1 else rate_limits.count + 1 end`,
        window_start: sql<number>`case when ${expired} then ${now} else rate_limits.window_start end`,
      }),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  if (Number(row.count) > max) throw new HostError('1004', 'requests to one phone number');
}
