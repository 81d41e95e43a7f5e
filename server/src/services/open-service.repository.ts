import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/database';
import type { OpenServiceTable } from './open-service.table';

export type OpenServiceRow = Selectable<OpenServiceTable>;

export const openServiceRepository = {
  findById(db: Db, id: string): Promise<OpenServiceRow | undefined> {
    return db.selectFrom('open_services').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** The started, unpaid service of a voucher (started after `startedAfter`), if any. */
  findOpenForVoucher(db: Db, voucherId: string, startedAfter: number): Promise<OpenServiceRow | undefined> {
    return db
      .selectFrom('open_services')
      .selectAll()
      .where('voucher_id', '=', voucherId)
      .where('closed_by_payment_id', 'is', null)
      .where('abandoned_at', 'is', null)
      .where('started_at', '>', startedAfter)
      .executeTakeFirst();
  },

  async insert(db: Db, service: Insertable<OpenServiceTable>): Promise<void> {
    await db.insertInto('open_services').values(service).execute();
  },

  /** Puts aside services started before `startedBefore` and never paid, so the voucher can start anew. */
  async abandonStale(db: Db, voucherId: string, startedBefore: number, abandonedAt: number): Promise<void> {
    await db
      .updateTable('open_services')
      .set({ abandoned_at: abandonedAt })
      .where('voucher_id', '=', voucherId)
      .where('closed_by_payment_id', 'is', null)
      .where('abandoned_at', 'is', null)
      .where('started_at', '<=', startedBefore)
      .execute();
  },

  /** Closes an open service with its payment; false when it was not open any more (paid by a concurrent request). */
  async close(db: Db, id: string, voucherId: string, paymentId: string): Promise<boolean> {
    const result = await db
      .updateTable('open_services')
      .set({ closed_by_payment_id: paymentId })
      .where('id', '=', id)
      .where('voucher_id', '=', voucherId)
      .where('closed_by_payment_id', 'is', null)
      .where('abandoned_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  },

  /** Closes the voucher's open service that started at exactly `startedAt` (an offline payment of it), if any. */
  async closeStartedAt(db: Db, voucherId: string, startedAt: number, paymentId: string): Promise<void> {
    await db
      .updateTable('open_services')
      .set({ closed_by_payment_id: paymentId })
      .where('voucher_id', '=', voucherId)
      .where('started_at', '=', startedAt)
      .where('closed_by_payment_id', 'is', null)
      .where('abandoned_at', 'is', null)
      .execute();
  },

  /** The open services of some vouchers, started after `startedAfter` (the device snapshot). */
  listOpenForVouchers(db: Db, voucherIds: readonly string[], startedAfter: number): Promise<OpenServiceRow[]> {
    if (voucherIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('open_services')
      .selectAll()
      .where('voucher_id', 'in', voucherIds)
      .where('closed_by_payment_id', 'is', null)
      .where('abandoned_at', 'is', null)
      .where('started_at', '>', startedAfter)
      .execute();
  },
};
