/**
 * The inserts of the posting path — a hundred commands, payments, card reads, ledger entries and
 * events per sync batch — written without the query builder. Building and compiling a Kysely
 * insert of a hundred rows walks every value twice; here the SQL of each shape (table, columns,
 * row count) is written once and kept, and only the values are bound.
 *
 *   - SQLite, inside a transaction: one prepared single-row statement run synchronously per row on
 *     the transaction's own connection (the driver's only one, held by the transaction). SQLite
 *     runs a single-row insert faster than one row of a many-row VALUES list, and nothing is
 *     awaited per row.
 *   - PostgreSQL, and SQLite outside a transaction: one multi-row statement, one round trip.
 */
import { CompiledQuery, type Insertable } from 'kysely';
import type { Database, Db } from './database';
import { sqliteConnectionOf } from './sqlite-connection';

type Table = keyof Database & string;
type Row<T extends Table> = Insertable<Database[T]>;

/** Statement texts kept (shapes are few: a dozen tables times the row counts of a batch). */
const TEXT_CACHE_SIZE = 2_000;
const texts = new Map<string, string>();

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

interface Shape {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rowCount: number;
  readonly postgres: boolean;
  /** `on conflict (key) do nothing`, and `returning key` when the inserted keys are wanted. */
  readonly conflictKey: string | null;
  readonly returning: boolean;
}

function statementText({ table, columns, rowCount, postgres, conflictKey, returning }: Shape): string {
  const cacheKey = `${postgres ? 'pg' : 'sqlite'} ${table} ${columns.join(',')} ${rowCount} ${conflictKey ?? ''} ${returning}`;
  let text = texts.get(cacheKey);
  if (text !== undefined) return text;
  let n = 0;
  const placeholders = (): string => `(${columns.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`;
  text = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${Array.from({ length: rowCount }, placeholders).join(', ')}`;
  if (conflictKey !== null) text += ` on conflict (${quote(conflictKey)}) do nothing`;
  if (conflictKey !== null && returning) text += ` returning ${quote(conflictKey)}`;
  if (texts.size >= TEXT_CACHE_SIZE) texts.clear();
  texts.set(cacheKey, text);
  return text;
}

function columnsOf<T extends Table>(rows: readonly Row<T>[]): string[] {
  const columns = Object.keys(rows[0]!);
  for (const row of rows) {
    if (Object.keys(row).length !== columns.length) throw new Error('insertRows: every row must set the same columns');
  }
  return columns;
}

function valuesOf(row: object, columns: readonly string[]): unknown[] {
  const record = row as Record<string, unknown>;
  return columns.map((column) => {
    if (!(column in record)) throw new Error(`insertRows: a row has no ${column}`);
    return record[column] ?? null;
  });
}

async function write<T extends Table>(db: Db, table: T, rows: readonly Row<T>[], conflictKey: string | null): Promise<Set<unknown>> {
  const inserted = new Set<unknown>();
  if (rows.length === 0) return inserted;
  const columns = columnsOf(rows);
  const sqlite = sqliteConnectionOf(db);
  if (sqlite !== null && db.isTransaction) {
    const statement = sqlite.prepare(statementText({ table, columns, rowCount: 1, postgres: false, conflictKey, returning: false }));
    const keyAt = conflictKey === null ? -1 : columns.indexOf(conflictKey);
    for (const row of rows) {
      const values = valuesOf(row, columns);
      // With `on conflict do nothing`, a row that changed nothing was already stored.
      if (Number(statement.run(values).changes) === 1 && keyAt >= 0) inserted.add(values[keyAt]);
    }
    return inserted;
  }
  const text = statementText({ table, columns, rowCount: rows.length, postgres: sqlite === null, conflictKey, returning: conflictKey !== null });
  const result = await db.executeQuery<Record<string, unknown>>(
    CompiledQuery.raw(
      text,
      rows.flatMap((row) => valuesOf(row, columns)),
    ),
  );
  if (conflictKey !== null) for (const row of result.rows) inserted.add(row[conflictKey]);
  return inserted;
}

/** Inserts rows (each setting the same columns), in the given order. */
export async function insertRows<T extends Table>(db: Db, table: T, rows: readonly Row<T>[]): Promise<void> {
  await write(db, table, rows, null);
}

/**
 * Inserts the rows whose key is not stored yet, in the given order, leaving stored ones as they
 * are; answers the keys this call inserted.
 */
export async function insertNewRows<T extends Table, K extends keyof Row<T> & string>(
  db: Db,
  table: T,
  rows: readonly Row<T>[],
  key: K,
): Promise<Set<Row<T>[K]>> {
  return (await write(db, table, rows, key)) as Set<Row<T>[K]>;
}
