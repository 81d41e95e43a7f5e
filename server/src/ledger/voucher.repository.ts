import type { Selectable } from 'kysely';
import type { Db } from '../db/database';
import type { VoucherTable } from './voucher.table';

export type VoucherRow = Selectable<VoucherTable>;

/** A voucher with what a receipt names: its recipient, and the paying institution. */
export interface VoucherForReceipt extends VoucherRow {
  recipient_name: string;
  institution_name: string;
}

export const voucherRepository = {
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
};
