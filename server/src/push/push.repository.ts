import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';

export interface DueDelivery {
  id: string;
  subscription_id: string;
  payload: string;
  attempts: number;
  endpoint: string | null;
  p256dh: string | null;
  auth: string | null;
}

export const pushRepository = {
  /** A subscription belongs to the recipient who sent it last (a phone that changed hands). */
  async upsertSubscription(db: Db, recipientId: string, endpoint: string, p256dh: string, auth: string, at: number): Promise<void> {
    await db
      .insertInto('push_subscriptions')
      .values({ id: randomUUID(), recipient_id: recipientId, endpoint, p256dh, auth, created_at: at })
      .onConflict((oc) => oc.column('endpoint').doUpdateSet({ recipient_id: recipientId, p256dh, auth }))
      .execute();
  },

  async removeSubscription(db: Db, recipientId: string, endpoint: string): Promise<void> {
    await db.deleteFrom('push_subscriptions').where('endpoint', '=', endpoint).where('recipient_id', '=', recipientId).execute();
  },

  /** A subscription the push service says is gone (404/410): it and whatever still waits for it. */
  async dropSubscription(db: Db, subscriptionId: string): Promise<void> {
    await db.deleteFrom('push_deliveries').where('subscription_id', '=', subscriptionId).execute();
    await db.deleteFrom('push_subscriptions').where('id', '=', subscriptionId).execute();
  },

  /**
   * Queues one push per subscription of each recipient, in the caller's transaction; a dedupe key
   * already queued for a subscription adds nothing (a redelivered event). Answers how many were queued.
   */
  async queue(db: Db, pushes: readonly { recipientId: string; dedupeKey: string; payload: string }[], at: number): Promise<number> {
    if (pushes.length === 0) return 0;
    const subscriptions = await db
      .selectFrom('push_subscriptions')
      .select(['id', 'recipient_id'])
      .where('recipient_id', 'in', [...new Set(pushes.map((push) => push.recipientId))])
      .execute();
    const rows = pushes.flatMap((push) =>
      subscriptions
        .filter((subscription) => subscription.recipient_id === push.recipientId)
        .map((subscription) => ({
          id: randomUUID(),
          subscription_id: subscription.id,
          dedupe_key: push.dedupeKey,
          payload: push.payload,
          available_at: at,
          attempts: 0,
          created_at: at,
        })),
    );
    if (rows.length === 0) return 0;
    await db
      .insertInto('push_deliveries')
      .values(rows)
      .onConflict((oc) => oc.columns(['subscription_id', 'dedupe_key']).doNothing())
      .execute();
    return rows.length;
  },

  /**
   * Takes up to `limit` due deliveries and leases them for `leaseMs` (their available_at moves on,
   * their attempts go up), so another sender — in this process or another — leaves them alone
   * while they are sent; a sender that dies mid-send leaves them due again when the lease ends.
   */
  async lease(db: Db, postgres: boolean, at: number, leaseMs: number, limit: number): Promise<DueDelivery[]> {
    return db.transaction().execute(async (trx) => {
      const due = trx.selectFrom('push_deliveries').select('id').where('available_at', '<=', at).orderBy('available_at').limit(limit);
      const ids = (await (postgres ? due.forUpdate().skipLocked() : due).execute()).map((row) => row.id);
      if (ids.length === 0) return [];
      await trx
        .updateTable('push_deliveries')
        .set((eb) => ({ available_at: at + leaseMs, attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', ids)
        .execute();
      return trx
        .selectFrom('push_deliveries')
        .leftJoin('push_subscriptions', 'push_subscriptions.id', 'push_deliveries.subscription_id')
        .select([
          'push_deliveries.id',
          'push_deliveries.subscription_id',
          'push_deliveries.payload',
          'push_deliveries.attempts',
          'push_subscriptions.endpoint',
          'push_subscriptions.p256dh',
          'push_subscriptions.auth',
        ])
        .where('push_deliveries.id', 'in', ids)
        .execute();
    });
  },

  async remove(db: Db, deliveryId: string): Promise<void> {
    await db.deleteFrom('push_deliveries').where('id', '=', deliveryId).execute();
  },

  async retryAt(db: Db, deliveryId: string, at: number): Promise<void> {
    await db.updateTable('push_deliveries').set({ available_at: at }).where('id', '=', deliveryId).execute();
  },
};
