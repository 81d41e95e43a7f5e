import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/database';
import type { OpenServiceTable, ServiceDiscardTable } from './open-service.table';

export type OpenServiceRow = Selectable<OpenServiceTable>;

export const openServiceRepository = {
  findById(db: Db, id: string): Promise<OpenServiceRow | undefined> {
    return db.selectFrom('open_services').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** The worker's started, unpaid service on a voucher (started after `startedAfter`), if any: another worker's is never theirs. */
  findOpenForWorker(db: Db, voucherId: string, workerId: string, startedAfter: number): Promise<OpenServiceRow | undefined> {
    return db
      .selectFrom('open_services')
      .selectAll()
      .where('voucher_id', '=', voucherId)
      .where('worker_id', '=', workerId)
      .where('closed_by_payment_id', 'is', null)
      .where('abandoned_at', 'is', null)
      .where('started_at', '>', startedAfter)
      .executeTakeFirst();
  },

  async insert(db: Db, service: Insertable<OpenServiceTable>): Promise<void> {
    await db.insertInto('open_services').values(service).execute();
  },

  /** Puts aside the worker's services started before `startedBefore` and never paid, so they can start anew. */
  async abandonStale(db: Db, voucherId: string, workerId: string, startedBefore: number, abandonedAt: number): Promise<void> {
    await db
      .updateTable('open_services')
      .set({ abandoned_at: abandonedAt })
      .where('voucher_id', '=', voucherId)
      .where('worker_id', '=', workerId)
      .where('closed_by_payment_id', 'is', null)
      .where('abandoned_at', 'is', null)
      .where('started_at', '<=', startedBefore)
      .execute();
  },

  /** 시작 취소: puts an open service aside; false when it was not open any more (paid or discarded meanwhile). */
  async putAside(db: Db, id: string, abandonedAt: number): Promise<boolean> {
    const result = await db
      .updateTable('open_services')
      .set({ abandoned_at: abandonedAt })
      .where('id', '=', id)
      .where('closed_by_payment_id', 'is', null)
      .where('abandoned_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  },

  async insertDiscard(db: Db, discard: Insertable<ServiceDiscardTable>): Promise<void> {
    await db.insertInto('service_discards').values(discard).execute();
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

  /** Closes the worker's open service on the voucher that started at exactly `startedAt` (an offline payment of it), if any. */
  async closeStartedAt(db: Db, voucherId: string, workerId: string, startedAt: number, paymentId: string): Promise<void> {
    await db
      .updateTable('open_services')
      .set({ closed_by_payment_id: paymentId })
      .where('voucher_id', '=', voucherId)
      .where('worker_id', '=', workerId)
      .where('started_at', '=', startedAt)
      .where('closed_by_payment_id', 'is', null)
      .where('abandoned_at', 'is', null)
      .execute();
  },

  /** The open services on some vouchers that started at one of some instants (the captures of a sync batch). */
  listOpenStartedAt(db: Db, voucherIds: readonly string[], startedAts: readonly number[]): Promise<OpenServiceRow[]> {
    if (voucherIds.length === 0 || startedAts.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('open_services')
      .selectAll()
      .where('voucher_id', 'in', voucherIds)
      .where('started_at', 'in', startedAts)
      .where('closed_by_payment_id', 'is', null)
      .where('abandoned_at', 'is', null)
      .execute();
  },

  /** The open services of some workers on some vouchers, started after `startedAfter` (the device snapshot). */
  listOpenForVouchers(db: Db, voucherIds: readonly string[], workerIds: readonly string[], startedAfter: number): Promise<OpenServiceRow[]> {
    if (voucherIds.length === 0 || workerIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('open_services')
      .selectAll()
      .where('voucher_id', 'in', voucherIds)
      .where('worker_id', 'in', workerIds)
      .where('closed_by_payment_id', 'is', null)
      .where('abandoned_at', 'is', null)
      .where('started_at', '>', startedAfter)
      .orderBy('started_at')
      .execute();
  },
};
