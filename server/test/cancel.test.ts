/**
 * 거래 취소 through the one posting path (a ledger credit): once per payment, only the
 * institution's own, the balance restored exactly once even when cancels race, and a cancel queued
 * offline applied once — on SQLite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageKo } from '../../src/domain/errors';
import { SYNC_COMMANDS_PATH, type SyncCommandsResponse } from '../../src/domain/offline';
import type { CancelReceipt, Receipt } from '../../src/domain/wire';
import { hashPassword } from '../src/auth/password';
import { paymentRequest } from './online-payments';
import { databases, KIM, MINUTE, PARK, TestContext } from './test-context';

describe.each(databases)('cancellations on %s', (kind) => {
  let ctx: TestContext;
  let cookie: string;

  beforeAll(async () => {
    // Queries yield to the event loop, so the racing cancels below really interleave on SQLite too.
    ctx = await TestContext.create(kind, {}, { interleave: true });
    cookie = await ctx.login();
  });
  afterAll(async () => {
    await ctx.close();
  });

  async function paid(recipientId: string, amountKrw: number, as = cookie): Promise<Receipt> {
    const screen = await ctx.lookup(as, recipientId);
    const response = await ctx.post('/api/payments', paymentRequest(screen.lookupId, amountKrw, ctx.clock.now()), { cookie: as });
    expect(response.statusCode).toBe(200);
    return response.json<Receipt>();
  }
  const cancel = (target: object, options: { cancelId?: string; as?: string; deviceAt?: number } = {}) =>
    ctx.post(
      '/api/payments/cancel',
      { cancelId: options.cancelId ?? randomUUID(), target, deviceAt: options.deviceAt ?? ctx.clock.now() },
      { cookie: options.as ?? cookie },
    );

  it('lists a voucher screen’s payments of today for 당일거래 취소, each marked cancelled once it is', async () => {
    const first = await paid('rcp-07', 4_000);
    ctx.clock.advance(MINUTE);
    const second = await paid('rcp-07', 5_000);
    await paid('rcp-08', 6_000);
    expect((await cancel({ by: 'paymentId', paymentId: first.paymentId })).statusCode).toBe(200);

    const screen = await ctx.lookup(cookie, 'rcp-07');
    const listed = await ctx.get(`/api/payments/today?lookupId=${screen.lookupId}`, { cookie });
    expect(listed.statusCode).toBe(200);
    const rows = listed.json<{ payments: { paymentId: string; status: string; amountKrw: number }[] }>().payments;
    expect(rows.map((row) => [row.paymentId, row.status, row.amountKrw])).toEqual([
      [second.paymentId, 'approved', 5_000],
      [first.paymentId, 'cancelled', 4_000],
    ]);
    // Another worker's voucher screen is not this worker's to list from.
    const park = await ctx.login(PARK);
    expect((await ctx.get(`/api/payments/today?lookupId=${screen.lookupId}`, { cookie: park })).json().code).toBe('2106');
    expect((await ctx.get('/api/payments/today?lookupId=not a lookup', { cookie })).json().code).toBe('1001');
  });

  it('cancels by 승인번호: the amount comes back through a new ledger entry and an event, the payment is untouched', async () => {
    const before = await ctx.balanceOf('rcp-06');
    const receipt = await paid('rcp-06', 12_000);
    const cancelId = randomUUID();
    const response = await cancel({ by: 'approvalNumber', approvalNumber: receipt.approvalNumber }, { cancelId });
    expect(response.statusCode).toBe(200);
    expect(response.json<CancelReceipt>()).toMatchObject({
      cancelId,
      paymentId: receipt.paymentId,
      approvalNumber: receipt.approvalNumber,
      amountKrw: 12_000,
      balanceKrw: before.balanceKrw,
      recipientMasked: '김**',
    });
    expect(await ctx.balanceOf('rcp-06')).toEqual(before);
    const entries = await ctx.db.selectFrom('ledger_entries').select(['kind', 'delta_krw']).where('payment_id', '=', receipt.paymentId).execute();
    expect(entries.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'cancel', delta_krw: 12_000 },
      { kind: 'payment', delta_krw: -12_000 },
    ]);
    const payment = await ctx.db
      .selectFrom('payments')
      .select(['status', 'amount_krw'])
      .where('id', '=', receipt.paymentId)
      .executeTakeFirstOrThrow();
    expect(payment).toEqual({ status: 'approved', amount_krw: 12_000 });
    const events = await ctx.db.selectFrom('domain_events').select('kind').where('payment_id', '=', receipt.paymentId).execute();
    expect(events.map((e) => e.kind).sort()).toEqual(['payment.approved', 'payment.cancelled']);
    // The same cancel id again answers the same receipt; a new cancel of the same payment is 2131.
    expect((await cancel({ by: 'paymentId', paymentId: receipt.paymentId }, { cancelId })).json().code).toBe('2107');
    const retry = await cancel({ by: 'approvalNumber', approvalNumber: receipt.approvalNumber }, { cancelId });
    expect(retry.json<CancelReceipt>().balanceKrw).toBe(before.balanceKrw);
    const twice = await cancel({ by: 'paymentId', paymentId: receipt.paymentId });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toEqual({ code: '2131', message: '이미 취소된 결제입니다.' });
    expect(await ctx.balanceOf('rcp-06')).toEqual(before);
  });

  it('restores the balance exactly once when ten cancels of one payment race', async () => {
    const before = await ctx.balanceOf('rcp-07');
    const receipt = await paid('rcp-07', 9_000);
    const responses = await Promise.all(Array.from({ length: 10 }, () => cancel({ by: 'paymentId', paymentId: receipt.paymentId })));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, ...Array(9).fill(409)]);
    expect(responses.filter((r) => r.statusCode === 409).every((r) => r.json().code === '2131')).toBe(true);
    expect(await ctx.balanceOf('rcp-07')).toEqual(before);
    expect(await ctx.db.selectFrom('cancellations').select('id').where('payment_id', '=', receipt.paymentId).execute()).toHaveLength(1);
  });

  it("refuses another institution's payment and an unknown 승인번호 with 2130, saying nothing of whose it is", async () => {
    const receipt = await paid('rcp-08', 2_000);
    const hostNow = ctx.clock.now();
    await ctx.db.insertInto('institutions').values({ id: 'inst-other', name: '다른기관', created_at: hostNow }).execute();
    await ctx.db
      .insertInto('workers')
      .values({
        id: 'wrk-other',
        institution_id: 'inst-other',
        name: '최다른',
        phone: '01055556666',
        password_hash: await hashPassword('other-pass1!'),
        payment_id: '9001',
        created_at: hostNow,
      })
      .execute();
    const other = await ctx.login({ id: 'wrk-other', name: '최다른', phone: '01055556666', password: 'other-pass1!', paymentId: '9001' });
    const before = await ctx.balanceOf('rcp-08');
    const foreign = await cancel({ by: 'paymentId', paymentId: receipt.paymentId }, { as: other });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('2130');
    expect((await cancel({ by: 'approvalNumber', approvalNumber: '000000000000' })).json().code).toMatch(/^(2130|1001)$/);
    expect(await ctx.balanceOf('rcp-08')).toEqual(before);
  });

  it('applies a cancel queued offline once, and answers its resend with the same result', async () => {
    const before = await ctx.balanceOf('rcp-08');
    const receipt = await paid('rcp-08', 3_000);
    const command = { kind: 'cancel', commandId: randomUUID(), workerId: KIM.id, paymentId: receipt.paymentId, capturedAt: ctx.clock.now() };
    const send = async () =>
      (await ctx.post(SYNC_COMMANDS_PATH, { items: [command], sentAt: ctx.clock.now() }, { cookie })).json<SyncCommandsResponse>().results[0];
    const first = await send();
    expect(first).toMatchObject({
      commandId: command.commandId,
      kind: 'cancel',
      status: 'cancelled',
      approvalNumber: receipt.approvalNumber,
      balanceKrw: before.balanceKrw,
    });
    expect(await send()).toEqual(first);
    expect(await ctx.balanceOf('rcp-08')).toEqual(before);
  });

  it("refuses an online cancel whose device clock disagrees with the host's with 0101, and keeps that answer", async () => {
    const receipt = await paid('rcp-07', 4_000);
    const before = await ctx.balanceOf('rcp-07');
    const target = { by: 'paymentId', paymentId: receipt.paymentId };
    for (const deviceAt of [ctx.clock.now() + 6 * MINUTE, ctx.clock.now() - 6 * MINUTE, Date.UTC(2099, 0, 1)]) {
      const cancelId = randomUUID();
      const response = await cancel(target, { cancelId, deviceAt });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ code: '0101', message: messageKo('0101') });
      // Stored under its id, like a payment's: the same request again gets the same refusal.
      expect((await cancel(target, { cancelId, deviceAt })).json().code).toBe('0101');
    }
    expect(await ctx.balanceOf('rcp-07')).toEqual(before);
    expect(await ctx.db.selectFrom('cancellations').select('id').where('payment_id', '=', receipt.paymentId).execute()).toEqual([]);
    // Within the tolerance the payment is still cancellable.
    expect((await cancel(target, { deviceAt: ctx.clock.now() - 4 * MINUTE })).statusCode).toBe(200);
  });

  it('refuses a queued cancel captured in the future beyond the tolerance with 0101, and takes an old one', async () => {
    const future = await paid('rcp-06', 2_500);
    const old = await paid('rcp-06', 1_500);
    const before = await ctx.balanceOf('rcp-06');
    const now = ctx.clock.now();
    const fromTheFuture = { kind: 'cancel', commandId: randomUUID(), workerId: KIM.id, paymentId: future.paymentId, capturedAt: now + 6 * MINUTE };
    // Queued an hour ago without signal: a cancel is old by nature on this path.
    const queued = { kind: 'cancel', commandId: randomUUID(), workerId: KIM.id, paymentId: old.paymentId, capturedAt: now - 60 * MINUTE };
    const send = async () =>
      (await ctx.post(SYNC_COMMANDS_PATH, { items: [fromTheFuture, queued], sentAt: now }, { cookie })).json<SyncCommandsResponse>().results;
    const [refused, taken] = await send();
    expect(refused).toEqual({ commandId: fromTheFuture.commandId, status: 'refused', code: '0101', message: messageKo('0101') });
    expect(taken).toMatchObject({ commandId: queued.commandId, status: 'cancelled', balanceKrw: before.balanceKrw + 1_500 });
    expect(await ctx.balanceOf('rcp-06')).toEqual({ balanceKrw: before.balanceKrw + 1_500, ledgerSumKrw: before.balanceKrw + 1_500 });
    // Its id has its outcome: once the clock has caught up, the resend still answers 0101.
    ctx.clock.advance(10 * MINUTE);
    expect((await send())[0]).toMatchObject({ status: 'refused', code: '0101' });
    expect(await ctx.db.selectFrom('cancellations').select('id').where('payment_id', '=', future.paymentId).execute()).toEqual([]);
  });

  it("refuses to cancel last month's payment with 2132 once the month has turned", async () => {
    const receipt = await paid('rcp-06', 1_000);
    const before = await ctx.balanceOf('rcp-06');
    ctx.clock.advance(31 * 24 * 60 * 60_000);
    const response = await cancel({ by: 'paymentId', paymentId: receipt.paymentId }, { as: await ctx.login() });
    expect(response.json().code).toBe('2132');
    expect(await ctx.balanceOf('rcp-06')).toEqual(before);
  });
});
