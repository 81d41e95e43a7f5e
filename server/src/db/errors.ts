/**
 * Whether a database error is a unique-constraint violation on a column, on either engine:
 * better-sqlite3 says "UNIQUE constraint failed: table.column", pg gives SQLSTATE 23505 and the
 * constraint name (which Kysely/PostgreSQL derive from the column).
 */
export function isUniqueViolation(error: unknown, column: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; constraint?: unknown; detail?: unknown };
  const isUnique = e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  if (!isUnique) return false;
  return [e.message, e.constraint, e.detail].some((text) => typeof text === 'string' && text.includes(column));
}

/**
 * Whether PostgreSQL broke a lock cycle by aborting this transaction (SQLSTATE 40P01). Retrying the
 * whole transaction is safe: nothing of it was committed. SQLite has one writer and cannot deadlock.
 */
export function isDeadlock(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '40P01';
}
