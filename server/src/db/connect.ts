import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect, type DialectAdapter } from 'kysely';
import type { Database } from './database';

export type DatabaseKind = 'sqlite' | 'postgres';

/**
 * SQLite runs DDL inside transactions, but Kysely's adapter says it does not, so its Migrator would
 * apply migrations statement by statement: a kill in the middle left a half-migrated database that
 * never started again. With this adapter every pending migration runs in one transaction, as on
 * PostgreSQL, and a kill at any statement leaves the database as it was before the migration.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class EvoucherSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  close(): Promise<void>;
}

const PG_INT8_OID = 20;

export interface OpenDatabaseOptions {
  /** postgres://… or null for SQLite. */
  readonly databaseUrl: string | null;
  readonly sqliteFile: string;
  readonly poolMax?: number;
  /** Told about errors of idle PostgreSQL connections (they are replaced, not fatal). */
  readonly onIdleError?: (error: Error) => void;
}

export function openDatabase(options: OpenDatabaseOptions): DatabaseHandle {
  if (options.databaseUrl) {
    // Money and epoch-ms times are bigint columns; every value fits in 2^53, so numbers are exact.
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolMax ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === PG_INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection dropped by the server (restart, failover) must not crash the host: the pool
    // discards it and opens a new one on the next query.
    pool.on('error', (error) => options.onIdleError?.(error));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  mkdirSync(path.dirname(options.sqliteFile), { recursive: true });
  const sqlite = new SQLite(options.sqliteFile);
  // WAL lets readers run beside the writer; FULL sync makes a committed payment survive a power cut.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new EvoucherSqliteDialect({ database: sqlite }) });
  return { db, kind: 'sqlite', close: () => db.destroy() };
}
