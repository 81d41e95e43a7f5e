import type { Kysely } from 'kysely';

/**
 * What still waits on a device (institution console, 단말기): each device reports how many commands
 * its outbox holds whenever it refreshes its snapshot — at start, after every sync — so the
 * console can show the pending offline count of a terminal as last reported, and when.
 * Additive only, so it runs on a live database.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('terminals').addColumn('pending_count', 'integer').execute();
  await db.schema.alterTable('terminals').addColumn('pending_reported_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('terminals').dropColumn('pending_reported_at').execute();
  await db.schema.alterTable('terminals').dropColumn('pending_count').execute();
}
