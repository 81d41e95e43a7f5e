import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findProgram } from '../../src/domain/catalog';
import { DEVICE_SNAPSHOT_PATH, SYNC_COMMANDS_PATH, type DeviceSnapshot } from '../../src/domain/offline';
import { quoteSplit } from '../../src/domain/pricing';
import { seoulDate, wholeMinutesBetween } from '../../src/domain/time';
import type { LookupWorker, OpenService, Receipt, Terminal, VoucherScreen } from '../../src/domain/wire';
import { loadTariff } from '../src/catalog/catalog.service';
import { shareTerminal } from '../src/terminals/terminal-admin.service';
import { paymentRequest } from './online-payments';
import { databases, KIM, MINUTE, PARK, recipient, TestContext } from './test-context';

/** 최민준, 활동보조 2인이상: two workers, each with their own visit on him at the same time. */
const MULTI = 'rcp-02';

describe.each(databases)('visits belong to their worker on %s', (kind) => {
  let ctx: TestContext;
  let kim: string;
  let park: string;

  beforeAll(async () => {
    ctx = await TestContext.create(kind);
    kim = await ctx.login(KIM);
    park = await ctx.login(PARK);
  });
  afterAll(async () => {
    await ctx.close();
  });
  beforeEach(() => {
    ctx.clock.advance(MINUTE);
  });

  const start = (cookie: string, screen: VoucherScreen) =>
    ctx.post('/api/services/start', { lookupId: screen.lookupId, deviceAt: ctx.clock.now() }, { cookie });
  const discard = (cookie: string, screen: VoucherScreen, openServiceId: string) =>
    ctx.post('/api/services/discard', { lookupId: screen.lookupId, openServiceId, deviceAt: ctx.clock.now() }, { cookie });

  /** 서비스 결제 of `open` on the voucher screen `screen`, all of it 사회활동지원, at the tariff's price. */
  async function payVisit(cookie: string, screen: VoucherScreen, open: OpenService) {
    const program = findProgram('activity-support-multi')!;
    const end = ctx.clock.now();
    const minutes = wholeMinutesBetween(open.startedAt, end);
    const quote = quoteSplit(program, minutes, { social: minutes }, await loadTariff(ctx.db), seoulDate(open.startedAt));
    if (!quote.ok) throw new Error(`no price: ${quote.code}`);
    const body = paymentRequest(screen.lookupId, quote.value.amountKrw, end, { openServiceId: open.id, minutesByType: { social: minutes } });
    return ctx.post('/api/payments', body, { cookie });
  }

  async function startedBy(cookie: string): Promise<OpenService> {
    const response = await start(cookie, await ctx.lookup(cookie, MULTI));
    expect(response.statusCode).toBe(200);
    return response.json<{ openService: OpenService }>().openService;
  }

  it('lets two workers each start, see only their own start, and each pay their own visit on one voucher', async () => {
    const before = await ctx.balanceOf(MULTI);
    const kimOpen = await startedBy(kim);
    // 박서준 tags the same card: 김하늘's start is not his, and he may start his own.
    const parkScreen = await ctx.lookup(park, MULTI);
    expect(parkScreen.openService).toBeNull();
    ctx.clock.advance(10 * MINUTE);
    const parkOpen = await startedBy(park);
    expect(parkOpen.id).not.toBe(kimOpen.id);
    // A second start of the same worker is still one too many.
    expect((await start(kim, await ctx.lookup(kim, MULTI))).json()).toMatchObject({ code: '2109' });

    ctx.clock.advance(60 * MINUTE);
    const kimEnd = await ctx.lookup(kim, MULTI);
    const parkEnd = await ctx.lookup(park, MULTI);
    expect(kimEnd.openService).toEqual(kimOpen);
    expect(parkEnd.openService).toEqual(parkOpen);
    const kimPaid = await payVisit(kim, kimEnd, kimOpen);
    const parkPaid = await payVisit(park, parkEnd, parkOpen);
    expect(kimPaid.statusCode).toBe(200);
    expect(parkPaid.statusCode).toBe(200);

    const rows = await ctx.db
      .selectFrom('payments')
      .select(['id', 'worker_id', 'service_start_at'])
      .where('id', 'in', [kimPaid.json<Receipt>().paymentId, parkPaid.json<Receipt>().paymentId])
      .execute();
    const byWorker = new Map(rows.map((row) => [row.worker_id, Number(row.service_start_at)]));
    expect(byWorker).toEqual(
      new Map([
        [KIM.id, kimOpen.startedAt],
        [PARK.id, parkOpen.startedAt],
      ]),
    );
    const spent = kimPaid.json<Receipt>().amountKrw + parkPaid.json<Receipt>().amountKrw;
    const after = await ctx.balanceOf(MULTI);
    expect(after).toEqual({ balanceKrw: before.balanceKrw - spent, ledgerSumKrw: before.balanceKrw - spent });
  });

  it("refuses to bill another worker's start (2115) and leaves it open for its worker", async () => {
    const kimOpen = await startedBy(kim);
    ctx.clock.advance(30 * MINUTE);
    const before = await ctx.balanceOf(MULTI);
    const parkScreen = await ctx.lookup(park, MULTI);
    const refused = await payVisit(park, parkScreen, kimOpen);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({
      code: '2115',
      message: '다른 제공인력이 시작한 서비스입니다. 본인이 시작한 서비스만 결제하거나 취소할 수 있습니다.',
    });
    // Nor may he discard it.
    expect((await discard(park, parkScreen, kimOpen.id)).json()).toMatchObject({ code: '2115' });
    expect(await ctx.balanceOf(MULTI)).toEqual(before);
    // 김하늘's visit did not disappear: she still sees it and pays it.
    const kimScreen = await ctx.lookup(kim, MULTI);
    expect(kimScreen.openService).toEqual(kimOpen);
    expect((await payVisit(kim, kimScreen, kimOpen)).statusCode).toBe(200);
  });

  it("refuses an offline capture that pays another worker's start (2115), and closes only the capturing worker's own", async () => {
    const kimOpen = await startedBy(kim);
    ctx.clock.advance(40 * MINUTE);
    const now = ctx.clock.now();
    const minutes = wholeMinutesBetween(kimOpen.startedAt, now);
    const quote = quoteSplit(findProgram('activity-support-multi')!, minutes, { social: minutes }, await loadTariff(ctx.db), seoulDate(now));
    if (!quote.ok) throw new Error(quote.code);
    const r = recipient(MULTI);
    const capture = (workerId: string) => ({
      kind: 'payment',
      workerId,
      paymentId: randomUUID(),
      programId: r.programId,
      card: { kind: 'nfc', token: r.cardToken },
      method: 'card',
      mode: 'offline',
      reason: 'dead-zone',
      serviceStartAt: kimOpen.startedAt,
      serviceEndAt: now,
      minutesByType: { social: minutes },
      amountKrw: quote.value.amountKrw,
      capturedAt: now,
    });
    const parks = await ctx.post(SYNC_COMMANDS_PATH, { items: [capture(PARK.id)], sentAt: now }, { cookie: park });
    expect(parks.json().results[0]).toMatchObject({ status: 'refused', code: '2115' });
    expect((await ctx.lookup(kim, MULTI)).openService).toEqual(kimOpen);

    const kims = await ctx.post(SYNC_COMMANDS_PATH, { items: [capture(KIM.id)], sentAt: now }, { cookie: kim });
    expect(kims.json().results[0]).toMatchObject({ status: 'approved' });
    expect((await ctx.lookup(kim, MULTI)).openService).toBeNull();
  });

  it('carries only the worker’s own open services in the device snapshot', async () => {
    const kimOpen = await startedBy(kim);
    const parkOpen = await startedBy(park);
    const voucherOf = (snapshot: DeviceSnapshot) => snapshot.vouchers.find((voucher) => voucher.voucherId === ctx.voucherIdOf(MULTI))!;
    const kims = voucherOf((await ctx.get(DEVICE_SNAPSHOT_PATH, { cookie: kim })).json<DeviceSnapshot>());
    expect(kims.openService).toEqual(kimOpen);
    expect(kims.openServices).toEqual([{ ...kimOpen, workerId: KIM.id }]);
    const parks = voucherOf((await ctx.get(DEVICE_SNAPSHOT_PATH, { cookie: park })).json<DeviceSnapshot>());
    expect(parks.openService).toEqual(parkOpen);
    expect(parks.openServices).toEqual([{ ...parkOpen, workerId: PARK.id }]);
    await ctx.db.updateTable('open_services').set({ abandoned_at: ctx.clock.now() }).where('id', 'in', [kimOpen.id, parkOpen.id]).execute();
  });

  it('discards a mistaken start (시작 취소), audits who, when and on which terminal, and takes a new start at once', async () => {
    const screen = await ctx.lookup(kim, MULTI);
    const open = (await start(kim, screen)).json<{ openService: OpenService }>().openService;
    ctx.clock.advance(MINUTE);
    const discarded = await discard(kim, screen, open.id);
    expect(discarded.statusCode).toBe(200);
    expect(discarded.json()).toEqual({ discardedAt: ctx.clock.now() });

    const audit = await ctx.db.selectFrom('service_discards').selectAll().where('open_service_id', '=', open.id).executeTakeFirstOrThrow();
    const lookup = await ctx.db.selectFrom('lookups').select('terminal_id').where('id', '=', screen.lookupId).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      worker_id: KIM.id,
      terminal_id: lookup.terminal_id,
      lookup_id: screen.lookupId,
      voucher_id: ctx.voucherIdOf(MULTI),
    });
    expect(Number(audit.started_at)).toBe(open.startedAt);
    expect(Number(audit.discarded_at)).toBe(ctx.clock.now());
    // Gone from the voucher screen; a second discard, or a payment of it, finds nothing open.
    const again = await ctx.lookup(kim, MULTI);
    expect(again.openService).toBeNull();
    expect((await discard(kim, again, open.id)).json()).toMatchObject({ code: '2108' });
    expect((await payVisit(kim, again, open)).json()).toMatchObject({ code: '2108' });
    // The host does not block a new start after a discarded one.
    const restarted = await start(kim, again);
    expect(restarted.statusCode).toBe(200);
    expect(restarted.json<{ openService: OpenService }>().openService.id).not.toBe(open.id);
    await ctx.db.updateTable('open_services').set({ abandoned_at: ctx.clock.now() }).where('voucher_id', '=', ctx.voucherIdOf(MULTI)).execute();
  });

  it('refuses a discard on an expired or foreign voucher screen (2106)', async () => {
    const screen = await ctx.lookup(kim, MULTI);
    const open = (await start(kim, screen)).json<{ openService: OpenService }>().openService;
    expect((await discard(park, screen, open.id)).json()).toMatchObject({ code: '2106' });
    ctx.clock.advance(6 * MINUTE);
    expect((await discard(kim, screen, open.id)).json()).toMatchObject({ code: '2106' });
    expect(await ctx.db.selectFrom('service_discards').select('id').where('open_service_id', '=', open.id).execute()).toEqual([]);
    await ctx.db.updateTable('open_services').set({ abandoned_at: ctx.clock.now() }).where('id', '=', open.id).execute();
  });

  it('shows a shared terminal’s voucher screen only the open service of the worker whose 결제 ID was entered', async () => {
    const deviceId = randomUUID();
    const terminal = (await ctx.post('/api/terminals/register', { deviceId, model: 'Galaxy Tab A9' })).json<Terminal>();
    const tablet = await ctx.login(KIM, { deviceId, autoLogin: false });
    await shareTerminal(ctx.db, { institutionId: 'inst-seongnam', terminalNumber: terminal.terminalNumber, workers: 'all' }, ctx.clock.now());
    const bind = async (paymentId: string) => {
      const screen = await ctx.lookup(tablet, MULTI);
      expect(screen.openService).toBeNull();
      const bound = await ctx.post('/api/cards/lookup/worker', { lookupId: screen.lookupId, workerPaymentId: paymentId }, { cookie: tablet });
      return { screen, bound: bound.json<LookupWorker>() };
    };
    const kim1 = await bind(KIM.paymentId);
    expect(kim1.bound.openService).toBeNull();
    const kimOpen = (await start(tablet, kim1.screen)).json<{ openService: OpenService }>().openService;

    const park1 = await bind(PARK.paymentId);
    expect(park1.bound).toMatchObject({ workerId: PARK.id, openService: null });
    const parkOpen = (await start(tablet, park1.screen)).json<{ openService: OpenService }>().openService;
    expect((await bind(KIM.paymentId)).bound.openService).toEqual(kimOpen);
    expect((await bind(PARK.paymentId)).bound.openService).toEqual(parkOpen);

    // The tablet's snapshot carries each of its workers' open services, each with its worker.
    const snapshot = (await ctx.get(DEVICE_SNAPSHOT_PATH, { cookie: tablet })).json<DeviceSnapshot>();
    const voucher = snapshot.vouchers.find((row) => row.voucherId === ctx.voucherIdOf(MULTI))!;
    expect(new Set(voucher.openServices)).toEqual(
      new Set([
        { ...kimOpen, workerId: KIM.id },
        { ...parkOpen, workerId: PARK.id },
      ]),
    );
    await ctx.db.updateTable('open_services').set({ abandoned_at: ctx.clock.now() }).where('id', 'in', [kimOpen.id, parkOpen.id]).execute();
  });
});
