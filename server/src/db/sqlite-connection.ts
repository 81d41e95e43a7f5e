import { SqliteAdapter, type SqliteDatabase } from 'kysely';
import type { Db } from './database';

/**
 * The adapter of the host's SQLite dialect. It also holds the one connection of the database, so
 * that code running inside a transaction (which holds that connection) can run its statements
 * synchronously on it (db/insert-rows.ts).
 *
 * SQLite runs DDL inside transactions, but Kysely's adapter says it does not, so its Migrator would
 * apply migrations statement by statement: a kill in the middle left a half-migrated database that
 * never started again. With this adapter every pending migration runs in one transaction, as on
 * PostgreSQL, and a kill at any statement leaves the database as it was before the migration.
 */
export class EvoucherSqliteAdapter extends SqliteAdapter {
  constructor(readonly connection: SqliteDatabase) {
    super();
  }

  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** The SQLite connection behind a database or transaction, or null on PostgreSQL. */
export function sqliteConnectionOf(db: Db): SqliteDatabase | null {
  const adapter = db.getExecutor().adapter;
  return adapter instanceof EvoucherSqliteAdapter ? adapter.connection : null;
}
