import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/database';
import type { PaymentTable } from './payment.table';

export type PaymentRow = Selectable<PaymentTable>;

/** A payment with what its receipt shows: names come from their own tables, the balance from the ledger. */
export interface ReceiptRow extends PaymentRow {
  institution_name: string;
  recipient_name: string;
  balance_after_krw: number | null;
}

/** A payment with the balance its ledger entry left (null when it has none: a refused payment). */
export interface StoredPaymentRow extends PaymentRow {
  balance_after_krw: number | null;
}

export interface TodayRow {
  id: string;
  approval_number: string | null;
  program_id: string;
  recipient_name: string;
  service_start_at: number;
  service_end_at: number;
  amount_krw: number;
}

export const paymentRepository = {
  findById(db: Db, id: string): Promise<PaymentRow | undefined> {
    return db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** The payments of some ids, each with its ledger balance_after_krw, in one query (a sync batch). */
  async findStoredByIds(db: Db, ids: readonly string[]): Promise<StoredPaymentRow[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('payments')
      .leftJoin('ledger_entries', (join) =>
        join.onRef('ledger_entries.payment_id', '=', 'payments.id').on('ledger_entries.kind', '=', 'payment'),
      )
      .selectAll('payments')
      .select('ledger_entries.balance_after_krw as balance_after_krw')
      .where('payments.id', 'in', [...new Set(ids)])
      .execute();
    return rows.map((row) => ({ ...row, balance_after_krw: row.balance_after_krw === null ? null : Number(row.balance_after_krw) }));
  },

  /**
   * The idempotent insert of several payments in one statement, rows written in the given order;
   * answers the ids it inserted (an id already stored is a resubmission and is left as it is).
   */
  async insertManyIfNew(db: Db, payments: readonly Insertable<PaymentTable>[]): Promise<Set<string>> {
    if (payments.length === 0) return new Set();
    const rows = await db
      .insertInto('payments')
      .values([...payments])
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    return new Set(rows.map((row) => row.id));
  },

  /** The idempotent insert: false when a payment with this id already exists (a resubmission). */
  async insertIfNew(db: Db, payment: Insertable<PaymentTable>): Promise<boolean> {
    const result = await db
      .insertInto('payments')
      .values(payment)
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  },

  async markRefused(db: Db, id: string, refusalCode: string): Promise<void> {
    await db
      .updateTable('payments')
      .set({ status: 'refused', refusal_code: refusalCode, approval_number: null })
      .where('id', '=', id)
      .execute();
  },

  findReceiptRow(db: Db, id: string): Promise<ReceiptRow | undefined> {
    return db
      .selectFrom('payments')
      .innerJoin('institutions', 'institutions.id', 'payments.institution_id')
      .innerJoin('vouchers', 'vouchers.id', 'payments.voucher_id')
      .innerJoin('recipients', 'recipients.id', 'vouchers.recipient_id')
      .leftJoin('ledger_entries', (join) =>
        join.onRef('ledger_entries.payment_id', '=', 'payments.id').on('ledger_entries.kind', '=', 'payment'),
      )
      .selectAll('payments')
      .select([
        'institutions.name as institution_name',
        'recipients.name as recipient_name',
        'ledger_entries.balance_after_krw as balance_after_krw',
      ])
      .where('payments.id', '=', id)
      .executeTakeFirst();
  },

  /** A worker's approved payments recorded in [fromAt, untilAt), newest first. */
  listApprovedForWorker(db: Db, workerId: string, fromAt: number, untilAt: number): Promise<TodayRow[]> {
    return db
      .selectFrom('payments')
      .innerJoin('vouchers', 'vouchers.id', 'payments.voucher_id')
      .innerJoin('recipients', 'recipients.id', 'vouchers.recipient_id')
      .select([
        'payments.id',
        'payments.approval_number',
        'payments.program_id',
        'recipients.name as recipient_name',
        'payments.service_start_at',
        'payments.service_end_at',
        'payments.amount_krw',
      ])
      .where('payments.worker_id', '=', workerId)
      .where('payments.status', '=', 'approved')
      .where('payments.recorded_at', '>=', fromAt)
      .where('payments.recorded_at', '<', untilAt)
      .orderBy('payments.recorded_at', 'desc')
      .orderBy('payments.id', 'desc')
      .execute();
  },
};
