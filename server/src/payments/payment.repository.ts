import type { Selectable } from 'kysely';
import type { LookupRow } from '../cards/card.repository';
import type { Db } from '../db/database';
import { preparedQuery } from '../db/prepared-query';
import type { VoucherForReceipt } from '../ledger/voucher.repository';
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

/** A voucher screen with its voucher and the names a receipt shows, as one row (voucher columns prefixed). */
const findLookupWithVoucher = preparedQuery((db: Db, lookupId: string, institutionId: string) =>
  db
    .selectFrom('lookups')
    .leftJoin('vouchers', 'vouchers.id', 'lookups.voucher_id')
    .leftJoin('recipients', 'recipients.id', 'vouchers.recipient_id')
    .leftJoin('institutions', (join) => join.on('institutions.id', '=', institutionId))
    .selectAll('lookups')
    .select([
      'vouchers.id as voucher__id',
      'vouchers.recipient_id as voucher__recipient_id',
      'vouchers.program_id as voucher__program_id',
      'vouchers.month as voucher__month',
      'vouchers.granted_krw as voucher__granted_krw',
      'vouchers.balance_krw as voucher__balance_krw',
      'vouchers.created_at as voucher__created_at',
      'recipients.name as recipient_name',
      'institutions.name as institution_name',
    ])
    .where('lookups.id', '=', lookupId),
);

export const paymentRepository = {
  /**
   * What an online payment names, in one query: its voucher screen, and the screen's voucher with
   * its recipient's name and the paying institution's name (undefined when any of them is missing).
   */
  async findLookupWithVoucher(
    db: Db,
    lookupId: string,
    institutionId: string,
  ): Promise<{ lookup: LookupRow; voucher: VoucherForReceipt | undefined } | undefined> {
    const [row] = await findLookupWithVoucher(db, lookupId, institutionId);
    if (!row) return undefined;
    const {
      voucher__id,
      voucher__recipient_id,
      voucher__program_id,
      voucher__month,
      voucher__granted_krw,
      voucher__balance_krw,
      voucher__created_at,
      recipient_name,
      institution_name,
      ...lookup
    } = row;
    const voucher =
      voucher__id === null ||
      voucher__recipient_id === null ||
      voucher__program_id === null ||
      voucher__month === null ||
      voucher__granted_krw === null ||
      voucher__balance_krw === null ||
      voucher__created_at === null ||
      recipient_name === null ||
      institution_name === null
        ? undefined
        : {
            id: voucher__id,
            recipient_id: voucher__recipient_id,
            program_id: voucher__program_id,
            month: voucher__month,
            granted_krw: voucher__granted_krw,
            balance_krw: voucher__balance_krw,
            created_at: voucher__created_at,
            recipient_name,
            institution_name,
          };
    return { lookup, voucher };
  },

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
