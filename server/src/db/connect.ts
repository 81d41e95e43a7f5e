import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type DialectAdapter, type SqliteDatabase } from 'kysely';
import type { Database } from './database';
import { startCheckpointer } from './sqlite-checkpointer';
import { EvoucherSqliteAdapter } from './sqlite-connection';

export type DatabaseKind = 'sqlite' | 'postgres';

/** SQLite with the host's adapter, which knows the one connection (db/sqlite-connection.ts). */
class EvoucherSqliteDialect extends SqliteDialect {
  constructor(private readonly connection: SqliteDatabase) {
    super({ database: connection });
  }

  override createAdapter(): DialectAdapter {
    return new EvoucherSqliteAdapter(this.connection);
  }
}

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  close(): Promise<void>;
}

const PG_INT8_OID = 20;
/** WAL pages after which the host's own connection checkpoints (the worker normally has long before). */
const BACKSTOP_CHECKPOINT_PAGES = 16_384;
/** Prepared statements kept per connection (SQLite) — enough for every distinct query the host runs. */
const STATEMENT_CACHE_SIZE = 2_000;

/**
 * better-sqlite3 behind Kysely prepares every query anew; preparing is most of the cost of a small
 * statement. The host runs the same few hundred statements over and over, so each is prepared once
 * and kept (least recently used first out). A statement is reusable as long as no iterator is open
 * on it, and Kysely iterates only when asked to stream, which the host never does.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}

const statementNames = new Map<string, string>();
/** Distinct statement texts whose names are kept; past it the map starts over (names are recomputed, not lost). */
const STATEMENT_NAMES_KEPT = 5_000;

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `k${createHash('sha1').update(text).digest('hex')}`;
    if (statementNames.size >= STATEMENT_NAMES_KEPT) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

/**
 * pg parses and plans an unnamed statement on every call. Named, a statement is prepared once per
 * connection and then only bound and executed; the name is a hash of its text (kept per text, so
 * it is computed once), and the same SQL on any connection of the pool is the same statement.
 * Statements without parameters (BEGIN, COMMIT) stay unnamed. Inside a transaction a failed
 * statement aborts it either way, so the fallback below only ever helps a statement outside one.
 */
function nameStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (config: unknown, values?: unknown) => Promise<unknown>;
  (client as unknown as { query: typeof query }).query = (config, values) => {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
      return query({ name: statementName(config), text: config, values }).catch((error: unknown) => {
        // Another process changed the schema under a prepared SELECT * ("cached plan must not change
        // result type"): this once, run it unnamed; PostgreSQL re-plans the named one on its next use.
        if ((error as { code?: unknown }).code === '0A000') return query(config, values);
        throw error;
      });
    }
    return query(config, values);
  };
}

export interface OpenDatabaseOptions {
  /** postgres://… or null for SQLite. */
  readonly databaseUrl: string | null;
  readonly sqliteFile: string;
  readonly poolMax?: number;
  /** Told about errors of idle PostgreSQL connections (they are replaced, not fatal). */
  readonly onIdleError?: (error: Error) => void;
  /** Told when a background WAL checkpoint fails (SQLite; the backstop checkpoint still runs). */
  readonly onCheckpointError?: (error: Error) => void;
}

export function openDatabase(options: OpenDatabaseOptions): DatabaseHandle {
  if (options.databaseUrl) {
    // Money and epoch-ms times are bigint columns; every value fits in 2^53, so numbers are exact.
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolMax ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === PG_INT8_OID ? Number : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection dropped by the server (restart, failover) must not crash the host: the pool
    // discards it and opens a new one on the next query.
    pool.on('error', (error) => options.onIdleError?.(error));
    pool.on('connect', nameStatements);
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
  // Checkpoints are the worker's (db/sqlite-checkpointer.ts); this connection checkpoints only as a
  // backstop, once the WAL holds this many pages (64 MiB of 4 KiB pages).
  sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  const checkpointer = startCheckpointer(options.sqliteFile, options.onCheckpointError);
  const db = new Kysely<Database>({ dialect: new EvoucherSqliteDialect(withStatementCache(sqlite)) });
  return {
    db,
    kind: 'sqlite',
    close: async () => {
      await checkpointer.stop();
      await db.destroy();
    },
  };
}
