import { sql, type Kysely } from 'kysely';

/**
 * Visits belong to their worker (issue 9, item 3). A 서비스 시작 is the acting worker's visit on a
 * voucher, not the voucher's: 활동보조 2인이상 has two workers, each with their own visit on one
 * recipient at the same time.
 * - the partial unique index allowing one open service per voucher becomes one per (voucher, worker),
 *   so two taps of one worker still cannot both start a service, and two workers each can;
 * - service_discards: the audit row of a 시작 취소 (who, when, on which terminal, which start). The
 *   discarded service is put aside (open_services.abandoned_at), so a new start is not blocked.
 * Like every migration it runs inside the one migration transaction on both engines.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('open_services_one_open_per_voucher').execute();
  await db.schema
    .createIndex('open_services_one_open_per_worker')
    .unique()
    .on('open_services')
    .columns(['voucher_id', 'worker_id'])
    .where(sql.raw<boolean>('closed_by_payment_id is null and abandoned_at is null'))
    .execute();

  await db.schema
    .createTable('service_discards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('open_service_id', 'text', (c) => c.notNull().unique().references('open_services.id'))
    .addColumn('voucher_id', 'text', (c) => c.notNull().references('vouchers.id'))
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('terminal_id', 'text', (c) => c.notNull().references('terminals.id'))
    .addColumn('lookup_id', 'text', (c) => c.notNull().references('lookups.id'))
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('device_at', 'bigint', (c) => c.notNull())
    .addColumn('discarded_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_discards_worker_idx').on('service_discards').columns(['worker_id', 'discarded_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('service_discards').execute();
  await db.schema.dropIndex('open_services_one_open_per_worker').execute();
  await db.schema
    .createIndex('open_services_one_open_per_voucher')
    .unique()
    .on('open_services')
    .column('voucher_id')
    .where(sql.raw<boolean>('closed_by_payment_id is null and abandoned_at is null'))
    .execute();
}
