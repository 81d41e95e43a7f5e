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
