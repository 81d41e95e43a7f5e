import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seoulInstant } from '../../src/domain/time';
import type { Receipt, RetroMonitoring, RetroPaymentRequest, RetroSummary } from '../../src/domain/wire';
import { randomUUID } from 'node:crypto';
import { SYNC_COMMANDS_PATH, type OfflinePayment, type SyncCommandsResponse } from '../../src/domain/offline';
import { activityCapture } from './offline-payments';
import { databases, KIM, MINUTE, TestContext } from './test-context';

/** T0 of the test context is 2026-03-10 10:00 Seoul. */
const at = (date: string, hour: number, minute = 0) => seoulInstant(date, hour, minute);

describe.each(databases)('소급결제 on %s', (kind) => {
  let ctx: TestContext;
  let cookie: string;

  beforeAll(async () => {
    ctx = await TestContext.create(kind);
    cookie = await ctx.login();
  });
  afterAll(async () => {
    await ctx.close();
  });

  /** One 소급결제 of 발달재활 in another host's context. */
  async function retroIn(other: TestContext, worker: string) {
    const screen = await other.lookup(worker, 'rcp-06');
    const day = at('2026-03-05', 0);
    const body = { ...retroBody(screen.lookupId, other.clock.now()), serviceStartAt: day, serviceEndAt: day, amountKrw: 10_000 };
    expect((await other.post('/api/payments', body, { cookie: worker })).statusCode).toBe(200);
  }

  function retroBody(lookupId: string, now: number): RetroPaymentRequest {
    return {
      paymentId: randomUUID(),
      lookupId,
      method: 'card',
      mode: 'retroactive',
      openServiceId: null,
      serviceStartAt: at('2026-03-09', 9),
      serviceEndAt: at('2026-03-09', 11),
      reason: 'terminal-lost',
      minutesByType: {},
      amountKrw: 0,
      deviceAt: now,
    };
  }

  async function retro(recipientId: string, fields: Partial<RetroPaymentRequest>) {
    const screen = await ctx.lookup(cookie, recipientId);
    const request: RetroPaymentRequest = { ...retroBody(screen.lookupId, ctx.clock.now()), ...fields };
    const response = await ctx.post('/api/payments', request, { cookie });
    return { request, response };
  }

  it('bills a 활동보조 service across midnight with its reason, priced like any service', async () => {
    const { request, response } = await retro('rcp-01', {
      serviceStartAt: at('2026-03-08', 23, 0),
      serviceEndAt: at('2026-03-09', 1, 0),
      minutesByType: { social: 120 },
      amountKrw: 34_540,
    });
    expect(response.statusCode).toBe(200);
    const receipt = response.json<Receipt>();
    expect(receipt).toMatchObject({ serviceDate: '2026-03-08', amountKrw: 34_540, balanceKrw: 1_932_800 - 34_540, minutesByType: { social: 120 } });
    const row = await ctx.database.db.selectFrom('payments').select(['mode', 'reason']).where('id', '=', request.paymentId).executeTakeFirstOrThrow();
    expect(row).toEqual({ mode: 'retroactive', reason: 'terminal-lost' });
    expect(await ctx.balanceOf('rcp-01')).toEqual({ balanceKrw: 1_932_800 - 34_540, ledgerSumKrw: 1_932_800 - 34_540 });

    // The same id and body again: the original approval; the same id with another body: 2107.
    const again = await ctx.post('/api/payments', request, { cookie });
    expect(again.json<Receipt>().approvalNumber).toBe(receipt.approvalNumber);
    const changed = await ctx.post('/api/payments', { ...request, reason: 'card-lost' }, { cookie });
    expect(changed.json().code).toBe('2107');
  });

  it('bills a 발달재활 session by its date and amount', async () => {
    const day = at('2026-03-05', 0);
    const { response } = await retro('rcp-06', { serviceStartAt: day, serviceEndAt: day, amountKrw: 15_000, reason: 'card-lost' });
    expect(response.statusCode).toBe(200);
    expect(response.json<Receipt>()).toMatchObject({ serviceDate: '2026-03-05', amountKrw: 15_000, balanceKrw: 250_000 - 15_000 });
  });

  it.each([
    ['an end before the start', { serviceStartAt: at('2026-03-09', 12), serviceEndAt: at('2026-03-09', 11), minutesByType: { social: 60 } }, '3105'],
    ['an end after now', { serviceStartAt: at('2026-03-10', 9), serviceEndAt: at('2026-03-10', 11), minutesByType: { social: 120 } }, '3104'],
    ['8 hours and a minute', { serviceStartAt: at('2026-03-09', 9), serviceEndAt: at('2026-03-09', 17, 1), minutesByType: { social: 481 } }, '3106'],
    [
      '대상자 카드 미소지 for yesterday',
      { serviceStartAt: at('2026-03-09', 9), serviceEndAt: at('2026-03-09', 10), minutesByType: { social: 60 }, reason: 'card-not-carried' as const },
      '3107',
    ],
    ['a service of last month', { serviceStartAt: at('2026-02-27', 9), serviceEndAt: at('2026-02-27', 10), minutesByType: { social: 60 } }, '3108'],
    [
      'a split that does not add up',
      { serviceStartAt: at('2026-03-09', 9), serviceEndAt: at('2026-03-09', 10), minutesByType: { social: 50 } },
      '2104',
    ],
    [
      'a price the tariff does not give',
      { serviceStartAt: at('2026-03-09', 9), serviceEndAt: at('2026-03-09', 10), minutesByType: { social: 60 }, amountKrw: 1 },
      '2110',
    ],
  ])('refuses %s and moves no money', async (_name, fields, code) => {
    const before = await ctx.balanceOf('rcp-02');
    const ledger = await ctx.count('ledger_entries');
    const { response } = await retro('rcp-02', { amountKrw: 17_270, ...fields });
    expect(response.json().code).toBe(code);
    expect(await ctx.balanceOf('rcp-02')).toEqual(before);
    expect(await ctx.count('ledger_entries')).toBe(ledger);
  });

  it('takes 대상자 카드 미소지 for a service earlier the same day', async () => {
    const { response } = await retro('rcp-02', {
      serviceStartAt: at('2026-03-10', 7),
      serviceEndAt: at('2026-03-10', 8),
      minutesByType: { social: 60 },
      amountKrw: 17_270,
      reason: 'card-not-carried',
    });
    expect(response.statusCode).toBe(200);
  });

  it('keeps the institution’s retroactive ratio of the month, offline captures in neither count', async () => {
    // A 정상결제 beside the 소급결제 of the tests above.
    const screen = await ctx.lookup(cookie, 'rcp-08');
    const normal = await ctx.post(
      '/api/payments',
      {
        paymentId: randomUUID(),
        lookupId: screen.lookupId,
        method: 'card',
        mode: 'normal',
        openServiceId: null,
        serviceEndAt: ctx.clock.now(),
        minutesByType: {},
        amountKrw: 3_000,
        deviceAt: ctx.clock.now(),
      },
      { cookie },
    );
    expect(normal.statusCode).toBe(200);
    const summary = await ctx.get('/api/payments/retroactive-summary', { cookie });
    expect(summary.json<RetroSummary>()).toEqual({
      month: '2026-03',
      retroactiveCount: 3,
      paymentCount: 4,
      ratio: 0.75,
      threshold: 0.1,
      flagged: true,
      maxMinutes: 480,
    });
  });

  it('reports every institution’s ratio of the month to the monitoring operator, and to nobody else', async () => {
    const monitored = await TestContext.create(kind, { monitoringToken: 'ops-secret-token' });
    try {
      const worker = await monitored.login();
      await retroIn(monitored, worker);
      const report = await monitored.get('/api/monitoring/retroactive?month=2026-03', { headers: { authorization: 'Bearer ops-secret-token' } });
      expect(report.statusCode).toBe(200);
      expect(report.json<RetroMonitoring>()).toEqual({
        month: '2026-03',
        threshold: 0.1,
        institutions: [{ institutionId: 'inst-seongnam', retroactiveCount: 1, paymentCount: 1, ratio: 1, flagged: true }],
      });
      expect(
        (await monitored.get('/api/monitoring/retroactive?month=2026-02', { headers: { authorization: 'Bearer ops-secret-token' } })).json(),
      ).toEqual({
        month: '2026-02',
        threshold: 0.1,
        institutions: [],
      });
      // A wrong token, a worker's session, or a malformed month change nothing and learn nothing.
      expect((await monitored.get('/api/monitoring/retroactive', { headers: { authorization: 'Bearer guess' } })).json().code).toBe('1003');
      expect((await monitored.get('/api/monitoring/retroactive', { cookie: worker })).json().code).toBe('1003');
      const badMonth = await monitored.get('/api/monitoring/retroactive?month=2026-13', { headers: { authorization: 'Bearer ops-secret-token' } });
      expect(badMonth.json().code).toBe('1001');
    } finally {
      await monitored.close();
    }
    // Without MONITORING_TOKEN the report does not exist.
    expect((await ctx.get('/api/monitoring/retroactive', { headers: { authorization: 'Bearer anything' } })).statusCode).toBe(404);
  });

  it('takes a 소급결제 captured with no signal as a command, checking its rules again on sync', async () => {
    const now = ctx.clock.now();
    const day = (d: string, h: number) => at(d, h);
    const retroCapture = (fields: Partial<OfflinePayment>) =>
      activityCapture(60, now - 30 * MINUTE, {
        mode: 'retroactive',
        reason: 'card-lost',
        serviceStartAt: day('2026-03-08', 9),
        serviceEndAt: day('2026-03-08', 10),
        ...fields,
      });
    const good = retroCapture({});
    const tooLong = retroCapture({
      serviceStartAt: day('2026-03-08', 9),
      serviceEndAt: day('2026-03-08', 17) + MINUTE,
      minutesByType: { social: 481 },
    });
    // 대상자 카드 미소지 is judged on the day the worker entered it, not the day it synced.
    const sameDayAtCapture = retroCapture({ reason: 'card-not-carried', serviceStartAt: day('2026-03-10', 7), serviceEndAt: day('2026-03-10', 8) });
    const notThatDay = retroCapture({ reason: 'card-not-carried' });
    const offlineWithAReason = activityCapture(60, now - 30 * MINUTE, { reason: 'card-lost' });
    const before = await ctx.balanceOf('rcp-01');
    const response = await ctx.post(
      SYNC_COMMANDS_PATH,
      {
        items: [good, tooLong, sameDayAtCapture, notThatDay, offlineWithAReason].map((c) => ({ kind: 'payment', workerId: KIM.id, ...c })),
        sentAt: now,
      },
      { cookie },
    );
    expect(response.statusCode).toBe(200);
    const results = response.json<SyncCommandsResponse>().results;
    expect(results.map((r) => (r.status === 'refused' ? r.code : r.status))).toEqual(['approved', '3106', 'approved', '3107', '1001']);
    const rows = await ctx.database.db
      .selectFrom('payments')
      .select(['id', 'mode', 'reason'])
      .where('id', 'in', [good.paymentId, sameDayAtCapture.paymentId])
      .orderBy('service_start_at')
      .execute();
    expect(rows.map((row) => [row.mode, row.reason])).toEqual([
      ['retroactive', 'card-lost'],
      ['retroactive', 'card-not-carried'],
    ]);
    expect(await ctx.balanceOf('rcp-01')).toEqual({
      balanceKrw: before.balanceKrw - 2 * 17_270,
      ledgerSumKrw: before.balanceKrw - 2 * 17_270,
    });
  });
});
