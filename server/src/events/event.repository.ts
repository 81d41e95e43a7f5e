import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../db/database';
import { insertRows } from '../db/insert-rows';
import type { DomainEventTable, InboxMessageTable } from './event.table';

export type DomainEventRow = Selectable<DomainEventTable>;

export const eventRepository = {
  /** Appends events and queues them for the relay, in the caller's transaction (db/insert-rows.ts: a batch posts a hundred). */
  async appendMany(db: Db, events: readonly Insertable<DomainEventTable>[]): Promise<void> {
    if (events.length === 0) return;
    await insertRows(db, 'domain_events', events);
    await insertRows(
      db,
      'event_queue',
      events.map((event) => ({ event_id: event.id, available_at: event.recorded_at, attempts: 0 })),
    );
  },

  /**
   * Takes up to `limit` due queued events, oldest first. On PostgreSQL the rows are locked and rows
   * another relay holds are skipped, so several host processes drain one queue without waiting on
   * each other; SQLite has one writer and needs neither.
   */
  async takeDue(db: Db, postgres: boolean, hostNow: number, limit: number): Promise<DomainEventRow[]> {
    const due = db
      .selectFrom('event_queue')
      .select('event_id')
      .where('available_at', '<=', hostNow)
      .orderBy('available_at')
      .orderBy('event_id')
      .limit(limit);
    const ids = (await (postgres ? due.forUpdate().skipLocked() : due).execute()).map((row) => row.event_id);
    if (ids.length === 0) return [];
    return db.selectFrom('domain_events').selectAll().where('id', 'in', ids).orderBy('recorded_at').orderBy('id').execute();
  },

  async dequeue(db: Db, eventIds: readonly string[]): Promise<void> {
    if (eventIds.length === 0) return;
    await db
      .deleteFrom('event_queue')
      .where('event_id', 'in', [...eventIds])
      .execute();
  },

  /** After a failed delivery: try again later, a little later each time (capped at 5 minutes). */
  async postpone(db: Db, eventIds: readonly string[], hostNow: number): Promise<void> {
    if (eventIds.length === 0) return;
    await db
      .updateTable('event_queue')
      .set({
        attempts: sql<number>`attempts + 1`,
        available_at: sql<number>`cast(${hostNow} as bigint) + case when attempts >= 8 then 300000 else 1000 * (1 << attempts) end`,
      })
      .where('event_id', 'in', [...eventIds])
      .execute();
  },

  async queuedCount(db: Db): Promise<number> {
    const row = await db
      .selectFrom('event_queue')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Inbox messages, one per event: a redelivered event adds nothing. */
  async insertInboxMessages(db: Db, messages: readonly Insertable<InboxMessageTable>[]): Promise<void> {
    if (messages.length === 0) return;
    await db
      .insertInto('inbox_messages')
      .values([...messages])
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
  },
};
