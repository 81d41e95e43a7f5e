import { sql, type Kysely } from 'kysely';

/**
 * Offline-captured payments (SPEC §5.8, issue 3). Additive only, so it runs on a live database:
 * - payments.reason: the 소급결제사유 a payment carries ('dead-zone' = 통신음영지역 for offline captures);
 * - payments.flagged_for_review: 1 when the host recorded a capture it would rather a person looked at
 *   (later than the offline window, or past the per-device caps), with the why in review_reasons;
 * - sync_refusals: the audit row of an offline capture refused before it reached a voucher (unknown
 *   card, no contract, wrong amount…); it also makes a resent refused capture answer the same refusal.
 * An offline payment's card read is kept as an already-expired lookup row, so payments.lookup_id
 * stays NOT NULL without rebuilding the table on SQLite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('payments').addColumn('reason', 'text').execute();
  await db.schema
    .alterTable('payments')
    .addColumn('flagged_for_review', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('payments').addColumn('review_reasons', 'text').execute();
  await db.schema
    .createIndex('payments_flagged_idx')
    .on('payments')
    .column('institution_id')
    .where(sql.raw<boolean>('flagged_for_review = 1'))
    .execute();

  await db.schema
    .createTable('sync_refusals')
    .addColumn('payment_id', 'text', (c) => c.primaryKey())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('terminal_id', 'text', (c) => c.notNull().references('terminals.id'))
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('captured_at', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sync_refusals').execute();
  await db.schema.dropIndex('payments_flagged_idx').execute();
  await db.schema.alterTable('payments').dropColumn('review_reasons').execute();
  await db.schema.alterTable('payments').dropColumn('flagged_for_review').execute();
  await db.schema.alterTable('payments').dropColumn('reason').execute();
}
