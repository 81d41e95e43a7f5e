import { sql, type Kysely } from 'kysely';

/**
 * Terminal modes (issue 11). Additive only, so it runs on a live database:
 * - terminals.last_seen_at: the last 등록 확인 of the installed app (every start), so an institution
 *   tells a terminal in use from one left behind (a re-install on the same device takes the old
 *   terminal's number over: see terminal.service.ts);
 * - terminals.profile: 'personal' (a worker's phone: the worker logs in) or 'shared' (a care-centre
 *   tablet: the institution's terminal stays signed in and every payment names its worker by the
 *   제공인력 결제 ID); terminals.shared_workers: 'all' workers of the institution may use a shared
 *   terminal, or only those 'listed' in terminal_workers;
 * - lookups.needs_worker: 1 for a voucher screen opened on a shared terminal until the worker who
 *   entered their ID is bound to it; nothing may be started or paid on it before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('terminals').addColumn('last_seen_at', 'bigint').execute();
  await db.schema
    .alterTable('terminals')
    .addColumn('profile', 'text', (c) => c.notNull().defaultTo('personal').check(sql`profile in ('personal', 'shared')`))
    .execute();
  await db.schema
    .alterTable('terminals')
    .addColumn('shared_workers', 'text', (c) => c.notNull().defaultTo('all').check(sql`shared_workers in ('all', 'listed')`))
    .execute();
  await sql`update terminals set last_seen_at = registered_at`.execute(db);
  await db.schema.createIndex('terminals_institution_idx').on('terminals').column('institution_id').execute();

  await db.schema
    .createTable('terminal_workers')
    .addColumn('terminal_id', 'text', (c) => c.notNull().references('terminals.id'))
    .addColumn('worker_id', 'text', (c) => c.notNull().references('workers.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('terminal_workers_pk', ['terminal_id', 'worker_id'])
    .execute();

  await db.schema
    .alterTable('lookups')
    .addColumn('needs_worker', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('sessions_terminal_idx').on('sessions').column('terminal_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sessions_terminal_idx').execute();
  await db.schema.alterTable('lookups').dropColumn('needs_worker').execute();
  await db.schema.dropTable('terminal_workers').execute();
  await db.schema.dropIndex('terminals_institution_idx').execute();
  await db.schema.alterTable('terminals').dropColumn('shared_workers').execute();
  await db.schema.alterTable('terminals').dropColumn('profile').execute();
  await db.schema.alterTable('terminals').dropColumn('last_seen_at').execute();
}
