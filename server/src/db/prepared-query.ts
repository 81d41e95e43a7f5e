/**
 * Queries of fixed shape that run on every request (the session, the voucher screen of a payment)
 * built and compiled by Kysely once per database dialect, then only given their parameters: a
 * Kysely query is otherwise rebuilt and recompiled on every call, which cost more than running
 * it. The same SQL text each time is also what lets SQLite's statement cache and PostgreSQL's
 * named statements (db/connect.ts) find it at once.
 *
 *   const findSession = preparedQuery((db, tokenHash: string) =>
 *     db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash));
 *   const [row] = await findSession(db, hash);
 *
 * The builder must use each parameter as a single value (`=`, a join condition, a set value); a
 * list (`in`) or a parameter that changes the query's shape cannot be prepared.
 */
import { createQueryId, type Compilable, type CompiledQuery, type DialectAdapter } from 'kysely';
import type { Db } from './database';

const SLOT = Symbol('preparedQuery.slot');

interface Slot {
  readonly [SLOT]: number;
}

const isSlot = (value: unknown): value is Slot => typeof value === 'object' && value !== null && SLOT in value;

interface Template<R> {
  readonly compiled: CompiledQuery<R>;
  /** For each compiled parameter: the index of the call's argument, or -1 for a constant of the query. */
  readonly slots: readonly number[];
}

export function preparedQuery<A extends readonly unknown[], R>(
  build: (db: Db, ...params: A) => Compilable<R>,
): (db: Db, ...params: A) => Promise<R[]> {
  // Per dialect adapter: SQLite and PostgreSQL compile to different SQL.
  const templates = new WeakMap<DialectAdapter, Template<R>>();

  const templateFor = (db: Db, arity: number): Template<R> => {
    const adapter = db.getExecutor().adapter;
    let template = templates.get(adapter);
    if (template) return template;
    const slots = Array.from({ length: arity }, (_, index): Slot => ({ [SLOT]: index }));
    const compiled = build(db, ...(slots as unknown as A)).compile();
    const used = compiled.parameters.map((parameter) => (isSlot(parameter) ? parameter[SLOT] : -1));
    if (new Set(used.filter((index) => index >= 0)).size !== arity) {
      throw new Error('preparedQuery: every parameter must be used as a single value');
    }
    template = { compiled, slots: used };
    templates.set(adapter, template);
    return template;
  };

  return async (db, ...params) => {
    const { compiled, slots } = templateFor(db, params.length);
    const parameters = compiled.parameters.map((constant, at) => {
      const slot = slots[at]!;
      return slot < 0 ? constant : params[slot];
    });
    const result = await db.executeQuery<R>({ ...compiled, parameters, queryId: createQueryId() });
    return result.rows;
  };
}
