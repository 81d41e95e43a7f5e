import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/database';
import type { VoucherTable } from './voucher.table';

export type VoucherRow = Selectable<VoucherTable>;

export const voucherRepository = {
  findForMonth(db: Db, recipientId: string, programId: string, month: string): Promise<VoucherRow | undefined> {
    return db
      .selectFrom('vouchers')
      .selectAll()
      .where('recipient_id', '=', recipientId)
      .where('program_id', '=', programId)
      .where('month', '=', month)
      .executeTakeFirst();
  },

  /** The vouchers of some recipients for some programs and months, in one query (a sync batch). */
  findForRecipients(db: Db, recipientIds: readonly string[], programIds: readonly string[], months: readonly string[]): Promise<VoucherRow[]> {
    if (recipientIds.length === 0 || programIds.length === 0 || months.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('vouchers')
      .selectAll()
      .where('recipient_id', 'in', [...new Set(recipientIds)])
      .where('program_id', 'in', [...new Set(programIds)])
      .where('month', 'in', [...new Set(months)])
      .execute();
  },

  findById(db: Db, id: string): Promise<VoucherRow | undefined> {
    return db.selectFrom('vouchers').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Inserts a voucher unless (recipient, program, month) already has one; true when inserted. */
  async insertIfMissing(db: Db, voucher: Insertable<VoucherTable>): Promise<boolean> {
    const result = await db
      .insertInto('vouchers')
      .values(voucher)
      .onConflict((oc) => oc.columns(['recipient_id', 'program_id', 'month']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  },

  /**
   * Takes the amount off the balance only if the balance covers it, in one statement: the row
   * lock (PostgreSQL) or the single writer (SQLite) serializes concurrent payments, and the
   * condition is re-checked on the latest row, so the balance never goes below zero.
   * Returns the new balance, or undefined when the balance was short.
   */
  async chargeIfCovered(db: Db, voucherId: string, amountKrw: number): Promise<number | undefined> {
    const row = await db
      .updateTable('vouchers')
      .set((eb) => ({ balance_krw: eb('balance_krw', '-', amountKrw) }))
      .where('id', '=', voucherId)
      .where('balance_krw', '>=', amountKrw)
      .returning('balance_krw')
      .executeTakeFirst();
    return row === undefined ? undefined : Number(row.balance_krw);
  },
};
