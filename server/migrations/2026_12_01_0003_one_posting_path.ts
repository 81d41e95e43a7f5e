import { createHash } from 'node:crypto';
import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * One posting path (issues 6 and 7). Runs in one transaction on both engines, like every migration.
 * - commands: the one id space of device-made ids. Every payment (and next, every cancellation) a
 *   device sends has exactly one stored outcome under its id, whichever path it came by (online or
 *   sync): approved, or refused with its code. It replaces payments.status = 'refused' rows and the
 *   sync_refusals table, whose rows are copied here.
 * - domain_events + event_queue: a transactional outbox. Each committed money change writes its
 *   event in the same transaction; the host's relay hands queued events to the consumers after the
 *   commit (at least once, deduplicated by event id) and removes them from the queue.
 * - cancellations: 거래취소, one per payment at most (unique payment_id); the money comes back
 *   through a new ledger entry, the payment itself is never edited.
 * - inbox_messages: the first consumer, the recipient's 알림함 (one row per event, by event id).
 * - ledger_entries, payments, cancellations and domain_events refuse UPDATE and DELETE (triggers), so the money
 *   history is append-only by construction, not by convention.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('commands')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('payment', 'cancel')`))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('online', 'sync')`))
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('terminal_id', 'text', (c) => c.notNull().references('terminals.id'))
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id'))
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('approved', 'refused')`))
    .addColumn('code', 'text')
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commands_institution_recorded_idx').on('commands').columns(['institution_id', 'recorded_at']).execute();

  await sql`
    insert into commands (id, kind, channel, worker_id, terminal_id, institution_id, request_hash, fingerprint, status, code, recorded_at)
    select id, 'payment', case when mode = 'offline' then 'sync' else 'online' end, worker_id, terminal_id, institution_id,
           request_hash, null, status, refusal_code, recorded_at
    from payments`.execute(db);
  await sql`
    insert into commands (id, kind, channel, worker_id, terminal_id, institution_id, request_hash, fingerprint, status, code, recorded_at)
    select payment_id, 'payment', 'sync', worker_id, terminal_id, institution_id, request_hash, null, 'refused', code, recorded_at
    from sync_refusals
    where payment_id not in (select id from payments)`.execute(db);
  await fingerprintApprovedPayments(db);
  await db.schema.dropTable('sync_refusals').execute();

  await db.schema
    .createTable('cancellations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('payment_id', 'text', (c) => c.notNull().unique().references('payments.id'))
    .addColumn('voucher_id', 'text', (c) => c.notNull().references('vouchers.id'))
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('terminal_id', 'text', (c) => c.notNull().references('terminals.id'))
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('online', 'sync')`))
    .addColumn('amount_krw', 'bigint', (c) => c.notNull().check(sql`amount_krw > 0`))
    .addColumn('device_at', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cancellations_institution_recorded_idx').on('cancellations').columns(['institution_id', 'recorded_at']).execute();

  await db.schema
    .createTable('domain_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('institution_id', 'text')
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('recipients.id'))
    .addColumn('voucher_id', 'text', (c) => c.notNull().references('vouchers.id'))
    .addColumn('payment_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('domain_events_recipient_idx').on('domain_events').columns(['recipient_id', 'recorded_at']).execute();

  await db.schema
    .createTable('event_queue')
    .addColumn('event_id', 'text', (c) => c.primaryKey().references('domain_events.id'))
    .addColumn('available_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('event_queue_available_idx').on('event_queue').column('available_at').execute();

  await db.schema
    .createTable('inbox_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().unique().references('domain_events.id'))
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('recipients.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .execute();
  await db.schema.createIndex('inbox_messages_recipient_idx').on('inbox_messages').columns(['recipient_id', 'created_at']).execute();

  for (const table of APPEND_ONLY_TABLES) await refuseChanges(db, table);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  for (const table of APPEND_ONLY_TABLES) {
    if (sqlite) {
      await sql`drop trigger if exists ${sql.raw(`${table}_no_update`)}`.execute(db);
      await sql`drop trigger if exists ${sql.raw(`${table}_no_delete`)}`.execute(db);
    } else {
      await sql`drop trigger if exists ${sql.raw(`${table}_append_only`)} on ${sql.table(table)}`.execute(db);
      await sql`drop trigger if exists ${sql.raw(`${table}_no_truncate`)} on ${sql.table(table)}`.execute(db);
    }
  }
  if (!sqlite) await sql`drop function if exists evoucher_append_only()`.execute(db);
  await db.schema.dropTable('inbox_messages').execute();
  await db.schema.dropTable('event_queue').execute();
  await db.schema.dropTable('domain_events').execute();
  await db.schema.dropTable('cancellations').execute();
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
  await db.schema.dropTable('commands').execute();
}

export const APPEND_ONLY_TABLES = ['ledger_entries', 'payments', 'cancellations', 'domain_events'] as const;

/** Makes the database itself refuse UPDATE and DELETE (and on PostgreSQL TRUNCATE) on a table. */
async function refuseChanges(db: Kysely<unknown>, table: string): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    for (const [verb, name] of [
      ['update', `${table}_no_update`],
      ['delete', `${table}_no_delete`],
    ] as const) {
      await sql`create trigger ${sql.raw(name)} before ${sql.raw(verb)} on ${sql.table(table)}
        begin select raise(abort, ${sql.lit(`${table} is append-only`)}); end`.execute(db);
    }
    return;
  }
  await sql`create or replace function evoucher_append_only() returns trigger language plpgsql as $$
    begin raise exception '% is append-only', tg_table_name using errcode = 'P0001'; end $$`.execute(db);
  await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
    for each row execute function evoucher_append_only()`.execute(db);
  await sql`create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
    for each statement execute function evoucher_append_only()`.execute(db);
}

/**
 * The fingerprint (see server/src/payments/fingerprint.ts) of each approved payment already
 * stored, so an online payment kept on a device as an offline capture under the same id is still
 * recognised after the upgrade. The formula is written out here, not imported: a migration must
 * keep doing what it did when it shipped.
 */
async function fingerprintApprovedPayments(db: Kysely<unknown>): Promise<void> {
  const rows = await sql<{
    id: string;
    worker_id: string;
    voucher_id: string;
    program_id: string;
    service_start_at: number | string;
    service_end_at: number | string;
    minutes_by_type: string;
    amount_krw: number | string;
  }>`select id, worker_id, voucher_id, program_id, service_start_at, service_end_at, minutes_by_type, amount_krw
     from payments where status = 'approved'`.execute(db);
  for (const row of rows.rows) {
    const minutes = Object.fromEntries(
      Object.entries(JSON.parse(row.minutes_by_type) as Record<string, number>)
        .filter(([, m]) => m > 0)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    const fingerprint = createHash('sha256')
      .update(
        JSON.stringify([
          'payment',
          row.worker_id,
          row.voucher_id,
          row.program_id,
          Number(row.service_start_at),
          Number(row.service_end_at),
          minutes,
          Number(row.amount_krw),
        ]),
      )
      .digest('hex');
    await sql`update commands set fingerprint = ${fingerprint} where id = ${row.id}`.execute(db);
  }
}
