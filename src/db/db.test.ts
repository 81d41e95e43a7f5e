import { describe, expect, it, vi, afterEach } from 'vitest';
import { IDBDatabase } from 'fake-indexeddb';
import { freshTestDb } from './testDb.testkit';
import { enqueuePayment } from '../sync/enqueuePayment';
import { makePayment } from '../sync/fakeHost.testkit';
import { listPending } from '../sync/listPending';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('device database', () => {
  it('opens every transaction with strict durability', async () => {
    // Dexie binds the native transaction() when it opens: spy first.
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const { db } = freshTestDb();
    const result = await enqueuePayment(db, makePayment(), { voucherId: null });
    expect(result.ok).toBe(true);
    const readWrite = spy.mock.calls.filter(([, mode]) => mode === 'readwrite');
    expect(readWrite.length).toBeGreaterThan(0);
    for (const [, , options] of readWrite) expect(options).toEqual({ durability: 'strict' });
  });

  it('keeps the queue when the app is closed and reopened', async () => {
    const { db, reopen } = freshTestDb();
    const payment = makePayment();
    await enqueuePayment(db, payment, { voucherId: null });
    db.close();
    const again = reopen();
    const pending = await listPending(again);
    expect(pending.map((item) => item.payment)).toEqual([payment]);
  });

  it('declares only append-only schema version 1 so far', () => {
    const { db } = freshTestDb();
    expect(db.verno).toBe(1);
    expect(db.tables.map((table) => table.name).sort()).toEqual(['meta', 'outbox', 'receipts', 'vouchers']);
  });
});
