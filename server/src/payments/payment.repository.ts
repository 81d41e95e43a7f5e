import type { Selectable } from 'kysely';
import type { Db } from '../db/database';
import type { PaymentTable } from './payment.table';

export type PaymentRow = Selectable<PaymentTable>;

/** A payment with what its receipt shows: names come from their own tables, the balance from the ledger. */
export interface ReceiptRow extends PaymentRow {
  institution_name: string;
  recipient_name: string;
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
  /** The cancellation of the payment, if it has one (거래 취소 never edits the payment). */
  cancellation_id: string | null;
}

export const paymentRepository = {
  findById(db: Db, id: string): Promise<PaymentRow | undefined> {
    return db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
  },

  findReceiptRow(db: Db, id: string): Promise<ReceiptRow | undefined> {
    return db
      .selectFrom('payments')
      .innerJoin('institutions', 'institutions.id', 'payments.institution_id')
      .innerJoin('vouchers', 'vouchers.id', 'payments.voucher_id')
      .innerJoin('recipients', 'recipients.id', 'vouchers.recipient_id')
      .leftJoin('ledger_entries', (join) => join.onRef('ledger_entries.payment_id', '=', 'payments.id').on('ledger_entries.kind', '=', 'payment'))
      .selectAll('payments')
      .select(['institutions.name as institution_name', 'recipients.name as recipient_name', 'ledger_entries.balance_after_krw as balance_after_krw'])
      .where('payments.id', '=', id)
      .executeTakeFirst();
  },

  /**
   * Approved payments recorded in [fromAt, untilAt) of one worker, or of every worker on one
   * terminal — on one voucher only when `voucherId` is given — newest first, each with its
   * cancellation if it has one.
   */
  listApprovedForWorker(
    db: Db,
    whose: { workerId: string } | { terminalId: string },
    fromAt: number,
    untilAt: number,
    voucherId: string | null = null,
  ): Promise<TodayRow[]> {
    let query = db
      .selectFrom('payments')
      .innerJoin('vouchers', 'vouchers.id', 'payments.voucher_id')
      .innerJoin('recipients', 'recipients.id', 'vouchers.recipient_id')
      .leftJoin('cancellations', 'cancellations.payment_id', 'payments.id')
      .select([
        'cancellations.id as cancellation_id',
        'payments.id',
        'payments.approval_number',
        'payments.program_id',
        'recipients.name as recipient_name',
        'payments.service_start_at',
        'payments.service_end_at',
        'payments.amount_krw',
      ])
      .where((eb) => ('workerId' in whose ? eb('payments.worker_id', '=', whose.workerId) : eb('payments.terminal_id', '=', whose.terminalId)))
      .where('payments.status', '=', 'approved')
      .where('payments.recorded_at', '>=', fromAt)
      .where('payments.recorded_at', '<', untilAt)
      .orderBy('payments.recorded_at', 'desc')
      .orderBy('payments.id', 'desc');
    if (voucherId !== null) query = query.where('payments.voucher_id', '=', voucherId);
    return query.execute();
  },
};
