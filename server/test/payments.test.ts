import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isApprovalNumber } from '../../src/domain/approval';
import type { NormalPaymentRequest, PaymentRequest, Receipt, TodayPayment, VoucherScreen } from '../../src/domain/wire';
import { paymentRequest } from './online-payments';
import { databases, MINUTE, PARK, TestContext } from './test-context';

describe.each(databases)('payments on %s', (kind) => {
  let ctx: TestContext;
  let cookie: string;
  const approvals: string[] = [];

  beforeAll(async () => {
    ctx = await TestContext.create(kind);
    cookie = await ctx.login();
  });
  afterAll(async () => {
    await ctx.close();
  });
  // Each payment gets its own minute, so "newest first" has one right answer.
  beforeEach(() => {
    ctx.clock.advance(MINUTE);
  });

  const pay = (body: PaymentRequest | Record<string, unknown>) => ctx.post('/api/payments', body, { cookie });

  function amountPayment(screen: VoucherScreen, amountKrw: number, overrides: Partial<NormalPaymentRequest> = {}): PaymentRequest {
    return paymentRequest(screen.lookupId, amountKrw, ctx.clock.now(), overrides);
  }

  function timePayment(screen: VoucherScreen, minutesByType: Record<string, number>, amountKrw: number): PaymentRequest {
    return paymentRequest(screen.lookupId, amountKrw, ctx.clock.now(), { openServiceId: screen.openService?.id ?? null, minutesByType });
  }

  async function startService(screen: VoucherScreen) {
    return ctx.post('/api/services/start', { lookupId: screen.lookupId, deviceAt: ctx.clock.now() }, { cookie });
  }

  it('takes a 활동보조 payment: start, 120 minutes, split over two types, 34,540원 by the tariff', async () => {
    const startAt = ctx.clock.now();
    const startScreen = await ctx.lookup(cookie, 'rcp-01');
    const started = await startService(startScreen);
    expect(started.statusCode).toBe(200);
    const { openService } = started.json<{ openService: { id: string; startedAt: number } }>();
    expect(openService.startedAt).toBe(ctx.clock.now());

    ctx.clock.advance(120 * MINUTE);
    const endScreen = await ctx.lookup(cookie, 'rcp-01');
    expect(endScreen.openService).toEqual(openService);

    const ledgerBefore = await ctx.count('ledger_entries');
    const notAddingUp = await pay(timePayment(endScreen, { social: 60, physical: 50 }, 34_540));
    expect(notAddingUp.statusCode).toBe(400);
    expect(notAddingUp.json().code).toBe('2104');
    const wrongAmount = await pay(timePayment(endScreen, { social: 60, physical: 60 }, 34_000));
    expect(wrongAmount.statusCode).toBe(409);
    expect(wrongAmount.json().code).toBe('2110');
    const noOpenService = await pay({ ...timePayment(endScreen, { social: 60, physical: 60 }, 34_540), openServiceId: null });
    expect(noOpenService.json().code).toBe('2108');
    const unknownType = await pay(timePayment(endScreen, { social: 60, bath: 60 }, 34_540));
    expect(unknownType.json().code).toBe('2112');
    expect(await ctx.balanceOf('rcp-01')).toEqual({ balanceKrw: 1_932_800, ledgerSumKrw: 1_932_800 });
    expect(await ctx.count('ledger_entries')).toBe(ledgerBefore);

    const request = timePayment(endScreen, { social: 60, physical: 60 }, 34_540);
    const response = await pay(request);
    expect(response.statusCode).toBe(200);
    const receipt = response.json<Receipt>();
    expect(receipt).toEqual({
      paymentId: request.paymentId,
      approvalNumber: expect.any(String),
      programId: 'activity-support',
      institutionName: '성남주간보호센터-발달',
      recipientMasked: '이**',
      serviceCode: '010101',
      serviceDate: '2026-03-10',
      serviceStartAt: startAt,
      serviceEndAt: startAt + 120 * MINUTE,
      minutesByType: { social: 60, physical: 60 },
      amountKrw: 34_540,
      balanceKrw: 1_932_800 - 34_540,
      cardRead: 'nfc',
      recordedAt: startAt + 120 * MINUTE,
    });
    expect(isApprovalNumber(receipt.approvalNumber)).toBe(true);
    approvals.push(receipt.approvalNumber);
    expect(await ctx.balanceOf('rcp-01')).toEqual({ balanceKrw: 1_898_260, ledgerSumKrw: 1_898_260 });

    // The service is closed: the next card read shows none, and a second payment for it is refused.
    const after = await ctx.lookup(cookie, 'rcp-01');
    expect(after.openService).toBeNull();
    const again = await pay(timePayment({ ...after, openService: openService }, { social: 60, physical: 60 }, 34_540));
    expect(again.json().code).toBe('2108');
  });

  it('refuses a second service start on the same voucher with 2109 and a start for amount programs with 2206', async () => {
    const screen = await ctx.lookup(cookie, 'rcp-05');
    expect((await startService(screen)).statusCode).toBe(200);
    const second = await startService(await ctx.lookup(cookie, 'rcp-05'));
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('2109');
    const amountProgram = await startService(await ctx.lookup(cookie, 'rcp-06'));
    expect(amountProgram.json().code).toBe('2206');
  });

  it('takes one 방문목욕 type per visit: two types → 2105, one type → the visit price', async () => {
    await startService(await ctx.lookup(cookie, 'rcp-04'));
    ctx.clock.advance(60 * MINUTE);
    const screen = await ctx.lookup(cookie, 'rcp-04');
    const both = await pay(timePayment(screen, { 'in-vehicle': 30, 'in-home': 30 }, 88_990));
    expect(both.statusCode).toBe(400);
    expect(both.json().code).toBe('2105');
    expect((await ctx.balanceOf('rcp-04')).balanceKrw).toBe(400_000);
    const one = await pay(timePayment(screen, { 'in-vehicle': 60, 'in-home': 0 }, 88_990));
    expect(one.statusCode).toBe(200);
    const receipt = one.json<Receipt>();
    expect(receipt.serviceCode).toBe('010401');
    expect(receipt.minutesByType).toEqual({ 'in-vehicle': 60 });
    expect(receipt.balanceKrw).toBe(400_000 - 88_990);
    approvals.push(receipt.approvalNumber);
  });

  it('takes an entered amount for 발달재활 with the typed card mark', async () => {
    const screen = await ctx.lookup(cookie, 'rcp-06', 'typed');
    const request = amountPayment(screen, 55_000);
    const response = await pay(request);
    expect(response.statusCode).toBe(200);
    const receipt = response.json<Receipt>();
    expect(receipt.amountKrw).toBe(55_000);
    expect(receipt.balanceKrw).toBe(195_000);
    expect(receipt.serviceStartAt).toBe(receipt.serviceEndAt);
    expect(receipt.serviceCode).toBe('070101');
    expect(receipt.cardRead).toBe('typed');
    expect(receipt.minutesByType).toEqual({});
    approvals.push(receipt.approvalNumber);
  });

  it('refuses zero, negative and absurd amounts with 2103 and changes nothing', async () => {
    const screen = await ctx.lookup(cookie, 'rcp-06');
    const paymentsBefore = await ctx.count('payments');
    for (const amount of [0, -1_000, 2_000_001, 30_000_000, 1.5]) {
      const response = await pay(amountPayment(screen, amount));
      expect(response.statusCode, `amount ${amount}`).toBe(400);
      expect(response.json().code, `amount ${amount}`).toBe('2103');
    }
    const withSplit = await pay(amountPayment(screen, 10_000, { minutesByType: { session: 60 } }));
    expect(withSplit.json().code).toBe('1001');
    expect(await ctx.count('payments')).toBe(paymentsBefore);
    expect(await ctx.balanceOf('rcp-06')).toEqual({ balanceKrw: 195_000, ledgerSumKrw: 195_000 });
  });

  it('refuses a payment on an expired voucher screen with 2106', async () => {
    const screen = await ctx.lookup(cookie, 'rcp-08');
    ctx.clock.advance(5 * MINUTE);
    const response = await pay(amountPayment(screen, 20_000));
    expect(response.statusCode).toBe(410);
    expect(response.json().code).toBe('2106');
    expect((await ctx.balanceOf('rcp-08')).balanceKrw).toBe(160_000);
  });

  it('refuses a voucher screen opened by another worker with 2106', async () => {
    const screen = await ctx.lookup(cookie, 'rcp-08');
    const parkCookie = await ctx.login(PARK);
    const response = await ctx.post('/api/payments', amountPayment(screen, 20_000), { cookie: parkCookie });
    expect(response.json().code).toBe('2106');
  });

  it('refuses a device clock 5 minutes off with 0101 and an end time in the future with 3104', async () => {
    const screen = await ctx.lookup(cookie, 'rcp-08');
    const now = ctx.clock.now();
    const behind = await pay(amountPayment(screen, 20_000, { deviceAt: now - 5 * MINUTE }));
    expect(behind.statusCode).toBe(400);
    expect(behind.json().code).toBe('0101');
    const ahead = await pay(amountPayment(screen, 20_000, { deviceAt: now + 5 * MINUTE }));
    expect(ahead.json().code).toBe('0101');
    const future = await pay(amountPayment(screen, 20_000, { serviceEndAt: now + 2 * MINUTE }));
    expect(future.statusCode).toBe(400);
    expect(future.json().code).toBe('3104');
    const startSkewed = await ctx.post(
      '/api/services/start',
      { lookupId: (await ctx.lookup(cookie, 'rcp-03')).lookupId, deviceAt: now + 6 * MINUTE },
      { cookie },
    );
    expect(startSkewed.json().code).toBe('0101');
    expect((await ctx.balanceOf('rcp-08')).balanceKrw).toBe(160_000);
    const slightlyOff = await pay(amountPayment(screen, 20_000, { deviceAt: now - 4 * MINUTE }));
    expect(slightlyOff.statusCode).toBe(200);
    approvals.push(slightlyOff.json<Receipt>().approvalNumber);
  });

  it('refuses a payment larger than the balance with 2101, charging nothing', async () => {
    const screen = await ctx.lookup(cookie, 'rcp-09');
    const ledgerBefore = await ctx.count('ledger_entries');
    const request = amountPayment(screen, 10_001);
    const refused = await pay(request);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toEqual({ code: '2101', message: '바우처 잔액이 부족합니다.' });
    expect(await ctx.balanceOf('rcp-09')).toEqual({ balanceKrw: 10_000, ledgerSumKrw: 10_000 });
    expect(await ctx.count('ledger_entries')).toBe(ledgerBefore);
    expect(
      await ctx.db
        .selectFrom('payments')
        .select('id')
        .where('id', '=', request.paymentId as string)
        .execute(),
    ).toEqual([]);
    const stored = await ctx.db
      .selectFrom('commands')
      .selectAll()
      .where('id', '=', request.paymentId as string)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'refused', code: '2101', channel: 'online', worker_id: 'wrk-kim' });
    // A resubmission of the refused payment gets the same refusal.
    expect((await pay(request)).json().code).toBe('2101');
    const exact = await pay(amountPayment(screen, 10_000));
    expect(exact.statusCode).toBe(200);
    expect(exact.json<Receipt>().balanceKrw).toBe(0);
    approvals.push(exact.json<Receipt>().approvalNumber);
    expect(await ctx.balanceOf('rcp-09')).toEqual({ balanceKrw: 0, ledgerSumKrw: 0 });
  });

  it('returns the same approval number when a payment id is resubmitted, and 2107 for a changed body', async () => {
    const screen = await ctx.lookup(cookie, 'rcp-07');
    const request = amountPayment(screen, 30_000);
    const first = await pay(request);
    const second = await pay(request);
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.json<Receipt>()).toEqual(first.json<Receipt>());
    approvals.push(first.json<Receipt>().approvalNumber);
    expect(await ctx.balanceOf('rcp-07')).toEqual({ balanceKrw: 190_000, ledgerSumKrw: 190_000 });
    const changed = await pay({ ...request, amountKrw: 31_000 });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().code).toBe('2107');
    // Even after the voucher screen has expired, a retry gets its original receipt.
    ctx.clock.advance(10 * MINUTE);
    const late = await pay(request);
    expect(late.json<Receipt>().approvalNumber).toBe(first.json<Receipt>().approvalNumber);
    expect((await ctx.balanceOf('rcp-07')).balanceKrw).toBe(190_000);
  });

  it("lists the worker's approved payments of the Seoul day, newest first", async () => {
    const response = await ctx.get('/api/payments/today', { cookie });
    expect(response.statusCode).toBe(200);
    const { payments } = response.json<{ payments: TodayPayment[] }>();
    expect(payments.map((p) => p.approvalNumber)).toEqual([...approvals].reverse());
    expect(payments.map((p) => p.amountKrw)).toEqual([30_000, 10_000, 20_000, 55_000, 88_990, 34_540]);
    expect(payments[0]).toMatchObject({ programId: 'language-development', recipientMasked: '윤**', status: 'approved' });
    const parkCookie = await ctx.login(PARK);
    expect((await ctx.get('/api/payments/today', { cookie: parkCookie })).json()).toEqual({ payments: [] });
    // Tomorrow the list starts empty.
    ctx.clock.advance(24 * 60 * MINUTE);
    const tomorrow = await ctx.get('/api/payments/today', { cookie: await ctx.login() });
    expect(tomorrow.json()).toEqual({ payments: [] });
  });

  it('keeps every balance equal to the sum of its ledger and every approval number unique and valid', async () => {
    const vouchers = await ctx.db.selectFrom('vouchers').select('id').execute();
    for (const { id } of vouchers) {
      const voucher = await ctx.db.selectFrom('vouchers').select('balance_krw').where('id', '=', id).executeTakeFirstOrThrow();
      const entries = await ctx.db.selectFrom('ledger_entries').select('delta_krw').where('voucher_id', '=', id).execute();
      expect(entries.reduce((sum, e) => sum + Number(e.delta_krw), 0)).toBe(Number(voucher.balance_krw));
    }
    const numbers = (await ctx.db.selectFrom('payments').select('approval_number').where('status', '=', 'approved').execute()).map(
      (p) => p.approval_number!,
    );
    expect(numbers).toHaveLength(6);
    expect(new Set(numbers).size).toBe(6);
    expect(numbers.every(isApprovalNumber)).toBe(true);
  });
});
