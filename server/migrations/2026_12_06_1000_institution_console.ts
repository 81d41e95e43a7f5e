import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * The institution console (issue 12). Additive only, so it runs on a live database:
 * - administrators / admin_sessions: the institution's administrator is a principal of their own
 *   (login id + scrypt password), with sessions of their own that store only a hash of the cookie
 *   token — a worker's session never opens an admin route, nor an admin's a worker route.
 * - admin_audit: every console action and every refused one (who, what, on what, when, from
 *   which address), append-only by trigger like the money tables.
 * - workers.deactivated_at: a worker taken out of service (login refused, sessions ended).
 * - worker_programs: the programs a worker may bill; none listed = every program of the institution.
 * - cards.revoked_at: when a card was stopped (lost, replaced).
 * - terminals.app_version: the 결제버전 the installed app last registered with.
 * - payments (institution_id, recorded_at): the console's lists and exports read a period of one
 *   institution's payments in record order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('administrators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id'))
    .addColumn('login_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('admin_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('admin_id', 'text', (c) => c.notNull().references('administrators.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('admin_sessions_admin_idx').on('admin_sessions').column('admin_id').execute();

  await db.schema
    .createTable('admin_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text')
    .addColumn('admin_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('ok', 'refused')`))
    .addColumn('detail', 'text')
    .addColumn('ip', 'text')
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('admin_audit_institution_idx').on('admin_audit').columns(['institution_id', 'recorded_at']).execute();
  await db.schema.createIndex('admin_audit_target_idx').on('admin_audit').column('target').execute();

  await db.schema.alterTable('workers').addColumn('deactivated_at', 'bigint').execute();
  await db.schema
    .createTable('worker_programs')
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('worker_programs_pk', ['worker_id', 'program_id'])
    .execute();

  await db.schema.alterTable('cards').addColumn('revoked_at', 'bigint').execute();
  await db.schema.alterTable('terminals').addColumn('app_version', 'text').execute();
  await db.schema.createIndex('payments_institution_recorded_idx').on('payments').columns(['institution_id', 'recorded_at', 'id']).execute();

  // The audit trail is append-only in the database itself, as the money history is (migration 0003's
  // trigger function, written out here for SQLite).
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`create trigger admin_audit_no_update before update on admin_audit
      begin select raise(abort, 'admin_audit is append-only'); end`.execute(db);
    await sql`create trigger admin_audit_no_delete before delete on admin_audit
      begin select raise(abort, 'admin_audit is append-only'); end`.execute(db);
  } else {
    await sql`create trigger admin_audit_append_only before update or delete on admin_audit
      for each row execute function evoucher_append_only()`.execute(db);
    await sql`create trigger admin_audit_no_truncate before truncate on admin_audit
      for each statement execute function evoucher_append_only()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('payments_institution_recorded_idx').execute();
  await db.schema.alterTable('terminals').dropColumn('app_version').execute();
  await db.schema.alterTable('cards').dropColumn('revoked_at').execute();
  await db.schema.dropTable('worker_programs').execute();
  await db.schema.alterTable('workers').dropColumn('deactivated_at').execute();
  await db.schema.dropTable('admin_audit').execute();
  await db.schema.dropTable('admin_sessions').execute();
  await db.schema.dropTable('administrators').execute();
}
