import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { isApprovalNumber } from '../../src/domain/approval';
import {
  DEFAULT_OFFLINE_LIMITS,
  DEVICE_SNAPSHOT_PATH,
  DeviceSnapshotSchema,
  SYNC_BATCH_PATH,
  SYNC_COMMANDS_PATH,
  SyncBatchResponseSchema,
  type OfflinePayment,
  type SyncBatchResponse,
  type SyncItemResult,
} from '../../src/domain/offline';
import { TARIFF_2026 } from '../../src/domain/tariff';
import type { Receipt } from '../../src/domain/wire';
import { activityCapture, amountCapture } from './offline-payments';
import { paymentRequest } from './online-payments';
import { databases, KIM, MINUTE, PARK, recipient, T0, TestContext } from './test-context';

const HOUR = 60 * MINUTE;

function approved(result: SyncItemResult | undefined): Extract<SyncItemResult, { status: 'approved' }> {
  if (result?.status !== 'approved') throw new Error(`expected an approval, got ${JSON.stringify(result)}`);
  return result;
}

describe.each(databases)('offline sync batch on %s', (kind) => {
  let ctx: TestContext;
  let cookie: string;

  beforeAll(async () => {
    // Queries yield to the event loop, so the concurrent batches below really interleave on SQLite too.
    ctx = await TestContext.create(kind, { syncMaxInFlight: 8 }, { interleave: true });
    cookie = await ctx.login();
  });
  afterAll(async () => {
    await ctx.close();
  });

  async function sync(items: unknown[], options: { cookie?: string; headers?: Record<string, string> } = {}) {
    const response = await ctx.post(
      SYNC_BATCH_PATH,
      { items, sentAt: ctx.clock.now() },
      { cookie: options.cookie ?? cookie, ...(options.headers ? { headers: options.headers } : {}) },
    );
    return response;
  }
  async function syncOk(items: unknown[]): Promise<SyncBatchResponse> {
    const response = await sync(items);
    expect(response.statusCode).toBe(200);
    const parsed = v.safeParse(SyncBatchResponseSchema, response.json());
    if (!parsed.success) throw new Error(v.summarize(parsed.issues));
    expect(parsed.output.results.map((r) => r.paymentId)).toEqual(items.map((item) => (item as OfflinePayment).paymentId ?? ''));
    return parsed.output;
  }

  it('refuses a batch without a session with 1003 and a malformed batch with 1001', async () => {
    const capture = amountCapture('rcp-07', 1_000, ctx.clock.now());
    const anonymous = await ctx.post(SYNC_BATCH_PATH, { items: [capture], sentAt: ctx.clock.now() });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe('1003');
    const empty = await sync([]);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('1001');
    expect(await ctx.db.selectFrom('payments').select('id').where('id', '=', capture.paymentId).executeTakeFirst()).toBeUndefined();
  });

  it('applies time and amount captures as offline payments with device times kept apart from the host record time', async () => {
    const before01 = await ctx.balanceOf('rcp-01');
    const before06 = await ctx.balanceOf('rcp-06');
    const capturedAt = ctx.clock.now() - 2 * HOUR;
    const time = activityCapture(90, capturedAt);
    const amount = amountCapture('rcp-06', 35_000, capturedAt + MINUTE);
    const { results, hostNow } = await syncOk([time, amount]);
    expect(hostNow).toBe(ctx.clock.now());

    const timeResult = approved(results[0]);
    const amountResult = approved(results[1]);
    expect(isApprovalNumber(timeResult.approvalNumber)).toBe(true);
    expect(timeResult).toMatchObject({ balanceKrw: before01.balanceKrw - 25_905, recordedAt: ctx.clock.now(), flaggedForReview: false });
    expect(amountResult).toMatchObject({ balanceKrw: before06.balanceKrw - 35_000, flaggedForReview: false });
    expect(await ctx.balanceOf('rcp-01')).toEqual({ balanceKrw: before01.balanceKrw - 25_905, ledgerSumKrw: before01.balanceKrw - 25_905 });
    expect(await ctx.balanceOf('rcp-06')).toEqual({ balanceKrw: before06.balanceKrw - 35_000, ledgerSumKrw: before06.balanceKrw - 35_000 });

    const row = await ctx.db.selectFrom('payments').selectAll().where('id', '=', time.paymentId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      mode: 'offline',
      reason: 'dead-zone',
      method: 'card',
      card_read: 'typed',
      status: 'approved',
      approval_number: timeResult.approvalNumber,
      voucher_id: ctx.voucherIdOf('rcp-01'),
      service_date: '2026-03-10',
      amount_krw: 25_905,
    });
    expect(Number(row.service_start_at)).toBe(time.serviceStartAt);
    expect(Number(row.service_end_at)).toBe(time.serviceEndAt);
    expect(Number(row.device_at)).toBe(time.capturedAt);
    expect(Number(row.recorded_at)).toBe(ctx.clock.now());
    expect(Number(row.flagged_for_review)).toBe(0);
    expect(JSON.parse(row.minutes_by_type)).toEqual({ social: 90 });
    const amountRow = await ctx.db.selectFrom('payments').select(['card_read', 'mode']).where('id', '=', amount.paymentId).executeTakeFirstOrThrow();
    expect(amountRow).toEqual({ card_read: 'nfc', mode: 'offline' });
  });

  it('refuses bad items one by one and applies the good ones next to them, storing each refusal with its code', async () => {
    const now = ctx.clock.now();
    const good = amountCapture('rcp-07', 2_000, now);
    const unknownCard = amountCapture('rcp-07', 2_000, now, { card: { kind: 'nfc', token: 'EVC-not-a-card' } });
    const revoked = activityCapture(60, now, { card: { kind: 'nfc', token: recipient('rcp-11').cardToken } });
    const noContract = activityCapture(60, now, { card: { kind: 'nfc', token: recipient('rcp-10').cardToken } });
    const tooMuch = amountCapture('rcp-09', 20_000, now);
    const malformed = { ...amountCapture('rcp-07', 2_000, now), amountKrw: -5 };
    const noId = { hello: 'world' };
    const before09 = await ctx.balanceOf('rcp-09');

    const response = await sync([good, unknownCard, malformed, revoked, noContract, tooMuch, noId]);
    expect(response.statusCode).toBe(200);
    const { results } = response.json<SyncBatchResponse>();
    expect(results.map((r) => (r.status === 'approved' ? 'approved' : r.code))).toEqual(['approved', '2001', '1001', '2002', '2207', '2101', '1001']);
    expect(results[6]!.paymentId).toBe('');
    for (const result of results.slice(1)) {
      expect(result.status === 'refused' && result.message).toMatch(/[가-힣]/);
    }
    expect(await ctx.balanceOf('rcp-09')).toEqual(before09);

    // Every refusal is the stored outcome of its id (one id space for every path); no payment row, no ledger line.
    expect(await ctx.db.selectFrom('payments').select('id').where('id', '=', tooMuch.paymentId).execute()).toEqual([]);
    expect(await ctx.db.selectFrom('ledger_entries').select('id').where('payment_id', '=', tooMuch.paymentId).execute()).toEqual([]);
    const audit = await ctx.db
      .selectFrom('commands')
      .select(['id', 'code', 'status', 'channel', 'worker_id'])
      .where('id', 'in', [unknownCard.paymentId, revoked.paymentId, noContract.paymentId, tooMuch.paymentId])
      .execute();
    expect(new Map(audit.map((row) => [row.id, row.code]))).toEqual(
      new Map([
        [unknownCard.paymentId, '2001'],
        [revoked.paymentId, '2002'],
        [noContract.paymentId, '2207'],
        [tooMuch.paymentId, '2101'],
      ]),
    );
    expect(audit.every((row) => row.status === 'refused' && row.channel === 'sync')).toBe(true);
    expect(audit.every((row) => row.worker_id === 'wrk-kim')).toBe(true);
  });

  it('answers a resubmitted batch with the original results and charges once', async () => {
    const now = ctx.clock.now();
    const items = [
      amountCapture('rcp-08', 3_000, now),
      amountCapture('rcp-08', 4_000, now + 1),
      amountCapture('rcp-09', 99_000, now + 2),
      amountCapture('rcp-08', 5_000, now, { card: { kind: 'nfc', token: 'EVC-lost-card' } }),
    ];
    const before = await ctx.balanceOf('rcp-08');
    const first = await syncOk(items);
    ctx.clock.advance(10 * MINUTE);
    const second = await syncOk([...items].reverse());
    expect(second.results).toEqual([...first.results].reverse());
    expect(first.results.map((r) => r.status)).toEqual(['approved', 'approved', 'refused', 'refused']);
    expect(await ctx.balanceOf('rcp-08')).toEqual({ balanceKrw: before.balanceKrw - 7_000, ledgerSumKrw: before.balanceKrw - 7_000 });
    const ids = items.map((item) => item.paymentId);
    const ledger = await ctx.db.selectFrom('ledger_entries').select('payment_id').where('payment_id', 'in', ids).execute();
    expect(ledger).toHaveLength(2);
    // The same id twice in one batch is one payment, answered twice the same way.
    const twice = amountCapture('rcp-08', 1_000, now);
    const doubled = await syncOk([twice, twice]);
    expect(doubled.results[1]).toEqual(doubled.results[0]);
    expect(await ctx.db.selectFrom('ledger_entries').select('id').where('payment_id', '=', twice.paymentId).execute()).toHaveLength(1);
  });

  it('answers an online payment kept offline under the same id with its original approval, and 2107 for another body', async () => {
    const screen = await ctx.lookup(cookie, 'rcp-07');
    const now = ctx.clock.now();
    const normal = paymentRequest(screen.lookupId, 6_000, now);
    expect((await ctx.post('/api/payments', normal, { cookie })).statusCode).toBe(200);
    const before = await ctx.balanceOf('rcp-07');
    const receipt = (await ctx.post('/api/payments', normal, { cookie })).json<Receipt>();
    // The device lost the answer above and kept the payment as an offline capture under the same id.
    // An amount session has no start tag: the capture starts and ends when it was paid, like the payment.
    const kept = amountCapture('rcp-07', 6_000, now, { paymentId: normal.paymentId, serviceStartAt: now });
    const clash = amountCapture('rcp-07', 7_000, now, { paymentId: normal.paymentId });
    const offline = amountCapture('rcp-07', 1_000, now);
    const altered = { ...offline, amountKrw: 1_500 };
    const { results } = await syncOk([kept, offline]);
    expect(approved(results[0])).toMatchObject({ approvalNumber: receipt.approvalNumber, balanceKrw: receipt.balanceKrw });
    approved(results[1]);
    expect((await syncOk([clash])).results[0]).toMatchObject({ status: 'refused', code: '2107' });
    const again = await syncOk([altered]);
    expect(again.results[0]).toMatchObject({ status: 'refused', code: '2107' });
    expect(await ctx.balanceOf('rcp-07')).toEqual({ balanceKrw: before.balanceKrw - 1_000, ledgerSumKrw: before.balanceKrw - 1_000 });
    const stored = await ctx.db.selectFrom('payments').select(['mode', 'amount_krw']).where('id', '=', normal.paymentId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ mode: 'normal', amount_krw: 6_000 });
    // Another worker resending this worker's offline payment is not a resend either.
    const otherWorker = await ctx.login(PARK);
    const stolen = await ctx.post(SYNC_BATCH_PATH, { items: [offline], sentAt: now }, { cookie: otherWorker });
    expect(stolen.json<SyncBatchResponse>().results[0]).toMatchObject({ status: 'refused', code: '2107' });
  });

  it('records a capture older than the offline window, flagged for review', async () => {
    const capturedAt = ctx.clock.now() - DEFAULT_OFFLINE_LIMITS.maxAgeMs - HOUR;
    const late = amountCapture('rcp-06', 1_000, capturedAt);
    const fresh = amountCapture('rcp-06', 1_000, ctx.clock.now() - HOUR);
    const { results } = await syncOk([late, fresh]);
    expect(approved(results[0]).flaggedForReview).toBe(true);
    expect(approved(results[1]).flaggedForReview).toBe(false);
    const row = await ctx.db
      .selectFrom('payments')
      .select(['flagged_for_review', 'review_reasons'])
      .where('id', '=', late.paymentId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ flagged_for_review: 1, review_reasons: 'late' });
  });

  it('refuses an end time more than 5 minutes past the host clock with 3104, and takes one within it', async () => {
    const now = ctx.clock.now();
    const future = amountCapture('rcp-06', 1_000, now, { serviceEndAt: now + 6 * MINUTE });
    const drift = amountCapture('rcp-06', 1_000, now, { serviceEndAt: now + 4 * MINUTE });
    const { results } = await syncOk([future, drift]);
    expect(results[0]).toMatchObject({ status: 'refused', code: '3104', message: '종료시간이 현재시간 이후입니다.' });
    approved(results[1]);
  });

  it('refuses an amount that is not the tariff price of the split with 2110, and a bad split or no time with its code', async () => {
    const now = ctx.clock.now();
    const before = await ctx.balanceOf('rcp-01');
    const wrong = activityCapture(60, now, { amountKrw: 17_000 });
    const badSplit = activityCapture(60, now, { minutesByType: { social: 30, physical: 20 } });
    const noTime = activityCapture(60, now, { serviceStartAt: now, serviceEndAt: now });
    const bath = {
      ...activityCapture(60, now),
      programId: 'visiting-bath',
      card: { kind: 'nfc' as const, token: recipient('rcp-04').cardToken },
      minutesByType: { 'in-home': 60 },
      amountKrw: 80_230,
    };
    const { results } = await syncOk([wrong, badSplit, noTime, bath]);
    expect(results.map((r) => (r.status === 'refused' ? r.code : 'approved'))).toEqual(['2110', '2104', '2111', 'approved']);
    expect(await ctx.balanceOf('rcp-01')).toEqual(before);
  });

  it('records captures past the per-device caps but flags them for review', async () => {
    const capped = await TestContext.create(kind, {
      offlineLimits: { maxAgeMs: DEFAULT_OFFLINE_LIMITS.maxAgeMs, maxCount: 3, maxAmountKrw: 10_000 },
    });
    try {
      const capCookie = await capped.login();
      const now = capped.clock.now();
      const items = [1_000, 2_000, 3_000, 4_000, 500].map((amount, i) => amountCapture('rcp-06', amount, now - (10 - i) * MINUTE));
      const response = await capped.post(SYNC_BATCH_PATH, { items, sentAt: now }, { cookie: capCookie });
      const { results } = response.json<SyncBatchResponse>();
      expect(results.map((r) => approved(r).flaggedForReview)).toEqual([false, false, false, true, true]);
      const rows = await capped.db
        .selectFrom('payments')
        .select(['id', 'review_reasons'])
        .where(
          'id',
          'in',
          items.map((i) => i.paymentId),
        )
        .execute();
      const reasons = new Map(rows.map((row) => [row.id, row.review_reasons]));
      expect(reasons.get(items[3]!.paymentId)).toBe('count-cap');
      expect(reasons.get(items[4]!.paymentId)).toBe('count-cap,amount-cap');
      expect(await capped.balanceOf('rcp-06')).toEqual({ balanceKrw: 250_000 - 10_500, ledgerSumKrw: 250_000 - 10_500 });
    } finally {
      await capped.close();
    }
  });

  it('takes the queued payments of an app older than MIN_APP_VERSION, while new work gets 1006', async () => {
    const gated = await TestContext.create(kind, { minAppVersion: '9.0.0' });
    try {
      // The app learns it must update before a card is read: /api/health says which version is the minimum.
      expect((await gated.get('/api/health')).json()).toMatchObject({ minAppVersion: '9.0.0' });
      const gatedCookie = await gated.login();
      const lookup = await gated.post(
        '/api/cards/lookup',
        { programId: 'developmental-rehab', card: { kind: 'nfc', token: recipient('rcp-06').cardToken } },
        { cookie: gatedCookie, headers: { 'x-app-version': '0.1.0' } },
      );
      expect(lookup.statusCode).toBe(426);
      const capture = amountCapture('rcp-06', 3_000, gated.clock.now());
      const response = await gated.post(
        SYNC_BATCH_PATH,
        { items: [capture], sentAt: gated.clock.now() },
        { cookie: gatedCookie, headers: { 'x-app-version': '0.1.0' } },
      );
      expect(response.statusCode).toBe(200);
      approved(response.json<SyncBatchResponse>().results[0]);
      // So are outbox commands on the new endpoint.
      const command = { kind: 'payment', workerId: KIM.id, ...amountCapture('rcp-06', 2_000, gated.clock.now()) };
      const commands = await gated.post(
        SYNC_COMMANDS_PATH,
        { items: [command], sentAt: gated.clock.now() },
        { cookie: gatedCookie, headers: { 'x-app-version': '0.1.0' } },
      );
      expect(commands.json().results[0]).toMatchObject({ status: 'approved' });
    } finally {
      await gated.close();
    }
  });

  it('applies overlapping batches from several devices at once exactly once, whatever their order', async () => {
    const now = ctx.clock.now();
    const recipients = ['rcp-06', 'rcp-07', 'rcp-08'];
    const before = new Map(await Promise.all(recipients.map(async (id) => [id, await ctx.balanceOf(id)] as const)));
    const items = Array.from({ length: 12 }, (_, i) => amountCapture(recipients[i % 3]!, 100 * (i + 1), now - (20 - i) * MINUTE));
    // Each batch holds an overlapping slice in its own order, so vouchers are reached in different orders.
    const batches = [items.slice(0, 8), items.slice(4, 12).reverse(), [...items].reverse(), items.filter((_, i) => i % 2 === 0)];
    const responses = await Promise.all(batches.map((batch) => sync(batch)));
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    const answers = new Map<string, string>();
    for (const response of responses) {
      for (const result of response.json<SyncBatchResponse>().results) {
        const approvalNumber = approved(result).approvalNumber;
        expect(answers.get(result.paymentId) ?? approvalNumber).toBe(approvalNumber);
        answers.set(result.paymentId, approvalNumber);
      }
    }
    expect(answers.size).toBe(12);
    const ledger = await ctx.db
      .selectFrom('ledger_entries')
      .select('payment_id')
      .where(
        'payment_id',
        'in',
        items.map((i) => i.paymentId),
      )
      .execute();
    expect(ledger).toHaveLength(12);
    for (const [n, id] of recipients.entries()) {
      const spent = items.filter((_, i) => i % 3 === n).reduce((sum, item) => sum + item.amountKrw, 0);
      const expected = before.get(id)!.balanceKrw - spent;
      expect(await ctx.balanceOf(id)).toEqual({ balanceKrw: expected, ledgerSumKrw: expected });
    }
  });

  it('applies each payment once when the same batch of 20 arrives 5 times at once, with identical answers', async () => {
    const now = ctx.clock.now();
    const recipients = ['rcp-01', 'rcp-05', 'rcp-06', 'rcp-07', 'rcp-08'];
    const before = new Map(await Promise.all(recipients.map(async (id) => [id, await ctx.balanceOf(id)] as const)));
    const items: OfflinePayment[] = Array.from({ length: 20 }, (_, i) => {
      const at = now - (30 - i) * MINUTE;
      if (i % 5 === 0) return activityCapture(30 + i, at);
      if (i % 5 === 1)
        return {
          ...activityCapture(60, at),
          programId: 'home-care',
          card: { kind: 'nfc', token: recipient('rcp-05').cardToken },
          minutesByType: { nursing: 60 },
          amountKrw: 17_800,
        };
      return amountCapture(recipients[2 + (i % 3)]!, 1_000 * (i + 1), at);
    });
    const responses = await Promise.all(Array.from({ length: 5 }, () => sync(items)));
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    const bodies = responses.map((r) => r.json<SyncBatchResponse>().results);
    for (const body of bodies.slice(1)) expect(body).toEqual(bodies[0]);
    expect(bodies[0]!.every((r) => r.status === 'approved')).toBe(true);

    const ids = items.map((item) => item.paymentId);
    const payments = await ctx.db.selectFrom('payments').select('id').where('id', 'in', ids).execute();
    expect(payments).toHaveLength(20);
    const ledger = await ctx.db.selectFrom('ledger_entries').select('payment_id').where('payment_id', 'in', ids).execute();
    expect(ledger).toHaveLength(20);
    expect(new Set(bodies[0]!.map((r) => approved(r).approvalNumber)).size).toBe(20);

    for (const id of recipients) {
      const voucherId = ctx.voucherIdOf(id);
      const voucherItems = items.filter((item) => (item.card?.kind === 'typed' ? id === 'rcp-01' : item.card?.token === recipient(id).cardToken));
      const spent = voucherItems.reduce((sum, item) => sum + item.amountKrw, 0);
      const now = await ctx.balanceOf(id);
      expect(now).toEqual({ balanceKrw: before.get(id)!.balanceKrw - spent, ledgerSumKrw: before.get(id)!.balanceKrw - spent });
      const granted = await ctx.db.selectFrom('vouchers').select('granted_krw').where('id', '=', voucherId).executeTakeFirstOrThrow();
      const approvedSum = await ctx.db
        .selectFrom('payments')
        .select((eb) => eb.fn.sum<number>('amount_krw').as('total'))
        .where('voucher_id', '=', voucherId)
        .where('status', '=', 'approved')
        .executeTakeFirstOrThrow();
      expect(now.balanceKrw).toBe(Number(granted.granted_krw) - Number(approvedSum.total ?? 0));
    }
  });
});

describe.each(databases)('device snapshot on %s', (kind) => {
  let ctx: TestContext;
  let cookie: string;

  beforeAll(async () => {
    ctx = await TestContext.create(kind);
    cookie = await ctx.login();
  });
  afterAll(async () => {
    await ctx.close();
  });

  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  it('refuses without a session with 1003', async () => {
    const response = await ctx.get(DEVICE_SNAPSHOT_PATH);
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('1003');
  });

  it("lists the institution's contracted recipients' vouchers of this month with card hashes, limits and the host clock, uncached", async () => {
    const screen = await ctx.lookup(cookie, 'rcp-02');
    await ctx.post('/api/services/start', { lookupId: screen.lookupId, deviceAt: ctx.clock.now() }, { cookie });
    const response = await ctx.get(DEVICE_SNAPSHOT_PATH, { cookie });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const parsed = v.safeParse(DeviceSnapshotSchema, response.json());
    if (!parsed.success) throw new Error(v.summarize(parsed.issues));
    const snapshot = parsed.output;
    expect(snapshot).toMatchObject({ institutionName: '성남주간보호센터-발달', limits: DEFAULT_OFFLINE_LIMITS, hostNow: T0 });
    // The device prices splits offline with the host's own tariff rows.
    expect(snapshot.tariff).toContainEqual(
      expect.objectContaining({ programId: 'activity-support', rate: 'standard', unit: 'hour', priceKrw: 17_270 }),
    );
    expect(snapshot.tariff).toHaveLength(TARIFF_2026.length);
    const byRecipient = new Map(snapshot.vouchers.map((voucher) => [voucher.recipientId, voucher]));
    // rcp-10 has a card but no contract with this institution: not on the device.
    expect([...byRecipient.keys()].sort()).toEqual([
      'rcp-01',
      'rcp-02',
      'rcp-03',
      'rcp-04',
      'rcp-05',
      'rcp-06',
      'rcp-07',
      'rcp-08',
      'rcp-09',
      'rcp-11',
    ]);
    const kim = byRecipient.get('rcp-06')!;
    expect(kim).toEqual({
      recipientId: 'rcp-06',
      recipientMasked: '김**',
      programId: 'developmental-rehab',
      serviceCode: '070101',
      voucherId: ctx.voucherIdOf('rcp-06'),
      voucherMonth: '2026-03',
      balanceKrw: 250_000,
      cardHashes: [sha256(`nfc:${recipient('rcp-06').cardToken}`), sha256(`typed:${recipient('rcp-06').cardNumber}`)],
      openService: null,
      openServices: [],
    });
    expect(byRecipient.get('rcp-02')!.openService).toEqual(screen.openService ?? { id: expect.any(String), startedAt: T0 });
    // A revoked card is not hashed: a device cannot pay with it offline.
    expect(byRecipient.get('rcp-11')!.cardHashes).toEqual([]);
    expect(JSON.stringify(snapshot)).not.toContain(recipient('rcp-06').cardToken);
  });
});
