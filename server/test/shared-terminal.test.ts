import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceSnapshot, SyncCommandsResponse } from '../../src/domain/offline';
import type { CancelReceipt, LookupWorker, Receipt, SessionInfo, Terminal, TodayPayment, VoucherScreen } from '../../src/domain/wire';
import { hashPassword } from '../src/auth/password';
import { listTerminals, makePersonal, setTerminalStatus, shareTerminal } from '../src/terminals/terminal-admin.service';
import { amountCapture } from './offline-payments';
import { paymentRequest } from './online-payments';
import { databases, KIM, MINUTE, PARK, recipient, TestContext } from './test-context';

const INSTITUTION = 'inst-seongnam';

describe.each(databases)('shared terminals on %s', (kind) => {
  let ctx: TestContext;
  /** Another institution with a worker whose 결제 ID is also used nowhere in ours. */
  const OTHER = { institutionId: 'inst-other', workerId: 'wrk-other', paymentId: '3001', phone: '01066660001' };

  beforeAll(async () => {
    ctx = await TestContext.create(kind);
    await ctx.db.insertInto('institutions').values({ id: OTHER.institutionId, name: '다른기관', created_at: ctx.clock.now() }).execute();
    await ctx.db
      .insertInto('workers')
      .values({
        id: OTHER.workerId,
        institution_id: OTHER.institutionId,
        name: '다른인력',
        phone: OTHER.phone,
        password_hash: await hashPassword('other-pass1!'),
        payment_id: OTHER.paymentId,
        created_at: ctx.clock.now(),
      })
      .execute();
  });
  afterAll(async () => {
    await ctx.close();
  });

  /** A tablet: registered, signed in once by 김하늘, then made the institution's shared terminal. */
  let tablet: { deviceId: string; terminalNumber: string; cookie: string };
  async function sharedTablet(workers: 'all' | string[] = 'all') {
    const deviceId = randomUUID();
    const terminal = (await ctx.post('/api/terminals/register', { deviceId, model: 'Galaxy Tab A9' })).json<Terminal>();
    const cookie = await ctx.login(KIM, { deviceId, autoLogin: false });
    await shareTerminal(ctx.db, { institutionId: INSTITUTION, terminalNumber: terminal.terminalNumber, workers }, ctx.clock.now());
    return { deviceId, terminalNumber: terminal.terminalNumber, cookie };
  }
  beforeEach(async () => {
    tablet = await sharedTablet();
  });

  const bind = (lookupId: string, workerPaymentId: string, cookie = tablet.cookie) =>
    ctx.post('/api/cards/lookup/worker', { lookupId, workerPaymentId }, { cookie });

  async function payAs(workerPaymentId: string, recipientId: string, amountKrw: number) {
    const voucher = await ctx.lookup(tablet.cookie, recipientId);
    expect((await bind(voucher.lookupId, workerPaymentId)).statusCode).toBe(200);
    const response = await ctx.post('/api/payments', paymentRequest(voucher.lookupId, amountKrw, ctx.clock.now()), { cookie: tablet.cookie });
    expect(response.statusCode).toBe(200);
    return response.json<Receipt>();
  }

  const paymentRow = (id: string) =>
    ctx.db.selectFrom('payments').select(['worker_id', 'terminal_id', 'mode']).where('id', '=', id).executeTakeFirstOrThrow();

  it('says so in the session and the voucher screen, and keeps the tablet signed in past the idle window', async () => {
    const me = (await ctx.get('/api/auth/me', { cookie: tablet.cookie })).json<SessionInfo>();
    expect(me.terminal.profile).toBe('shared');
    const voucher = await ctx.lookup(tablet.cookie, 'rcp-06');
    expect(voucher.needsWorker).toBe(true);
    ctx.clock.advance(16 * MINUTE);
    expect((await ctx.get('/api/auth/me', { cookie: tablet.cookie })).statusCode).toBe(200);
  });

  it('records each payment under the worker whose 결제 ID was entered on its voucher screen', async () => {
    const kims = await payAs(KIM.paymentId, 'rcp-06', 1_000);
    const parks = await payAs(PARK.paymentId, 'rcp-07', 1_000);
    const terminalId = (await ctx.db.selectFrom('terminals').select('id').where('device_id', '=', tablet.deviceId).executeTakeFirstOrThrow()).id;
    expect(await paymentRow(kims.paymentId)).toEqual({ worker_id: KIM.id, terminal_id: terminalId, mode: 'normal' });
    expect(await paymentRow(parks.paymentId)).toEqual({ worker_id: PARK.id, terminal_id: terminalId, mode: 'normal' });
    // 오늘 결제내역 of a shared terminal: everything paid on it.
    const today = (await ctx.get('/api/payments/today', { cookie: tablet.cookie })).json<{ payments: TodayPayment[] }>();
    expect(today.payments.map((p) => p.paymentId)).toEqual(expect.arrayContaining([kims.paymentId, parks.paymentId]));
  });

  it('answers the bound worker, and binds a voucher screen once', async () => {
    const voucher = await ctx.lookup(tablet.cookie, 'rcp-06');
    const first = await bind(voucher.lookupId, PARK.paymentId);
    expect(first.json<LookupWorker>()).toEqual({ workerId: PARK.id, paymentId: PARK.paymentId, name: PARK.name, openService: null });
    expect((await bind(voucher.lookupId, PARK.paymentId)).statusCode).toBe(200);
    expect((await bind(voucher.lookupId, KIM.paymentId)).json()).toMatchObject({ code: '2106' });
  });

  it('refuses, with 0273, a 결제 ID of nobody, of another institution’s worker, or of a worker not let on the tablet', async () => {
    const voucher = await ctx.lookup(tablet.cookie, 'rcp-06');
    for (const id of ['9999', OTHER.paymentId]) {
      const response = await bind(voucher.lookupId, id);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({ code: '0273', message: '제공인력과 단말기 정보가 일치하지 않습니다.' });
    }
    const listed = await sharedTablet([KIM.paymentId]);
    const onListed = await ctx.lookup(listed.cookie, 'rcp-06');
    expect((await bind(onListed.lookupId, PARK.paymentId, listed.cookie)).json()).toMatchObject({ code: '0273' });
    expect((await bind(onListed.lookupId, KIM.paymentId, listed.cookie)).statusCode).toBe(200);
  });

  it('takes no service start and no payment on a voucher screen before a worker is bound (0273)', async () => {
    const before = await ctx.balanceOf('rcp-06');
    const voucher = await ctx.lookup(tablet.cookie, 'rcp-06');
    const pay = await ctx.post('/api/payments', paymentRequest(voucher.lookupId, 1_000, ctx.clock.now()), { cookie: tablet.cookie });
    expect(pay.json()).toMatchObject({ code: '0273' });
    const timed: VoucherScreen = await ctx.lookup(tablet.cookie, 'rcp-01');
    const start = await ctx.post('/api/services/start', { lookupId: timed.lookupId, deviceAt: ctx.clock.now() }, { cookie: tablet.cookie });
    expect(start.json()).toMatchObject({ code: '0273' });
    expect(await ctx.balanceOf('rcp-06')).toEqual(before);
  });

  it('starts a service for the worker who entered their ID', async () => {
    const voucher = await ctx.lookup(tablet.cookie, 'rcp-04');
    await bind(voucher.lookupId, PARK.paymentId);
    const start = await ctx.post('/api/services/start', { lookupId: voucher.lookupId, deviceAt: ctx.clock.now() }, { cookie: tablet.cookie });
    expect(start.statusCode).toBe(200);
    const row = await ctx.db.selectFrom('open_services').select('worker_id').where('lookup_id', '=', voucher.lookupId).executeTakeFirstOrThrow();
    expect(row.worker_id).toBe(PARK.id);
    await ctx.db.updateTable('open_services').set({ abandoned_at: ctx.clock.now() }).where('lookup_id', '=', voucher.lookupId).execute();
  });

  it('cancels under the worker whose ID is given, and not without one (0273)', async () => {
    const paid = await payAs(PARK.paymentId, 'rcp-08', 1_000);
    const body = { cancelId: randomUUID(), target: { by: 'paymentId', paymentId: paid.paymentId }, deviceAt: ctx.clock.now() };
    expect((await ctx.post('/api/payments/cancel', body, { cookie: tablet.cookie })).json()).toMatchObject({ code: '0273' });
    const cancelled = await ctx.post('/api/payments/cancel', { ...body, workerPaymentId: PARK.paymentId }, { cookie: tablet.cookie });
    expect(cancelled.statusCode).toBe(200);
    const row = await ctx.db
      .selectFrom('cancellations')
      .select('worker_id')
      .where('id', '=', cancelled.json<CancelReceipt>().cancelId)
      .executeTakeFirstOrThrow();
    expect(row.worker_id).toBe(PARK.id);
  });

  it('applies each offline capture under its own worker, and refuses one of a worker not let on the tablet (0273, not stored)', async () => {
    const kims = { kind: 'payment', workerId: KIM.id, ...amountCapture('rcp-06', 1_000, ctx.clock.now()) };
    const parks = { kind: 'payment', workerId: PARK.id, ...amountCapture('rcp-07', 1_000, ctx.clock.now()) };
    const others = { kind: 'payment', workerId: OTHER.workerId, ...amountCapture('rcp-08', 1_000, ctx.clock.now()) };
    const response = await ctx.post('/api/sync/commands', { items: [kims, parks, others], sentAt: ctx.clock.now() }, { cookie: tablet.cookie });
    const { results } = response.json<SyncCommandsResponse>();
    expect(results.map((r) => r.status)).toEqual(['approved', 'approved', 'refused']);
    expect(results[2]).toMatchObject({ code: '0273' });
    expect((await paymentRow(kims.paymentId)).worker_id).toBe(KIM.id);
    expect((await paymentRow(parks.paymentId)).worker_id).toBe(PARK.id);
    expect(await ctx.db.selectFrom('commands').select('id').where('id', '=', others.paymentId).executeTakeFirst()).toBeUndefined();

    const listed = await sharedTablet([KIM.paymentId]);
    const parkOnListed = { kind: 'payment', workerId: PARK.id, ...amountCapture('rcp-07', 1_000, ctx.clock.now()) };
    const refused = await ctx.post('/api/sync/commands', { items: [parkOnListed], sentAt: ctx.clock.now() }, { cookie: listed.cookie });
    expect(refused.json<SyncCommandsResponse>().results[0]).toMatchObject({ status: 'refused', code: '0273' });
  });

  it('gives a shared terminal its workers’ ids and 결제 IDs for offline checks — no names, no phones — and a phone none', async () => {
    const snapshot = (await ctx.get('/api/device/snapshot', { cookie: tablet.cookie })).json<DeviceSnapshot>();
    expect(snapshot.terminalWorkers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ workerId: KIM.id, paymentId: KIM.paymentId }),
        expect.objectContaining({ workerId: PARK.id, paymentId: PARK.paymentId }),
      ]),
    );
    expect(JSON.stringify(snapshot.terminalWorkers)).not.toContain(KIM.name);
    expect(snapshot.terminalWorkers?.some((w) => w.workerId === OTHER.workerId)).toBe(false);
    const phone = (await ctx.get('/api/device/snapshot', { cookie: await ctx.login(KIM) })).json<DeviceSnapshot>();
    expect(phone.terminalWorkers).toBeUndefined();
  });

  it('on a personal phone takes only the session worker’s own 결제 ID, and refuses the commands of anyone else (0273)', async () => {
    const cookie = await ctx.login(KIM);
    const voucher = await ctx.lookup(cookie, 'rcp-06');
    expect(voucher.needsWorker).toBeUndefined();
    expect((await bind(voucher.lookupId, PARK.paymentId, cookie)).json()).toMatchObject({ code: '0273' });
    expect((await bind(voucher.lookupId, KIM.paymentId, cookie)).statusCode).toBe(200);
    const parks = { kind: 'payment', workerId: PARK.id, ...amountCapture('rcp-07', 1_000, ctx.clock.now()) };
    const response = await ctx.post('/api/sync/commands', { items: [parks], sentAt: ctx.clock.now() }, { cookie });
    expect(response.json<SyncCommandsResponse>().results[0]).toMatchObject({ status: 'refused', code: '0273' });
  });

  it('becomes a personal phone again on the administrator’s word', async () => {
    await makePersonal(ctx.db, { institutionId: INSTITUTION, terminalNumber: tablet.terminalNumber });
    const voucher = await ctx.lookup(tablet.cookie, 'rcp-06');
    expect(voucher.needsWorker).toBeUndefined();
    const listing = (await listTerminals(ctx.db, INSTITUTION)).find((t) => t.terminalNumber === tablet.terminalNumber);
    expect(listing).toMatchObject({ profile: 'personal', status: 'active' });
  });

  it('refuses to share or revoke another institution’s terminal (0273), or one that does not exist (1005)', async () => {
    await expect(
      shareTerminal(ctx.db, { institutionId: OTHER.institutionId, terminalNumber: tablet.terminalNumber, workers: 'all' }, ctx.clock.now()),
    ).rejects.toMatchObject({ code: '0273' });
    await expect(
      setTerminalStatus(ctx.db, { institutionId: INSTITUTION, terminalNumber: '1000000000', status: 'revoked' }, ctx.clock.now()),
    ).rejects.toMatchObject({ code: '1005' });
    await expect(
      shareTerminal(ctx.db, { institutionId: INSTITUTION, terminalNumber: tablet.terminalNumber, workers: ['1001', '4242'] }, ctx.clock.now()),
    ).rejects.toMatchObject({ code: '0273' });
  });

  describe('a revoked terminal (0304)', () => {
    async function money() {
      return { payments: await ctx.count('payments'), ledger: await ctx.count('ledger_entries'), rehab: await ctx.balanceOf('rcp-06') };
    }

    it('takes no card read, no payment, no login, no registration', async () => {
      const voucher = await ctx.lookup(tablet.cookie, 'rcp-06');
      await bind(voucher.lookupId, KIM.paymentId);
      await setTerminalStatus(ctx.db, { institutionId: INSTITUTION, terminalNumber: tablet.terminalNumber, status: 'revoked' }, ctx.clock.now());
      const before = await money();

      const pay = await ctx.post('/api/payments', paymentRequest(voucher.lookupId, 1_000, ctx.clock.now()), { cookie: tablet.cookie });
      expect(pay.statusCode).toBe(403);
      expect(pay.json()).toEqual({ code: '0304', message: '사용할 수 없는 단말기입니다. 기관에 문의해 주세요.' });
      const card = { programId: 'developmental-rehab', card: { kind: 'nfc', token: recipient('rcp-06').cardToken } };
      expect((await ctx.post('/api/cards/lookup', card, { cookie: tablet.cookie })).json()).toMatchObject({ code: '0304' });
      // Still 0304 on the next request, not a login that would only fail again.
      expect((await ctx.get('/api/auth/me', { cookie: tablet.cookie })).json()).toMatchObject({ code: '0304' });
      const login = await ctx.post('/api/auth/login', { phone: KIM.phone, password: KIM.password, autoLogin: true, deviceId: tablet.deviceId });
      expect(login.json()).toMatchObject({ code: '0304' });
      expect((await ctx.post('/api/terminals/register', { deviceId: tablet.deviceId, model: 'Galaxy Tab A9' })).json()).toMatchObject({
        code: '0304',
      });
      expect(await money()).toEqual(before);
    });

    it('syncs nothing: the whole batch is 0304 and no command is stored, so the device keeps every item', async () => {
      const capture = { kind: 'payment', workerId: PARK.id, ...amountCapture('rcp-06', 1_000, ctx.clock.now()) };
      await setTerminalStatus(ctx.db, { institutionId: INSTITUTION, terminalNumber: tablet.terminalNumber, status: 'revoked' }, ctx.clock.now());
      const before = await money();
      for (let attempt = 0; attempt < 2; attempt++) {
        const response = await ctx.post('/api/sync/commands', { items: [capture], sentAt: ctx.clock.now() }, { cookie: tablet.cookie });
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ code: '0304' });
      }
      const legacy = await ctx.post(
        '/api/sync/payments',
        { items: [amountCapture('rcp-06', 1_000, ctx.clock.now())], sentAt: ctx.clock.now() },
        { cookie: tablet.cookie },
      );
      expect(legacy.json()).toMatchObject({ code: '0304' });
      expect(await ctx.db.selectFrom('commands').select('id').where('id', '=', capture.paymentId).executeTakeFirst()).toBeUndefined();
      expect(await money()).toEqual(before);

      // Restored (the tablet was found): after a new login its queue is taken again.
      await setTerminalStatus(ctx.db, { institutionId: INSTITUTION, terminalNumber: tablet.terminalNumber, status: 'active' }, ctx.clock.now());
      const cookie = await ctx.login(KIM, { deviceId: tablet.deviceId });
      const synced = await ctx.post('/api/sync/commands', { items: [capture], sentAt: ctx.clock.now() }, { cookie });
      expect(synced.json<SyncCommandsResponse>().results[0]).toMatchObject({ status: 'approved' });
      expect((await paymentRow(capture.paymentId)).worker_id).toBe(PARK.id);
    });
  });
});
