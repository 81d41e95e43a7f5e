import { sql, type Kysely } from 'kysely';

/**
 * The first schema. Portable to SQLite and PostgreSQL: text ids, bigint for money and epoch-ms
 * times, integer flags, CHECKs for the few invariants a bug must never get past (balance ≥ 0).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('institutions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('workers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('payment_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('workers_institution_payment_id_unique', ['institution_id', 'payment_id'])
    .execute();

  await db.schema
    .createTable('terminals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull().unique())
    .addColumn('terminal_number', 'text', (c) => c.notNull().unique())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('institution_id', 'text', (c) => c.references('institutions.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'revoked')`))
    .addColumn('registered_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('terminal_id', 'text', (c) => c.notNull().references('terminals.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('auto_login', 'integer', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('sessions_worker_idx').on('sessions').column('worker_id').execute();

  await db.schema
    .createTable('recipients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('recipients.id'))
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('card_number', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'revoked')`))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('contracts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id'))
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('recipients.id'))
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('contracts_triple_unique', ['institution_id', 'recipient_id', 'program_id'])
    .execute();

  await db.schema
    .createTable('vouchers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('recipients.id'))
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('granted_krw', 'bigint', (c) => c.notNull().check(sql`granted_krw >= 0`))
    .addColumn('balance_krw', 'bigint', (c) => c.notNull().check(sql`balance_krw >= 0`))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('vouchers_recipient_program_month_unique', ['recipient_id', 'program_id', 'month'])
    .execute();

  await db.schema
    .createTable('lookups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('terminal_id', 'text', (c) => c.notNull().references('terminals.id'))
    .addColumn('voucher_id', 'text', (c) => c.notNull().references('vouchers.id'))
    .addColumn('card_read', 'text', (c) => c.notNull().check(sql`card_read in ('nfc', 'typed')`))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('approval_number', 'text', (c) => c.unique())
    .addColumn('voucher_id', 'text', (c) => c.notNull().references('vouchers.id'))
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('terminal_id', 'text', (c) => c.notNull().references('terminals.id'))
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id'))
    .addColumn('lookup_id', 'text', (c) => c.notNull().references('lookups.id'))
    .addColumn('open_service_id', 'text')
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('card_read', 'text', (c) => c.notNull())
    .addColumn('service_start_at', 'bigint', (c) => c.notNull())
    .addColumn('service_end_at', 'bigint', (c) => c.notNull())
    .addColumn('service_date', 'text', (c) => c.notNull())
    .addColumn('minutes_by_type', 'text', (c) => c.notNull())
    .addColumn('amount_krw', 'bigint', (c) => c.notNull().check(sql`amount_krw > 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('approved', 'refused')`))
    .addColumn('refusal_code', 'text')
    .addColumn('device_at', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payments_worker_recorded_idx').on('payments').columns(['worker_id', 'recorded_at']).execute();
  await db.schema.createIndex('payments_voucher_idx').on('payments').column('voucher_id').execute();

  await db.schema
    .createTable('open_services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('lookup_id', 'text', (c) => c.notNull().references('lookups.id'))
    .addColumn('voucher_id', 'text', (c) => c.notNull().references('vouchers.id'))
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('terminal_id', 'text', (c) => c.notNull().references('terminals.id'))
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('device_started_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_by_payment_id', 'text', (c) => c.references('payments.id'))
    .addColumn('abandoned_at', 'bigint')
    .execute();
  // At most one open service per voucher, enforced by the database so two taps cannot both start one.
  await db.schema
    .createIndex('open_services_one_open_per_voucher')
    .unique()
    .on('open_services')
    .column('voucher_id')
    .where(sql.raw<boolean>('closed_by_payment_id is null and abandoned_at is null'))
    .execute();

  await db.schema
    .createTable('ledger_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('voucher_id', 'text', (c) => c.notNull().references('vouchers.id'))
    .addColumn('payment_id', 'text', (c) => c.references('payments.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('grant', 'payment', 'cancel', 'adjustment')`))
    .addColumn('delta_krw', 'bigint', (c) => c.notNull())
    .addColumn('balance_after_krw', 'bigint', (c) => c.notNull().check(sql`balance_after_krw >= 0`))
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('ledger_entries_payment_kind_unique', ['payment_id', 'kind'])
    .execute();
  await db.schema.createIndex('ledger_entries_voucher_idx').on('ledger_entries').column('voucher_id').execute();

  await db.schema
    .createTable('tariff_rows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('service_type_id', 'text')
    .addColumn('rate', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('price_krw', 'bigint', (c) => c.notNull().check(sql`price_krw >= 0`))
    .addColumn('min_minutes', 'integer')
    .addColumn('max_minutes', 'integer')
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('effective_until', 'text')
    .execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'rate_limits',
    'tariff_rows',
    'ledger_entries',
    'open_services',
    'payments',
    'lookups',
    'vouchers',
    'contracts',
    'cards',
    'recipients',
    'sessions',
    'terminals',
    'workers',
    'institutions',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
