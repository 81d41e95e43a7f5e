import { describe, expect, it, vi, afterEach } from 'vitest';
import { Dexie } from 'dexie';
import { IDBDatabase, IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { openDeviceDb } from './db';
import { freshTestDb } from './testDb.testkit';
import { enqueuePayment } from '../sync/enqueue';
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
    expect(pending.map((item) => item.command)).toEqual([payment]);
  });

  it('declares append-only schema versions: v3 turns the outbox into commands and adds the in-flight payments; v4 names each open service’s worker', () => {
    const { db } = freshTestDb();
    expect(db.verno).toBe(4);
    expect(db.tables.map((table) => table.name).sort()).toEqual(['commands', 'inflight', 'meta', 'openServices', 'receipts', 'vouchers']);
  });

  it('carries every queued payment of a version 1 database over as a command of the session worker', async () => {
    const factory = new IDBFactory();
    const v1 = new Dexie('evoucher-upgrade', { indexedDB: factory, IDBKeyRange });
    v1.version(1).stores({
      outbox: 'paymentId, syncState, payment.capturedAt, voucherId',
      receipts: 'paymentId, recordedAt, capturedAt',
      vouchers: 'voucherId, *cardHashes, programId',
      meta: 'key',
    });
    const { kind: _kind, workerId: _workerId, ...payment } = makePayment();
    const refused = { ...makePayment({ amountKrw: 7_000 }) };
    const { kind: _k, workerId: _w, ...refusedPayment } = refused;
    await v1.table('outbox').bulkAdd([
      { paymentId: payment.paymentId, payment, voucherId: 'v1', syncState: 'queued', attempts: 2, nextAttemptAt: 5, firstSentAt: 3, enqueuedAt: 1 },
      {
        paymentId: refusedPayment.paymentId,
        payment: refusedPayment,
        voucherId: null,
        syncState: 'refused',
        attempts: 1,
        nextAttemptAt: 0,
        enqueuedAt: 2,
        refusal: { code: '2101', message: '바우처 잔액이 부족합니다.' },
      },
    ]);
    await v1.table('meta').put({ key: 'session', value: { worker: { id: 'wrk-kim', name: '김하늘', phoneMasked: '' } } });
    v1.close();
    const v3 = openDeviceDb('evoucher-upgrade', { indexedDB: factory, IDBKeyRange });
    expect(v3.verno).toBe(4);
    const commands = await v3.commands.orderBy('id').toArray();
    expect(commands.map((c) => c.id).sort()).toEqual([payment.paymentId, refusedPayment.paymentId].sort());
    expect(await v3.commands.get(payment.paymentId)).toEqual({
      id: payment.paymentId,
      command: { kind: 'payment', workerId: 'wrk-kim', ...payment },
      kind: 'payment',
      workerId: 'wrk-kim',
      capturedAt: payment.capturedAt,
      amountKrw: payment.amountKrw,
      voucherId: 'v1',
      syncState: 'queued',
      attempts: 2,
      nextAttemptAt: 5,
      firstSentAt: 3,
      enqueuedAt: 1,
    });
    expect(await v3.commands.get(refusedPayment.paymentId)).toMatchObject({ syncState: 'refused', refusal: { code: '2101' }, amountKrw: 7_000 });
    expect(await v3.inflight.count()).toBe(0);
    expect(v3.tables.map((t) => t.name)).not.toContain('outbox');
    v3.close();
  });

  it('gives every open service of a version 3 database the worker whose session the device holds', async () => {
    const factory = new IDBFactory();
    const v3 = new Dexie('evoucher-v3', { indexedDB: factory, IDBKeyRange });
    v3.version(3).stores({
      commands: 'id, syncState, capturedAt, voucherId, workerId',
      inflight: 'id',
      receipts: 'paymentId, recordedAt, capturedAt',
      vouchers: 'voucherId, *cardHashes, programId',
      meta: 'key',
      openServices: 'id, voucherId',
    });
    await v3.table('openServices').add({ id: 'os-1', voucherId: 'v1', programId: 'activity-support', startedAt: 1_000, source: 'device' });
    await v3.table('meta').put({ key: 'session', value: { worker: { id: 'wrk-kim', name: '김하늘', phoneMasked: '' } } });
    v3.close();
    const v4 = openDeviceDb('evoucher-v3', { indexedDB: factory, IDBKeyRange });
    expect(await v4.openServices.get('os-1')).toEqual({
      id: 'os-1',
      voucherId: 'v1',
      workerId: 'wrk-kim',
      programId: 'activity-support',
      startedAt: 1_000,
      source: 'device',
    });
    expect(await v4.openServices.where('workerId').equals('wrk-kim').count()).toBe(1);
    v4.close();
  });
});
