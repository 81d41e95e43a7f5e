import { describe, expect, it } from 'vitest';
import { freshTestDb } from '../db/testDb.testkit';
import { enqueuePayment } from './enqueue';
import { noteHostBalance } from './hostBalance';

const T0 = 1_790_000_000_000;

async function deviceWithVoucher() {
  const { db } = freshTestDb();
  await db.vouchers.put({
    voucherId: 'v1',
    recipientId: 'r1',
    recipientMasked: '김**',
    programId: 'developmental-rehab',
    serviceCode: '070101',
    voucherMonth: '2026-11',
    balanceKrw: 100_000,
    cardHashes: [],
    openService: null,
    balanceAt: T0,
    provisionalBalanceKrw: 100_000,
    pendingCount: 0,
  });
  return db;
}

describe('noteHostBalance', () => {
  it('takes a newer balance the host stated, keeping this device’s queued payments deducted', async () => {
    const db = await deviceWithVoucher();
    const queued = await enqueuePayment(
      db,
      {
        kind: 'payment',
        workerId: 'wrk-kim',
        paymentId: crypto.randomUUID(),
        programId: 'developmental-rehab',
        card: { kind: 'typed', number: '9410000000000006' },
        method: 'card',
        mode: 'offline',
        reason: 'dead-zone',
        serviceStartAt: T0,
        serviceEndAt: T0,
        minutesByType: {},
        amountKrw: 10_000,
        capturedAt: T0,
      },
      { voucherId: 'v1', now: () => T0 },
    );
    expect(queued.ok).toBe(true);
    await noteHostBalance(db, 'v1', 80_000, T0 + 1_000);
    expect(await db.vouchers.get('v1')).toMatchObject({ balanceKrw: 80_000, balanceAt: T0 + 1_000, provisionalBalanceKrw: 70_000 });
  });

  it('ignores an older statement and a voucher the snapshot lacks', async () => {
    const db = await deviceWithVoucher();
    await noteHostBalance(db, 'v1', 50_000, T0 - 1);
    await noteHostBalance(db, 'v-unknown', 50_000, T0 + 1);
    expect(await db.vouchers.get('v1')).toMatchObject({ balanceKrw: 100_000, balanceAt: T0, provisionalBalanceKrw: 100_000 });
    expect(await db.vouchers.count()).toBe(1);
  });
});
