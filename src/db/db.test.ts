import { describe, expect, it, vi, afterEach } from 'vitest';
import { Dexie } from 'dexie';
import { IDBDatabase, IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { openDeviceDb } from './db';
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

  it('declares append-only schema versions: v2 adds only the device open services', () => {
    const { db } = freshTestDb();
    expect(db.verno).toBe(2);
    expect(db.tables.map((table) => table.name).sort()).toEqual(['meta', 'openServices', 'outbox', 'receipts', 'vouchers']);
  });

  it('keeps the queue when a version 1 database is opened by the version 2 app', async () => {
    const factory = new IDBFactory();
    const v1 = new Dexie('evoucher-upgrade', { indexedDB: factory, IDBKeyRange });
    v1.version(1).stores({
      outbox: 'paymentId, syncState, payment.capturedAt, voucherId',
      receipts: 'paymentId, recordedAt, capturedAt',
      vouchers: 'voucherId, *cardHashes, programId',
      meta: 'key',
    });
    const payment = makePayment();
    await v1.table('outbox').add({ paymentId: payment.paymentId, payment, voucherId: null, syncState: 'queued', attempts: 0, nextAttemptAt: 0, enqueuedAt: 0 });
    v1.close();
    const v2 = openDeviceDb('evoucher-upgrade', { indexedDB: factory, IDBKeyRange });
    expect((await listPending(v2)).map((item) => item.payment)).toEqual([payment]);
    expect(await v2.openServices.count()).toBe(0);
    v2.close();
  });
});
