import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isApprovalNumber } from '../../src/domain/approval';
import type { PaymentRequest, Receipt } from '../../src/domain/wire';
import { isUniqueViolation } from '../src/db/errors';
import { paymentRequest } from './online-payments';
import { databases, TestContext } from './test-context';

describe.each(databases)('concurrent payments on one voucher on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create(kind);
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('serializes 50 payments: the balance ends exact and never negative, the rest get 2101, repeats get the original', async () => {
    const cookie = await ctx.login();
    // 발달재활 voucher of 250,000원; 45 distinct payments of 7,000원 want 315,000원: 35 fit.
    const screen = await ctx.lookup(cookie, 'rcp-06');
    const now = ctx.clock.now();
    const distinct: PaymentRequest[] = Array.from({ length: 45 }, () => paymentRequest(screen.lookupId, 7_000, now));
    // Five of the fifty are the same payments sent twice (a retry racing its original).
    const requests = [...distinct, ...distinct.slice(0, 5)];
    const transactions = vi.spyOn(ctx.db, 'transaction');
    const responses = await Promise.all(requests.map((body) => ctx.post('/api/payments', body, { cookie })));
    // Payments that arrive together are posted together (group commit), not one transaction each.
    expect(transactions.mock.calls.length).toBeLessThan(distinct.length / 2);
    transactions.mockRestore();

    const byId = new Map<string, { status: number; body: Receipt & { code?: string } }[]>();
    requests.forEach((request, i) => {
      const response = responses[i]!;
      byId.set(request.paymentId, [...(byId.get(request.paymentId) ?? []), { status: response.statusCode, body: response.json() }]);
    });
    const firstAnswers = distinct.map((r) => byId.get(r.paymentId)![0]!);
    const approved = firstAnswers.filter((a) => a.status === 200);
    const refused = firstAnswers.filter((a) => a.status !== 200);
    expect(approved).toHaveLength(35);
    expect(refused).toHaveLength(10);
    expect(refused.every((a) => a.status === 409 && a.body.code === '2101')).toBe(true);

    // Each repeated id got exactly the answer of its original.
    for (const request of distinct.slice(0, 5)) {
      const [original, repeat] = byId.get(request.paymentId)!;
      expect(repeat!.status).toBe(original!.status);
      if (original!.status === 200) expect(repeat!.body.approvalNumber).toBe(original!.body.approvalNumber);
      else expect(repeat!.body.code).toBe(original!.body.code);
    }

    const numbers = approved.map((a) => a.body.approvalNumber);
    expect(new Set(numbers).size).toBe(35);
    expect(numbers.every(isApprovalNumber)).toBe(true);
    // Balances after each approval are the 35 distinct steps 243,000 … 5,000: no lost update.
    expect(approved.map((a) => a.body.balanceKrw).sort((a, b) => b - a)).toEqual(Array.from({ length: 35 }, (_, i) => 250_000 - 7_000 * (i + 1)));
    expect(await ctx.balanceOf('rcp-06')).toEqual({ balanceKrw: 5_000, ledgerSumKrw: 5_000 });

    const stored = await ctx.db.selectFrom('payments').select(['status']).where('voucher_id', '=', ctx.voucherIdOf('rcp-06')).execute();
    expect(stored.filter((p) => p.status === 'approved')).toHaveLength(35);
    expect(stored).toHaveLength(35);
    const outcomes = await ctx.db
      .selectFrom('commands')
      .select(['status', 'code'])
      .where(
        'id',
        'in',
        distinct.map((r) => r.paymentId),
      )
      .execute();
    expect(outcomes.filter((c) => c.status === 'refused' && c.code === '2101')).toHaveLength(10);
    const ledger = await ctx.db.selectFrom('ledger_entries').select('kind').where('voucher_id', '=', ctx.voucherIdOf('rcp-06')).execute();
    expect(ledger.filter((e) => e.kind === 'payment')).toHaveLength(35);

    // A later retry of an approved payment still answers its original receipt and charges nothing.
    const approvedRequest = distinct.find((r) => byId.get(r.paymentId)![0]!.status === 200)!;
    const retry = await ctx.post('/api/payments', approvedRequest, { cookie });
    expect(retry.json<Receipt>().approvalNumber).toBe(byId.get(approvedRequest.paymentId)![0]!.body.approvalNumber);
    expect((await ctx.balanceOf('rcp-06')).balanceKrw).toBe(5_000);
  });

  it('lets only one of two simultaneous payments close the same started service', async () => {
    const cookie = await ctx.login();
    const startScreen = await ctx.lookup(cookie, 'rcp-02');
    await ctx.post('/api/services/start', { lookupId: startScreen.lookupId, deviceAt: ctx.clock.now() }, { cookie });
    ctx.clock.advance(90 * 60_000);
    const screen = await ctx.lookup(cookie, 'rcp-02');
    const now = ctx.clock.now();
    const body = () => paymentRequest(screen.lookupId, 25_905, now, { openServiceId: screen.openService!.id, minutesByType: { social: 90 } });
    const [a, b] = await Promise.all([ctx.post('/api/payments', body(), { cookie }), ctx.post('/api/payments', body(), { cookie })]);
    expect([a!.statusCode, b!.statusCode].sort()).toEqual([200, 409]);
    expect([a!.json().code, b!.json().code]).toContain('2108');
    expect(await ctx.balanceOf('rcp-02')).toEqual({ balanceKrw: 1_200_000 - 25_905, ledgerSumKrw: 1_200_000 - 25_905 });
  });

  it('lets only one of two simultaneous service starts through, the other gets 2109', async () => {
    const cookie = await ctx.login();
    const [first, second] = await Promise.all([ctx.lookup(cookie, 'rcp-03'), ctx.lookup(cookie, 'rcp-03')]);
    const [a, b] = await Promise.all(
      [first!, second!].map((screen) => ctx.post('/api/services/start', { lookupId: screen.lookupId, deviceAt: ctx.clock.now() }, { cookie })),
    );
    expect([a!.statusCode, b!.statusCode].sort()).toEqual([200, 409]);
    expect([a!.json().code, b!.json().code]).toContain('2109');
    const open = await ctx.db.selectFrom('open_services').select('id').where('voucher_id', '=', ctx.voucherIdOf('rcp-03')).execute();
    expect(open).toHaveLength(1);
  });

  it('recognises an approval-number collision on this engine, so the payment transaction is retried', async () => {
    const taken = await ctx.db.selectFrom('payments').selectAll().where('status', '=', 'approved').executeTakeFirstOrThrow();
    let caught: unknown;
    try {
      await ctx.db
        .insertInto('payments')
        .values({ ...taken, id: randomUUID() })
        .execute();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeDefined();
    expect(isUniqueViolation(caught, 'approval_number')).toBe(true);
    expect(isUniqueViolation(caught, 'terminal_number')).toBe(false);
  });
});
