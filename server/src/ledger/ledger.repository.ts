import { sql, type Insertable } from 'kysely';
import type { Db } from '../db/database';
import type { LedgerEntryTable } from './ledger.table';

export const ledgerRepository = {
  async append(db: Db, entry: Insertable<LedgerEntryTable>): Promise<void> {
    await db.insertInto('ledger_entries').values(entry).execute();
  },

  /** Appends several entries in one statement. */
  async appendMany(db: Db, entries: readonly Insertable<LedgerEntryTable>[]): Promise<void> {
    if (entries.length === 0) return;
    await db.insertInto('ledger_entries').values([...entries]).execute();
  },

  /** Σ delta_krw of a voucher; cast so PostgreSQL answers bigint (a number) rather than numeric. */
  async sumDeltas(db: Db, voucherId: string): Promise<number> {
    const row = await db
      .selectFrom('ledger_entries')
      .select(sql<number>`cast(coalesce(sum(delta_krw), 0) as bigint)`.as('total'))
      .where('voucher_id', '=', voucherId)
      .executeTakeFirstOrThrow();
    return Number(row.total);
  },

  async balanceAfterPayment(db: Db, paymentId: string): Promise<number | undefined> {
    const row = await db
      .selectFrom('ledger_entries')
      .select('balance_after_krw')
      .where('payment_id', '=', paymentId)
      .where('kind', '=', 'payment')
      .executeTakeFirst();
    return row === undefined ? undefined : Number(row.balance_after_krw);
  },
};
