import { sql, type Kysely } from 'kysely';

/**
 * 제공인력카드 (issue 9, item 2): 가사간병방문지원 is entered with the worker's card instead of the
 * 결제 ID on a shared terminal. A worker card is an NDEF tag the institution writes with an opaque
 * token, with a 16-digit number to type where a device has no NFC — like a recipient's card, but
 * naming a worker. Its own table rather than columns of workers: a lost card is revoked and a new
 * one issued while the old token stays known (and refused). Additive only, so it runs on a live
 * database inside the one migration transaction on both engines.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('worker_cards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('card_number', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'revoked')`))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('worker_cards_worker_idx').on('worker_cards').column('worker_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('worker_cards').execute();
}
