import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/database';
import type { SyncRefusalTable } from './sync-refusal.table';

export type SyncRefusalRow = Selectable<SyncRefusalTable>;

export const syncRefusalRepository = {
  findByPaymentId(db: Db, paymentId: string): Promise<SyncRefusalRow | undefined> {
    return db.selectFrom('sync_refusals').selectAll().where('payment_id', '=', paymentId).executeTakeFirst();
  },

  /** The refusals of some payment ids, in one query (a sync batch). */
  findByPaymentIds(db: Db, paymentIds: readonly string[]): Promise<SyncRefusalRow[]> {
    if (paymentIds.length === 0) return Promise.resolve([]);
    return db.selectFrom('sync_refusals').selectAll().where('payment_id', 'in', [...new Set(paymentIds)]).execute();
  },

  /** Keeps the first refusal of a payment id: a concurrent duplicate's insert waits, then does nothing. */
  async insertIfNew(db: Db, refusal: Insertable<SyncRefusalTable>): Promise<void> {
    await db
      .insertInto('sync_refusals')
      .values(refusal)
      .onConflict((oc) => oc.column('payment_id').doNothing())
      .execute();
  },
};
