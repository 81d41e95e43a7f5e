import { describe, expect, it } from 'vitest';
import { writeMeta } from '../db/db';
import { enqueuePayment } from './enqueue';
import { listPending } from './listPending';
import { cancelQueued } from './cancelQueued';
import { acknowledgeRefusal } from './acknowledgeRefusal';
import { refreshSnapshot } from './refreshSnapshot';
import { findVoucherByCard } from './findVoucherByCard';
import { syncIfPossible } from './syncIfPossible';
import { syncStatus } from './syncStatus';
import { deviceOnFakeHost, FAKE_HOST_TARIFF, makePayment } from './fakeHost.testkit';

const T0 = Date.UTC(2025, 5, 2, 3, 0);
const CARD = { kind: 'nfc', token: 'card-token-0001' } as const;

async function setup() {
  const device = await deviceOnFakeHost(T0);
  expect(device.refreshed.ok).toBe(true);
  return device;
}

describe('enqueuePayment', () => {
  it('writes a captured payment that listPending then shows as queued', async () => {
    const { db, now } = await setup();
    const payment = makePayment({ capturedAt: T0 });
    const result = await enqueuePayment(db, payment, { now });
    expect(result.ok).toBe(true);
    const pending = await listPending(db);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      id: payment.paymentId,
      command: payment,
      workerId: payment.workerId,
      amountKrw: 10_000,
      syncState: 'queued',
      attempts: 0,
      voucherId: 'v1',
    });
  });

  it('keeps one row and returns the first item when the same payment id is enqueued twice', async () => {
    const { db, now, advance } = await setup();
    const payment = makePayment();
    const first = await enqueuePayment(db, payment, { now });
    advance(1_000);
    const second = await enqueuePayment(db, structuredClone(payment), { now });
    expect(second).toEqual(first);
    expect(await db.commands.count()).toBe(1);
    expect((await findVoucherByCard(db, 'activity-support', CARD))?.provisionalBalanceKrw).toBe(90_000);
  });

  it('refuses the same payment id with a different body and keeps the first', async () => {
    const { db, now } = await setup();
    const payment = makePayment();
    await enqueuePayment(db, payment, { now });
    const result = await enqueuePayment(db, { ...payment, amountKrw: 20_000 }, { now });
    expect(result).toMatchObject({ ok: false, code: '2107' });
    expect((await listPending(db))[0]?.amountKrw).toBe(10_000);
  });

  it('refuses a malformed payment with 1001 and writes nothing', async () => {
    const { db, now } = await setup();
    const result = await enqueuePayment(db, { ...makePayment(), mode: 'normal' }, { now });
    expect(result).toMatchObject({ ok: false, code: '1001' });
    expect(await db.commands.count()).toBe(0);
  });

  it('lowers the provisional balance and marks the voucher provisional', async () => {
    const { db, now } = await setup();
    await enqueuePayment(db, makePayment({ amountKrw: 12_000 }), { now });
    const voucher = await findVoucherByCard(db, 'activity-support', CARD);
    expect(voucher).toMatchObject({ voucherId: 'v1', balanceKrw: 100_000, provisionalBalanceKrw: 88_000, provisional: true });
  });

  describe('offline caps (SPEC §5.11)', () => {
    async function capped() {
      const context = await setup();
      await writeMeta(context.db, 'limits', { maxAgeMs: 60 * 60_000, maxCount: 2, maxAmountKrw: 25_000 });
      return context;
    }

    async function snapshotOf(db: Awaited<ReturnType<typeof setup>>['db']) {
      return { outbox: await db.commands.toArray(), vouchers: await db.vouchers.toArray() };
    }

    it('refuses a capture past the count cap with 2120 and changes nothing', async () => {
      const { db, now } = await capped();
      await enqueuePayment(db, makePayment({ amountKrw: 1_000 }), { now });
      await enqueuePayment(db, makePayment({ amountKrw: 1_000 }), { now });
      const before = await snapshotOf(db);
      expect(await enqueuePayment(db, makePayment({ amountKrw: 1_000 }), { now })).toMatchObject({ ok: false, code: '2120' });
      expect(await snapshotOf(db)).toEqual(before);
    });

    it('refuses a capture past the amount cap with 2121 and changes nothing', async () => {
      const { db, now } = await capped();
      await enqueuePayment(db, makePayment({ amountKrw: 20_000 }), { now });
      const before = await snapshotOf(db);
      expect(await enqueuePayment(db, makePayment({ amountKrw: 5_001 }), { now })).toMatchObject({ ok: false, code: '2121' });
      expect(await snapshotOf(db)).toEqual(before);
    });

    it('refuses any capture while an unsynced one is older than the window, with 2122', async () => {
      const { db, now, advance } = await capped();
      await enqueuePayment(db, makePayment({ amountKrw: 1_000, capturedAt: T0 }), { now });
      advance(60 * 60_000 + 1);
      const before = await snapshotOf(db);
      expect(await enqueuePayment(db, makePayment({ amountKrw: 1_000, capturedAt: now() }), { now })).toMatchObject({
        ok: false,
        code: '2122',
      });
      expect(await snapshotOf(db)).toEqual(before);
    });

    it('does not count refused payments toward the caps', async () => {
      const { db, now, host } = await capped();
      await enqueuePayment(db, makePayment({ amountKrw: 20_000, cardToken: 'card-token-0002' }), { now });
      await syncIfPossible(db, { transport: host.transport, now });
      expect((await syncStatus(db)).refused).toHaveLength(1);
      expect(await enqueuePayment(db, makePayment({ amountKrw: 20_000 }), { now })).toMatchObject({ ok: true });
    });
  });
});

describe('cancelQueued', () => {
  it('removes a queued payment and restores the provisional balance', async () => {
    const { db, now } = await setup();
    const payment = makePayment({ amountKrw: 30_000 });
    await enqueuePayment(db, payment, { now });
    expect(await cancelQueued(db, payment.paymentId)).toEqual({ cancelled: true });
    expect(await db.commands.count()).toBe(0);
    expect(await findVoucherByCard(db, 'activity-support', CARD)).toMatchObject({ provisionalBalanceKrw: 100_000, provisional: false });
  });

  it('refuses while the payment is being sent', async () => {
    const { db, now } = await setup();
    const payment = makePayment();
    await enqueuePayment(db, payment, { now });
    await db.commands.update(payment.paymentId, { syncState: 'sending', firstSentAt: T0 });
    expect(await cancelQueued(db, payment.paymentId)).toEqual({ cancelled: false, reason: 'sending' });
    expect(await db.commands.count()).toBe(1);
  });

  it('refuses a queued payment that was sent before, because the host may have applied it', async () => {
    const { db, now, host } = await setup();
    const payment = makePayment();
    await enqueuePayment(db, payment, { now });
    host.faults.push({ kind: 'drop-response' });
    await syncIfPossible(db, { transport: host.transport, now });
    expect((await db.commands.get(payment.paymentId))?.syncState).toBe('queued');
    expect(await cancelQueued(db, payment.paymentId)).toEqual({ cancelled: false, reason: 'sent-before' });
    expect(host.ledger).toHaveLength(1);
  });

  it('answers not-found for an unknown id', async () => {
    const { db } = await setup();
    expect(await cancelQueued(db, crypto.randomUUID())).toEqual({ cancelled: false, reason: 'not-found' });
  });
});

describe('acknowledgeRefusal', () => {
  it('removes a refused payment only, and sends nothing', async () => {
    const { db, now, host } = await setup();
    const refusedPayment = makePayment({ amountKrw: 9_000, cardToken: 'card-token-0002' });
    const queuedPayment = makePayment();
    await enqueuePayment(db, refusedPayment, { now });
    await syncIfPossible(db, { transport: host.transport, now });
    await enqueuePayment(db, queuedPayment, { now });
    const requestsBefore = host.batchRequests;

    expect(await acknowledgeRefusal(db, queuedPayment.paymentId)).toBe(false);
    expect(await acknowledgeRefusal(db, refusedPayment.paymentId)).toBe(true);
    expect(await db.commands.get(refusedPayment.paymentId)).toBeUndefined();
    expect(await db.commands.get(queuedPayment.paymentId)).toBeDefined();
    expect(host.batchRequests).toBe(requestsBefore);
  });
});

describe('refreshSnapshot and findVoucherByCard', () => {
  it('finds a voucher by the SHA-256 of the card read, per program', async () => {
    const { db } = await setup();
    expect(await findVoucherByCard(db, 'activity-support', { kind: 'nfc', token: 'card-token-0002' })).toMatchObject({
      voucherId: 'v2',
      recipientMasked: '이**',
      provisional: false,
    });
    expect(await findVoucherByCard(db, 'other-program', CARD)).toBeUndefined();
    expect(await findVoucherByCard(db, 'activity-support', { kind: 'nfc', token: 'unknown-token' })).toBeUndefined();
    const stored = await db.vouchers.get('v1');
    expect(stored?.cardHashes.join()).not.toContain('card-token');
  });

  it('keeps the deductions of still-pending payments when the snapshot is replaced', async () => {
    const { db, now, host } = await setup();
    await enqueuePayment(db, makePayment({ amountKrw: 15_000 }), { now });
    const voucher = host.vouchers.get('v1');
    if (voucher === undefined) throw new Error('fixture');
    voucher.balanceKrw = 80_000;
    const result = await refreshSnapshot(db, { transport: host.transport });
    expect(result.ok).toBe(true);
    expect(await findVoucherByCard(db, 'activity-support', CARD)).toMatchObject({
      balanceKrw: 80_000,
      provisionalBalanceKrw: 65_000,
      provisional: true,
    });
  });

  it('stores the institution name and limits and keeps the old snapshot when the host is unreachable', async () => {
    const { db, host } = await setup();
    expect((await db.meta.get('institutionName'))?.value).toBe('행복돌봄센터');
    expect((await db.meta.get('limits'))?.value).toMatchObject({ maxCount: 50 });
    expect((await db.meta.get('tariff'))?.value).toEqual(FAKE_HOST_TARIFF);
    host.online = false;
    expect(await refreshSnapshot(db, { transport: host.transport })).toMatchObject({ ok: false, code: '0104' });
    expect(await db.vouchers.count()).toBe(2);
  });

  it('keeps the host’s QR keys as each snapshot publishes them, so a retired key stops verifying here too', async () => {
    const { db, host } = await setup();
    expect(await db.meta.get('qrKeys')).toMatchObject({ value: [] });
    host.qrKeys = [
      { keyId: 'qk-1', publicKey: 'A'.repeat(43) },
      { keyId: 'qk-2', publicKey: 'B'.repeat(43) },
    ];
    await refreshSnapshot(db, { transport: host.transport });
    expect((await db.meta.get('qrKeys'))?.value).toEqual(host.qrKeys);
    host.qrKeys = [{ keyId: 'qk-2', publicKey: 'B'.repeat(43) }];
    await refreshSnapshot(db, { transport: host.transport });
    expect((await db.meta.get('qrKeys'))?.value).toEqual([{ keyId: 'qk-2', publicKey: 'B'.repeat(43) }]);
  });

  it('tells the host how many commands wait in the outbox with every snapshot request', async () => {
    const { db, now, host } = await setup();
    await enqueuePayment(db, makePayment({ amountKrw: 15_000 }), { now });
    await enqueuePayment(db, makePayment({ amountKrw: 5_000 }), { now });
    const sent: (string | null)[] = [];
    const transport = async (url: string, init: RequestInit) => {
      sent.push(new Headers(init.headers).get('x-outbox-pending'));
      return host.transport(url, init);
    };
    expect((await refreshSnapshot(db, { transport })).ok).toBe(true);
    expect(sent).toEqual(['2']);
  });

  it('refuses an answer that breaks the snapshot contract and keeps the old snapshot', async () => {
    const { db } = await setup();
    const transport = async () => new Response(JSON.stringify({ vouchers: 'nope' }), { status: 200 });
    expect(await refreshSnapshot(db, { transport })).toMatchObject({ ok: false, code: '9999' });
    expect(await db.vouchers.count()).toBe(2);
  });
});
