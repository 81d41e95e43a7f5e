import { sql } from 'kysely';
import type { Db } from '../db/database';

/** Reads of the ledger; it is written only by the Book (ledger.ts). */
export const ledgerRepository = {
  /** Σ delta_krw of a voucher; cast so PostgreSQL answers bigint (a number) rather than numeric. */
  async sumDeltas(db: Db, voucherId: string): Promise<number> {
    const row = await db
      .selectFrom('ledger_entries')
      .select(sql<number>`cast(coalesce(sum(delta_krw), 0) as bigint)`.as('total'))
      .where('voucher_id', '=', voucherId)
      .executeTakeFirstOrThrow();
    return Number(row.total);
  },
};
