import { createHash, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_API,
  type AdminRecipient,
  type AdminSession,
  type AdminTerminal,
  type AdminWorker,
  type Exceptions,
  exportPath,
  type IssuedCard,
  type Reconciliation,
  type Trail,
  trailPath,
} from '../../src/domain/admin';
import { DEFAULT_OFFLINE_LIMITS, type DeviceSnapshot, DEVICE_SNAPSHOT_PATH, SYNC_BATCH_PATH, SYNC_COMMANDS_PATH } from '../../src/domain/offline';
import type { SessionInfo, VoucherScreen } from '../../src/domain/wire';
import { createAdministrator } from '../src/admin-console/admin-auth.service';
import { exceptionPage, keysetOf } from '../src/admin-console/admin-reports.service';
import { DEMO_ADMIN } from '../src/demo/demo-data';
import { amountCapture } from './offline-payments';
import { paymentRequest } from './online-payments';
import { databases, KIM, MINUTE, recipient as recipientOf, TestContext } from './test-context';

const HOUR = 60 * MINUTE;
const OTHER = { institutionId: 'inst-other', adminId: 'adm-other', loginId: 'other-admin', password: 'other-pass1!' };

describe.each(databases)('the institution console on %s', (kind) => {
  let ctx: TestContext;
  let admin: string;
  let other: string;
  /** Things of the other institution that the demo institution's admin must never reach. */
  let otherWorkerId: string;
  let otherRecipient: AdminRecipient;
  let otherCard: IssuedCard;
  let otherTerminalNumber: string;

  const inject = (method: 'GET' | 'POST', url: string, cookies: Record<string, string>, body?: unknown): Promise<LightMyRequestResponse> =>
    ctx.app.inject({ method, url, cookies, ...(body === undefined ? {} : { payload: body as object }) });
  const adminGet = (url: string, cookie = admin) => inject('GET', url, { eva: cookie });
  const adminPost = (url: string, body: unknown, cookie = admin) => inject('POST', url, { eva: cookie }, body);
  const ok = async <T>(response: Promise<LightMyRequestResponse>): Promise<T> => {
    const answer = await response;
    if (answer.statusCode !== 200) throw new Error(`${answer.statusCode} ${answer.body}`);
    return answer.json<T>();
  };
  const code = async (response: Promise<LightMyRequestResponse>) => (await response).json<{ code: string }>().code;

  async function adminLogin(loginId: string, password: string): Promise<string> {
    const response = await ctx.post(ADMIN_API.login, { loginId, password });
    const cookie = response.cookies.find((c) => c.name === 'eva');
    if (response.statusCode !== 200 || !cookie) throw new Error(`admin login failed: ${response.body}`);
    return cookie.value;
  }
  async function workerLogin(phone: string, password: string, deviceId?: string): Promise<LightMyRequestResponse> {
    return ctx.post('/api/auth/login', { phone, password, autoLogin: false, deviceId: deviceId ?? (await ctx.registerTerminal()) });
  }
  const cookieOf = (response: LightMyRequestResponse) => response.cookies.find((c) => c.name === 'evs')!.value;

  beforeAll(async () => {
    ctx = await TestContext.create(kind);
    admin = await adminLogin(DEMO_ADMIN.loginId, DEMO_ADMIN.password);
    await ctx.db.insertInto('institutions').values({ id: OTHER.institutionId, name: '다른센터', created_at: ctx.clock.now() }).execute();
    await createAdministrator(
      ctx.db,
      { id: OTHER.adminId, institutionId: OTHER.institutionId, loginId: OTHER.loginId, name: '다른 관리자', password: OTHER.password },
      ctx.clock.now(),
    );
    other = await adminLogin(OTHER.loginId, OTHER.password);
    otherWorkerId = (
      await ok<AdminWorker>(
        adminPost(ADMIN_API.workers, { name: '타기관', phone: '01099990000', password: 'other-work1!', paymentId: '7001' }, other),
      )
    ).id;
    otherRecipient = await ok<AdminRecipient>(
      adminPost(
        ADMIN_API.recipients,
        { name: '타이용자', phone: '01099990001', contracts: [{ programId: 'developmental-rehab', monthlyKrw: 100_000 }] },
        other,
      ),
    );
    otherCard = await ok<IssuedCard>(adminPost(ADMIN_API.cards, { recipientId: otherRecipient.id }, other));
    const deviceId = await ctx.registerTerminal();
    await workerLogin('01099990000', 'other-work1!', deviceId);
    otherTerminalNumber = (await ok<{ terminals: AdminTerminal[] }>(adminGet(ADMIN_API.terminals, other))).terminals[0]!.terminalNumber;
  });
  afterAll(async () => {
    await ctx.close();
  });

  describe('login and sessions', () => {
    it('signs the administrator in with an HttpOnly, SameSite=Strict cookie of its own, sent only to /api/admin', async () => {
      const response = await ctx.post(ADMIN_API.login, { loginId: DEMO_ADMIN.loginId, password: DEMO_ADMIN.password });
      expect(response.statusCode).toBe(200);
      const cookie = response.cookies.find((c) => c.name === 'eva')!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/admin' });
      expect(response.cookies.find((c) => c.name === 'evs')).toBeUndefined();
      const session = response.json<AdminSession>();
      expect(session).toMatchObject({ admin: { loginId: DEMO_ADMIN.loginId }, institution: { id: 'inst-seongnam', name: '성남주간보호센터-발달' } });
      expect(session.programIds).toContain('developmental-rehab');
      // Only a hash of the token is stored.
      const stored = await ctx.db.selectFrom('admin_sessions').select('token_hash').execute();
      expect(stored.map((s) => s.token_hash)).toContain(createHash('sha256').update(cookie.value).digest('hex'));
      expect(stored.map((s) => s.token_hash)).not.toContain(cookie.value);
    });

    it('refuses a wrong password or an unknown login id with the same 1002, and audits the refusal with the address', async () => {
      expect(await code(ctx.post(ADMIN_API.login, { loginId: DEMO_ADMIN.loginId, password: 'wrong-pass1!' }))).toBe('1002');
      expect(await code(ctx.post(ADMIN_API.login, { loginId: 'nobody-here', password: 'wrong-pass1!' }))).toBe('1002');
      const refused = await ctx.db.selectFrom('admin_audit').selectAll().where('action', '=', 'login').where('outcome', '=', 'refused').execute();
      expect(refused.length).toBeGreaterThanOrEqual(2);
      expect(refused.find((r) => r.admin_id === DEMO_ADMIN.id)).toMatchObject({ institution_id: 'inst-seongnam', detail: '1002', ip: '127.0.0.1' });
    });

    it('ends the session at logout and after 30 idle minutes', async () => {
      const cookie = await adminLogin(DEMO_ADMIN.loginId, DEMO_ADMIN.password);
      expect((await adminGet(ADMIN_API.me, cookie)).statusCode).toBe(200);
      await adminPost(ADMIN_API.logout, {}, cookie);
      expect(await code(adminGet(ADMIN_API.me, cookie))).toBe('1003');
      const idle = await adminLogin(DEMO_ADMIN.loginId, DEMO_ADMIN.password);
      ctx.clock.advance(31 * MINUTE);
      expect(await code(adminGet(ADMIN_API.me, idle))).toBe('1003');
      ctx.clock.advance(-31 * MINUTE);
    });

    it('lets no worker session call an admin endpoint, and no admin session a worker endpoint', async () => {
      const worker = await ctx.login(KIM);
      const adminGets = [ADMIN_API.me, ADMIN_API.workers, ADMIN_API.terminals, ADMIN_API.recipients, ADMIN_API.reconciliation, trailPath('x')];
      const periodGets = [
        `${ADMIN_API.exceptions}?from=2026-03-01&to=2026-03-31`,
        `${ADMIN_API.audit}?from=2026-03-01&to=2026-03-31`,
        exportPath('payments', '2026-03-01', '2026-03-31'),
      ];
      for (const url of [...adminGets, ...periodGets]) {
        expect(await code(inject('GET', url, { evs: worker })), url).toBe('1003');
        // Even a worker cookie under the admin cookie's name is no admin session.
        expect(await code(inject('GET', url, { eva: worker })), url).toBe('1003');
      }
      const adminPosts = [
        ADMIN_API.workers,
        ADMIN_API.workerStatus,
        ADMIN_API.workerPassword,
        ADMIN_API.workerPrograms,
        ADMIN_API.terminalProfile,
        ADMIN_API.terminalStatus,
        ADMIN_API.recipients,
        ADMIN_API.contracts,
        ADMIN_API.vouchers,
        ADMIN_API.cards,
        ADMIN_API.cardRevoke,
        ADMIN_API.cardReplace,
        ADMIN_API.cardVerify,
      ];
      for (const url of adminPosts) expect(await code(inject('POST', url, { evs: worker }, {})), url).toBe('1003');

      const workerGets = ['/api/auth/me', '/api/payments/today', DEVICE_SNAPSHOT_PATH, '/api/payments/retroactive-summary'];
      for (const url of workerGets) {
        expect(await code(inject('GET', url, { eva: admin })), url).toBe('1003');
        expect(await code(inject('GET', url, { evs: admin })), url).toBe('1003');
      }
      const lookup = { programId: 'developmental-rehab', card: { kind: 'nfc', token: 'EVC-d1e2f356-dev' } };
      expect(await code(inject('POST', '/api/cards/lookup', { eva: admin }, lookup))).toBe('1003');
      expect(await code(inject('POST', '/api/cards/lookup', { evs: admin }, lookup))).toBe('1003');
      expect(await code(inject('POST', SYNC_COMMANDS_PATH, { evs: admin }, { items: [], sentAt: ctx.clock.now() }))).toBe('1003');
    });
  });

  describe('workers', () => {
    it('adds a worker who then logs in, sees the institution, and is listed', async () => {
      const added = await ok<AdminWorker>(
        adminPost(ADMIN_API.workers, { name: '이새봄', phone: '01055556666', password: 'saebom12!', paymentId: '1003' }),
      );
      expect(added).toMatchObject({ name: '이새봄', phone: '01055556666', paymentId: '1003', active: true, programIds: 'all' });
      const login = await workerLogin('01055556666', 'saebom12!');
      expect(login.statusCode).toBe(200);
      const info = login.json<SessionInfo>();
      expect(info.institution.id).toBe('inst-seongnam');
      expect(info.programIds.length).toBeGreaterThan(3);
      const { workers } = await ok<{ workers: AdminWorker[] }>(adminGet(ADMIN_API.workers));
      expect(workers.map((w) => w.paymentId)).toEqual(['1001', '1002', '1003']);
      const audit = await ctx.db
        .selectFrom('admin_audit')
        .selectAll()
        .where('action', '=', 'worker.add')
        .where('detail', '=', added.id)
        .executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ admin_id: DEMO_ADMIN.id, institution_id: 'inst-seongnam', outcome: 'ok', ip: '127.0.0.1' });
    });

    it('refuses a phone number already registered (1050), a 결제 ID in use (1051) and a password against the rules (1021)', async () => {
      expect(await code(adminPost(ADMIN_API.workers, { name: '중복', phone: KIM.phone, password: 'dup-pass1!', paymentId: '1099' }))).toBe('1050');
      expect(await code(adminPost(ADMIN_API.workers, { name: '중복', phone: '01055550001', password: 'dup-pass1!', paymentId: '1001' }))).toBe(
        '1051',
      );
      expect(await code(adminPost(ADMIN_API.workers, { name: '약함', phone: '01055550002', password: 'short', paymentId: '1098' }))).toBe('1021');
      // Another institution may use the same 결제 ID.
      expect(
        (await adminPost(ADMIN_API.workers, { name: '같은ID', phone: '01055550003', password: 'same-id1!', paymentId: '1001' }, other)).statusCode,
      ).toBe(200);
      const refused = await ctx.db
        .selectFrom('admin_audit')
        .select('detail')
        .where('action', '=', 'worker.add')
        .where('outcome', '=', 'refused')
        .execute();
      expect(refused.map((r) => r.detail).sort()).toEqual(['1021', '1050', '1051']);
    });

    it('limits the programs a worker may bill on the home screen and at the card (1056), and back to all of them', async () => {
      const worker = await ok<AdminWorker>(
        adminPost(ADMIN_API.workers, { name: '한정', phone: '01055557777', password: 'limited1!', paymentId: '1004' }),
      );
      const cookie = cookieOf(await workerLogin('01055557777', 'limited1!'));
      const limited = await ok<AdminWorker>(
        adminPost(ADMIN_API.workerPrograms, { workerId: worker.id, programIds: ['language-development', 'developmental-rehab'] }),
      );
      expect(limited.programIds).toEqual(['developmental-rehab', 'language-development']);
      expect((await ctx.get('/api/auth/me', { cookie })).json<SessionInfo>().programIds).toEqual(['developmental-rehab', 'language-development']);
      // Only those programs open a voucher screen (1056 for another), on a phone and by 결제 ID on a tablet.
      const lookup = (recipientId: string, as = cookie) => {
        const r = recipientOf(recipientId);
        return ctx.post('/api/cards/lookup', { programId: r.programId, card: { kind: 'nfc', token: r.cardToken } }, { cookie: as });
      };
      expect((await lookup('rcp-06')).statusCode).toBe(200);
      expect(await code(lookup('rcp-01'))).toBe('1056');
      const tabletDevice = randomUUID();
      const tablet = await ctx.login(KIM, { deviceId: await ctx.registerTerminal(tabletDevice) });
      const { terminal_number: number } = await ctx.db
        .selectFrom('terminals')
        .select('terminal_number')
        .where('device_id', '=', tabletDevice)
        .executeTakeFirstOrThrow();
      await ok(adminPost(ADMIN_API.terminalProfile, { terminalNumber: number, profile: 'shared' }));
      const screen = (await lookup('rcp-01', tablet)).json<VoucherScreen>();
      expect(await code(ctx.post('/api/cards/lookup/worker', { lookupId: screen.lookupId, workerPaymentId: '1004' }, { cookie: tablet }))).toBe(
        '1056',
      );
      expect(
        (await ctx.post('/api/cards/lookup/worker', { lookupId: screen.lookupId, workerPaymentId: '1001' }, { cookie: tablet })).statusCode,
      ).toBe(200);
      await ok(adminPost(ADMIN_API.terminalProfile, { terminalNumber: number, profile: 'personal' }));
      await ok(adminPost(ADMIN_API.workerPrograms, { workerId: worker.id, programIds: [] }));
      expect((await ctx.get('/api/auth/me', { cookie })).json<SessionInfo>().programIds.length).toBeGreaterThan(3);
      expect((await lookup('rcp-01')).statusCode).toBe(200);
    });

    it('deactivates a worker: nothing new is taken (1053), what their device captured before still syncs, 재사용 lets them back in', async () => {
      const worker = await ok<AdminWorker>(
        adminPost(ADMIN_API.workers, { name: '퇴사자', phone: '01055558888', password: 'leaving1!', paymentId: '1005' }),
      );
      const cookie = cookieOf(await workerLogin('01055558888', 'leaving1!'));
      expect((await ctx.get('/api/auth/me', { cookie })).statusCode).toBe(200);
      // Captured with no signal on the worker's phone, not yet sent when the institution takes the worker out of service.
      const before = amountCapture('rcp-06', 3_000, ctx.clock.now() - 10 * MINUTE);
      const off = await ok<AdminWorker>(adminPost(ADMIN_API.workerStatus, { workerId: worker.id, active: false }));
      expect(off.active).toBe(false);
      ctx.clock.advance(MINUTE);
      try {
        const after = amountCapture('rcp-06', 4_000, ctx.clock.now());
        expect(await code(ctx.post('/api/cards/lookup', { programId: recipientOf('rcp-06').programId, card: before.card }, { cookie }))).toBe('1053');
        expect(await code(ctx.get(DEVICE_SNAPSHOT_PATH, { cookie }))).toBe('1053');
        expect((await ctx.get('/api/auth/me', { cookie })).statusCode).toBe(200);
        const answer = await ctx.post(
          SYNC_COMMANDS_PATH,
          { items: [before, after].map((capture) => ({ kind: 'payment', workerId: worker.id, ...capture })), sentAt: ctx.clock.now() },
          { cookie },
        );
        expect(answer.json<{ results: { commandId: string; status: string; code?: string }[] }>().results).toMatchObject([
          { commandId: before.paymentId, status: 'approved' },
          { commandId: after.paymentId, status: 'refused', code: '1053' },
        ]);
        const recorded = await ctx.db
          .selectFrom('payments')
          .select(['id', 'worker_id'])
          .where('id', 'in', [before.paymentId, after.paymentId])
          .execute();
        expect(recorded).toEqual([{ id: before.paymentId, worker_id: worker.id }]);
      } finally {
        ctx.clock.advance(-MINUTE);
      }
      expect(await code(workerLogin('01055558888', 'leaving1!'))).toBe('1053');
      // A wrong password still says only 1002: the state is told to someone who knows the password.
      expect(await code(workerLogin('01055558888', 'wrong-pass1!'))).toBe('1002');
      await ok(adminPost(ADMIN_API.workerStatus, { workerId: worker.id, active: true }));
      expect((await workerLogin('01055558888', 'leaving1!')).statusCode).toBe(200);
    });

    it('resets a password by the rules: the old one stops working and the worker’s sessions end', async () => {
      const worker = await ok<AdminWorker>(
        adminPost(ADMIN_API.workers, { name: '잊음', phone: '01055559999', password: 'forgot12!', paymentId: '1006' }),
      );
      const cookie = cookieOf(await workerLogin('01055559999', 'forgot12!'));
      expect(await code(adminPost(ADMIN_API.workerPassword, { workerId: worker.id, password: '01055559999a!' }))).toBe('1021');
      await ok(adminPost(ADMIN_API.workerPassword, { workerId: worker.id, password: 'renewed12!' }));
      expect((await ctx.get('/api/auth/me', { cookie })).json()).toMatchObject({ code: '1003' });
      expect(await code(workerLogin('01055559999', 'forgot12!'))).toBe('1002');
      expect((await workerLogin('01055559999', 'renewed12!')).statusCode).toBe(200);
    });
  });

  describe('terminals', () => {
    it('lists the terminals with 단말번호, model, app version and last contact; shares, revokes (0304) and restores one', async () => {
      const deviceId = randomUUID();
      await ctx.app.inject({
        method: 'POST',
        url: '/api/terminals/register',
        payload: { deviceId, model: 'SM-T505N' },
        headers: { 'x-app-version': '0.9.1' },
      });
      const worker = await ctx.login(KIM, { deviceId });
      const { terminals } = await ok<{ terminals: AdminTerminal[] }>(adminGet(ADMIN_API.terminals));
      const tablet = terminals.find((t) => t.model === 'SM-T505N')!;
      expect(tablet).toMatchObject({
        status: 'active',
        profile: 'personal',
        appVersion: '0.9.1',
        lastSeenAt: ctx.clock.now(),
        pendingOfflineCount: null,
      });
      expect(terminals.map((t) => t.terminalNumber)).not.toContain(otherTerminalNumber);

      // The device reports its outbox with each snapshot refresh; a header that is no count is ignored.
      expect((await ctx.get('/api/device/snapshot', { cookie: worker, headers: { 'x-outbox-pending': '3' } })).statusCode).toBe(200);
      expect((await ctx.get('/api/device/snapshot', { cookie: worker, headers: { 'x-outbox-pending': '-1; drop' } })).statusCode).toBe(200);
      const reported = (await ok<{ terminals: AdminTerminal[] }>(adminGet(ADMIN_API.terminals))).terminals.find((t) => t.model === 'SM-T505N');
      expect(reported?.pendingOfflineCount).toBe(3);

      const shared = await ok<AdminTerminal>(
        adminPost(ADMIN_API.terminalProfile, { terminalNumber: tablet.terminalNumber, profile: 'shared', workers: ['1001'] }),
      );
      expect(shared).toMatchObject({ profile: 'shared', workers: ['1001'] });
      expect((await ctx.get('/api/auth/me', { cookie: worker })).json<SessionInfo>().terminal.profile).toBe('shared');
      expect(await code(adminPost(ADMIN_API.terminalProfile, { terminalNumber: tablet.terminalNumber, profile: 'shared', workers: ['9999'] }))).toBe(
        '0273',
      );
      await ok(adminPost(ADMIN_API.terminalProfile, { terminalNumber: tablet.terminalNumber, profile: 'personal' }));

      const revoked = await ok<AdminTerminal>(adminPost(ADMIN_API.terminalStatus, { terminalNumber: tablet.terminalNumber, status: 'revoked' }));
      expect(revoked.status).toBe('revoked');
      expect((await ctx.get('/api/auth/me', { cookie: worker })).json()).toMatchObject({ code: '0304' });
      await ok(adminPost(ADMIN_API.terminalStatus, { terminalNumber: tablet.terminalNumber, status: 'active' }));
      expect((await ctx.login(KIM, { deviceId })).length).toBeGreaterThan(10);
      const audit = await ctx.db
        .selectFrom('admin_audit')
        .select('action')
        .where('target', '=', tablet.terminalNumber)
        .orderBy('recorded_at')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['terminal.shared', 'terminal.shared', 'terminal.personal', 'terminal.revoke', 'terminal.restore']);
    });
  });

  describe('recipients and cards', () => {
    let recipient: AdminRecipient;
    let card: IssuedCard;
    let worker: string;

    it('registers a recipient with a contract and this month’s voucher granted through the ledger', async () => {
      recipient = await ok<AdminRecipient>(
        adminPost(ADMIN_API.recipients, {
          name: '신규아',
          phone: '01033334444',
          contracts: [{ programId: 'developmental-rehab', monthlyKrw: 300_000 }],
        }),
      );
      expect(recipient.contracts).toEqual([
        { programId: 'developmental-rehab', voucher: { month: '2026-03', grantedKrw: 300_000, balanceKrw: 300_000 } },
      ]);
      const voucher = await ctx.db.selectFrom('vouchers').select('id').where('recipient_id', '=', recipient.id).executeTakeFirstOrThrow();
      const ledger = await ctx.db.selectFrom('ledger_entries').select(['kind', 'delta_krw']).where('voucher_id', '=', voucher.id).execute();
      expect(ledger.map((l) => [l.kind, Number(l.delta_krw)])).toEqual([['grant', 300_000]]);
      const withContract = await ok<AdminRecipient>(
        adminPost(ADMIN_API.contracts, { recipientId: recipient.id, programId: 'language-development', monthlyKrw: 0 }),
      );
      expect(withContract.contracts.map((c) => [c.programId, c.voucher])).toEqual([
        ['developmental-rehab', expect.anything()],
        ['language-development', null],
      ]);
      expect(await code(adminPost(ADMIN_API.contracts, { recipientId: recipient.id, programId: 'language-development', monthlyKrw: 0 }))).toBe(
        '1054',
      );
    });

    it('grants a contracted program’s voucher of this month through the ledger, once a month', async () => {
      const grant = (programId: string, monthlyKrw: number) => adminPost(ADMIN_API.vouchers, { recipientId: recipient.id, programId, monthlyKrw });
      const granted = await ok<AdminRecipient>(grant('language-development', 80_000));
      expect(granted.contracts.find((c) => c.programId === 'language-development')!.voucher).toEqual({
        month: '2026-03',
        grantedKrw: 80_000,
        balanceKrw: 80_000,
      });
      expect(await code(grant('language-development', 80_000))).toBe('1057');
      expect(await code(grant('parent-counseling', 80_000))).toBe('1052');
      // Next month, a new voucher; this month's stays as it was.
      const clock = ctx.clock.now();
      ctx.clock.at = Date.UTC(2026, 3, 2);
      try {
        // A session of its own: the suite's would be idle for weeks at this clock.
        const aprilAdmin = await adminLogin(DEMO_ADMIN.loginId, DEMO_ADMIN.password);
        const april = await ok<AdminRecipient>(
          adminPost(ADMIN_API.vouchers, { recipientId: recipient.id, programId: 'developmental-rehab', monthlyKrw: 300_000 }, aprilAdmin),
        );
        expect(april.contracts.find((c) => c.programId === 'developmental-rehab')!.voucher).toMatchObject({ month: '2026-04', balanceKrw: 300_000 });
      } finally {
        ctx.clock.at = clock;
      }
      const vouchers = await ctx.db.selectFrom('vouchers').select(['id', 'month', 'balance_krw']).where('recipient_id', '=', recipient.id).execute();
      expect(vouchers.map((v) => v.month).sort()).toEqual(['2026-03', '2026-03', '2026-04']);
      for (const voucher of vouchers) {
        const sum = await ctx.db
          .selectFrom('ledger_entries')
          .select((eb) => eb.fn.sum<number>('delta_krw').as('s'))
          .where('voucher_id', '=', voucher.id)
          .executeTakeFirstOrThrow();
        expect(Number(sum.s)).toBe(Number(voucher.balance_krw));
      }
    });

    it('issues a card whose token then pays, and reads the tag back to whose it is', async () => {
      card = await ok<IssuedCard>(adminPost(ADMIN_API.cards, { recipientId: recipient.id }));
      expect(card.cardNumber).toMatch(/^94\d{14}$/);
      expect(card.token).toMatch(/^EVC-/);
      worker = await ctx.login(KIM);
      const screen = await ok<VoucherScreen>(
        ctx.post('/api/cards/lookup', { programId: 'developmental-rehab', card: { kind: 'nfc', token: card.token } }, { cookie: worker }),
      );
      expect(screen.balanceKrw).toBe(300_000);
      await ok(ctx.post('/api/payments', paymentRequest(screen.lookupId, 50_000, ctx.clock.now()), { cookie: worker }));
      const verified = await ok(adminPost(ADMIN_API.cardVerify, { token: card.token }));
      expect(verified).toEqual({ cardId: card.cardId, recipientId: recipient.id, recipientName: '신규아', status: 'active' });
      // The card is listed masked; the token and number are answered only once, at issue.
      const { recipients } = await ok<{ recipients: AdminRecipient[] }>(adminGet(ADMIN_API.recipients));
      const listed = recipients.find((r) => r.id === recipient.id)!;
      expect(listed.cards).toEqual([
        expect.objectContaining({ id: card.cardId, status: 'active', cardNumberMasked: `************${card.cardNumber.slice(-4)}` }),
      ]);
      expect(JSON.stringify(recipients)).not.toContain(card.token);
    });

    it('revokes a lost card: refused online at once (2002) and gone from the next snapshot; the replacement pays', async () => {
      const hash = (text: string) => createHash('sha256').update(text).digest('hex');
      const before = await ok<DeviceSnapshot>(ctx.get(DEVICE_SNAPSHOT_PATH, { cookie: worker }));
      expect(before.vouchers.find((v) => v.recipientId === recipient.id)!.cardHashes).toContain(hash(`nfc:${card.token}`));

      const replaced = await ok<IssuedCard>(adminPost(ADMIN_API.cardReplace, { cardId: card.cardId }));
      expect(replaced.replacesCardId).toBe(card.cardId);
      const lookup = (token: string) =>
        ctx.post('/api/cards/lookup', { programId: 'developmental-rehab', card: { kind: 'nfc', token } }, { cookie: worker });
      expect(await code(lookup(card.token))).toBe('2002');
      expect(
        await code(
          ctx.post('/api/cards/lookup', { programId: 'developmental-rehab', card: { kind: 'typed', number: card.cardNumber } }, { cookie: worker }),
        ),
      ).toBe('2002');
      expect((await lookup(replaced.token)).statusCode).toBe(200);

      const after = await ok<DeviceSnapshot>(ctx.get(DEVICE_SNAPSHOT_PATH, { cookie: worker }));
      const hashes = after.vouchers.find((v) => v.recipientId === recipient.id)!.cardHashes;
      expect(hashes).not.toContain(hash(`nfc:${card.token}`));
      expect(hashes).not.toContain(hash(`typed:${card.cardNumber}`));
      expect(hashes).toContain(hash(`nfc:${replaced.token}`));

      const listed = await ok<AdminRecipient>(adminPost(ADMIN_API.cardRevoke, { cardId: replaced.cardId }));
      expect(listed.cards.map((c) => c.status)).toEqual(['revoked', 'revoked']);
      expect(await code(lookup(replaced.token))).toBe('2002');
      expect(await ok(adminPost(ADMIN_API.cardVerify, { token: replaced.token }))).toMatchObject({ status: 'revoked' });
    });
  });

  describe('exceptions, trail, exports and reconciliation', () => {
    let worker: string;
    let flaggedId: string;
    let retroId: string;
    let cancelledId: string;
    let refusedId: string;

    beforeAll(async () => {
      worker = await ctx.login(KIM);
      // A capture older than the offline window: recorded, flagged for review.
      const late = amountCapture('rcp-07', 1_000, ctx.clock.now() - DEFAULT_OFFLINE_LIMITS.maxAgeMs - HOUR);
      flaggedId = late.paymentId;
      expect((await ctx.post(SYNC_BATCH_PATH, { items: [late], sentAt: ctx.clock.now() }, { cookie: worker })).statusCode).toBe(200);
      // A refused sync command: the revoked demo card.
      const refused = { ...amountCapture('rcp-07', 1_000, ctx.clock.now() - HOUR), card: { kind: 'nfc' as const, token: 'EVC-9e8d7c6b-rev' } };
      refusedId = refused.paymentId;
      const answer = await ctx.post(
        SYNC_COMMANDS_PATH,
        { items: [{ kind: 'payment', workerId: KIM.id, ...refused }], sentAt: ctx.clock.now() },
        { cookie: worker },
      );
      expect(answer.json<{ results: { status: string }[] }>().results[0]!.status).toBe('refused');
      // A 소급결제 with its reason.
      const screen = await ctx.lookup(worker, 'rcp-08');
      const day = ctx.clock.now() - 24 * HOUR;
      const retro = await ok<{ paymentId: string }>(
        ctx.post(
          '/api/payments',
          {
            ...paymentRequest(screen.lookupId, 20_000, ctx.clock.now()),
            mode: 'retroactive',
            serviceStartAt: day,
            serviceEndAt: day,
            reason: 'terminal-lost',
          },
          { cookie: worker },
        ),
      );
      retroId = retro.paymentId;
      // A payment and its cancellation.
      const paid = await ok<{ paymentId: string }>(
        ctx.post('/api/payments', paymentRequest((await ctx.lookup(worker, 'rcp-06')).lookupId, 7_000, ctx.clock.now()), { cookie: worker }),
      );
      cancelledId = paid.paymentId;
      await ok(
        ctx.post(
          '/api/payments/cancel',
          { cancelId: randomUUID(), target: { by: 'paymentId', paymentId: cancelledId }, deviceAt: ctx.clock.now() },
          { cookie: worker },
        ),
      );
    });

    it('lists flagged captures, refusals, 소급결제 with their reasons and the ratio, and cancellations, with filters', async () => {
      const all = await ok<Exceptions>(adminGet(`${ADMIN_API.exceptions}?from=2026-03-01&to=2026-03-31`));
      const find = (kind: string, id: string) => all.items.find((i) => i.kind === kind && i.subjectId === id);
      expect(find('flagged', flaggedId)).toMatchObject({ workerName: '김하늘', amountKrw: 1_000, detail: 'late', programId: 'language-development' });
      expect(find('refused', refusedId)).toMatchObject({ workerName: '김하늘', detail: expect.stringContaining('2002') });
      expect(find('retroactive', retroId)).toMatchObject({ amountKrw: 20_000, detail: 'terminal-lost' });
      expect(find('cancellation', cancelledId)).toMatchObject({ amountKrw: 7_000 });
      expect(all.retro).toMatchObject({ month: '2026-03', threshold: 0.1 });
      expect(all.retro.retroactiveCount).toBeGreaterThanOrEqual(1);

      const byProgram = await ok<Exceptions>(adminGet(`${ADMIN_API.exceptions}?from=2026-03-01&to=2026-03-31&programId=parent-counseling`));
      expect(byProgram.items.map((i) => i.subjectId)).toEqual([retroId]);
      const byKind = await ok<Exceptions>(adminGet(`${ADMIN_API.exceptions}?from=2026-03-01&to=2026-03-31&kind=flagged`));
      expect(byKind.items.every((i) => i.kind === 'flagged')).toBe(true);
      const byWorker = await ok<Exceptions>(adminGet(`${ADMIN_API.exceptions}?from=2026-03-01&to=2026-03-31&workerId=wrk-park`));
      expect(byWorker.items).toEqual([]);
      const earlier = await ok<Exceptions>(adminGet(`${ADMIN_API.exceptions}?from=2026-02-01&to=2026-02-28`));
      expect(earlier.items).toEqual([]);
      expect(await code(adminGet(`${ADMIN_API.exceptions}?from=2026-03-31&to=2026-03-01`))).toBe('1055');
      expect(await code(adminGet(`${ADMIN_API.exceptions}?from=2026-03-01`))).toBe('1001');
    });

    it('shows the audit trail of an exception: who, what, when, from which terminal', async () => {
      const terminalNumber = (await ctx.get('/api/auth/me', { cookie: worker })).json<SessionInfo>().terminal.terminalNumber;
      const flagged = await ok<Trail>(adminGet(trailPath(flaggedId)));
      expect(flagged.entries.map((e) => e.what)).toEqual(['payment.captured', 'command.approved', 'payment.approved', 'ledger.payment']);
      expect(flagged.entries[2]).toMatchObject({ who: '김하늘', terminalNumber, detail: expect.stringContaining('검토 필요(late)') });
      const cancelled = await ok<Trail>(adminGet(trailPath(cancelledId)));
      expect(cancelled.entries.map((e) => e.what)).toEqual(
        expect.arrayContaining(['payment.approved', 'cancellation', 'ledger.payment', 'ledger.cancel']),
      );
      const refused = await ok<Trail>(adminGet(trailPath(refusedId)));
      expect(refused.entries).toEqual([expect.objectContaining({ what: 'command.refused', who: '김하늘', terminalNumber })]);
    });

    it('exports payments, cancellations and exceptions of a period as UTF-8 CSV with a BOM and Korean headers', async () => {
      const payments = await adminGet(exportPath('payments', '2026-03-01', '2026-03-31'));
      expect(payments.statusCode).toBe(200);
      expect(payments.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(payments.headers['content-disposition']).toContain('payments-2026-03-01_2026-03-31.csv');
      expect(payments.headers['cache-control']).toBe('no-store');
      const text = payments.body;
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const lines = text.slice(1).trimEnd().split('\r\n');
      expect(lines[0]).toMatch(/^승인번호,결제일시,서비스일자/);
      expect(lines.some((l) => l.includes(retroId) && l.includes('소급결제') && l.includes('terminal-lost'))).toBe(true);
      expect(lines.some((l) => l.includes(flaggedId) && l.includes(',Y,late,'))).toBe(true);
      expect(text).not.toContain('타이용자');

      const cancellations = (await adminGet(exportPath('cancellations', '2026-03-01', '2026-03-31'))).body;
      expect(cancellations.slice(1).split('\r\n')[0]).toMatch(/^취소일시,승인번호/);
      expect(cancellations).toContain(cancelledId);
      const exceptions = (await adminGet(exportPath('exceptions', '2026-03-01', '2026-03-31'))).body;
      expect(exceptions).toContain(`검토 필요`);
      expect(exceptions).toContain(refusedId);
      const audit = await ctx.db.selectFrom('admin_audit').select(['action', 'target']).where('action', 'like', 'export.%').execute();
      expect(audit).toEqual(expect.arrayContaining([{ action: 'export.payments', target: '2026-03-01..2026-03-31' }]));
      expect(await code(adminGet(`${ADMIN_API.exports}/secrets.csv?from=2026-03-01&to=2026-03-31`))).toBe('1001');
    });

    it('pages through a period by (record time, id), so an export never holds more than a page', async () => {
      const filter = { fromAt: Date.UTC(2026, 1, 1), toAt: Date.UTC(2026, 3, 1) };
      const seen: string[] = [];
      let after = null;
      for (;;) {
        const page = await exceptionPage(ctx.db, 'inst-seongnam', 'flagged', filter, after, 1);
        if (page.length === 0) break;
        seen.push(...page.map((p) => p.subjectId));
        after = keysetOf(page[page.length - 1]!);
      }
      const all = await exceptionPage(ctx.db, 'inst-seongnam', 'flagged', filter, null, 1_000);
      expect(seen).toEqual(all.map((p) => p.subjectId));
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('reconciles a day per program: payments, cancellations, net, and every balance against its ledger', async () => {
      const report = await ok<Reconciliation>(adminGet(`${ADMIN_API.reconciliation}?date=2026-03-10`));
      const rehab = report.programs.find((p) => p.programId === 'developmental-rehab')!;
      expect(rehab).toMatchObject({ cancellationCount: 1, cancellationKrw: 7_000 });
      expect(rehab.netKrw).toBe(rehab.paymentKrw - 7_000);
      expect(report.vouchersChecked).toBeGreaterThan(5);
      expect(report.mismatches).toEqual([]);
      const today = await ok<Reconciliation>(adminGet(ADMIN_API.reconciliation));
      expect(today.date).toBe('2026-03-10');
    });
  });

  describe('an administrator of another institution', () => {
    it('sees none of the demo institution’s workers, terminals, recipients, exceptions, audit or exports', async () => {
      const workers = await ok<{ workers: AdminWorker[] }>(adminGet(ADMIN_API.workers, other));
      expect(workers.workers.map((w) => w.name).sort()).toEqual(['같은ID', '타기관']);
      const terminals = await ok<{ terminals: AdminTerminal[] }>(adminGet(ADMIN_API.terminals, other));
      expect(terminals.terminals.map((t) => t.terminalNumber)).toEqual([otherTerminalNumber]);
      const recipients = await ok<{ recipients: AdminRecipient[] }>(adminGet(ADMIN_API.recipients, other));
      expect(recipients.recipients.map((r) => r.id)).toEqual([otherRecipient.id]);
      const exceptions = await ok<Exceptions>(adminGet(`${ADMIN_API.exceptions}?from=2026-03-01&to=2026-03-31`, other));
      expect(exceptions.items).toEqual([]);
      expect(exceptions.retro.paymentCount).toBe(0);
      const audit = await ok<{ rows: { who: string }[] }>(adminGet(`${ADMIN_API.audit}?from=2026-03-01&to=2026-03-31`, other));
      expect(new Set(audit.rows.map((r) => r.who))).toEqual(new Set([OTHER.loginId]));
      const csv = (await adminGet(exportPath('payments', '2026-03-01', '2026-03-31'), other)).body;
      expect(csv.slice(1).trimEnd().split('\r\n')).toHaveLength(1);
      const reconciliation = await ok<Reconciliation>(adminGet(ADMIN_API.reconciliation, other));
      expect(reconciliation.programs).toEqual([]);
      expect(reconciliation.vouchersChecked).toBe(1);
    });

    it('can do nothing to the demo institution’s workers, terminals, recipients or cards, nor read its trails', async () => {
      const kimTerminal = (await ctx.get('/api/auth/me', { cookie: await ctx.login(KIM) })).json<SessionInfo>().terminal.terminalNumber;
      const demoCard = await ctx.db.selectFrom('cards').select('id').where('recipient_id', '=', 'rcp-06').executeTakeFirstOrThrow();
      const payment = await ctx.db.selectFrom('payments').select('id').where('institution_id', '=', 'inst-seongnam').executeTakeFirstOrThrow();
      const attempts: [string, unknown, string][] = [
        [ADMIN_API.workerStatus, { workerId: KIM.id, active: false }, '1052'],
        [ADMIN_API.workerPassword, { workerId: KIM.id, password: 'taken-over1!' }, '1052'],
        [ADMIN_API.workerPrograms, { workerId: KIM.id, programIds: [] }, '1052'],
        [ADMIN_API.terminalProfile, { terminalNumber: kimTerminal, profile: 'shared' }, '1052'],
        [ADMIN_API.terminalStatus, { terminalNumber: kimTerminal, status: 'revoked' }, '1052'],
        [ADMIN_API.contracts, { recipientId: 'rcp-06', programId: 'language-development', monthlyKrw: 1 }, '1052'],
        [ADMIN_API.vouchers, { recipientId: 'rcp-06', programId: 'developmental-rehab', monthlyKrw: 1 }, '1052'],
        [ADMIN_API.cards, { recipientId: 'rcp-06' }, '1052'],
        [ADMIN_API.cardRevoke, { cardId: demoCard.id }, '1052'],
        [ADMIN_API.cardReplace, { cardId: demoCard.id }, '1052'],
        [ADMIN_API.cardVerify, { token: 'EVC-d1e2f356-dev' }, '2001'],
      ];
      for (const [url, body, expected] of attempts) expect(await code(adminPost(url, body, other)), url).toBe(expected);
      expect(await code(adminGet(trailPath(payment.id), other))).toBe('1052');
      // Nothing changed: KIM still logs in, the terminal is active and personal, the card pays.
      expect((await workerLogin(KIM.phone, KIM.password)).statusCode).toBe(200);
      const terminal = await ctx.db
        .selectFrom('terminals')
        .select(['status', 'profile'])
        .where('terminal_number', '=', kimTerminal)
        .executeTakeFirstOrThrow();
      expect(terminal).toEqual({ status: 'active', profile: 'personal' });
      expect(await ctx.db.selectFrom('cards').select('status').where('id', '=', demoCard.id).executeTakeFirstOrThrow()).toEqual({ status: 'active' });
      const cards = await ctx.db.selectFrom('cards').select('id').where('recipient_id', '=', 'rcp-06').execute();
      expect(cards).toHaveLength(1);
      // And the demo admin cannot reach the other institution's either.
      expect(await code(adminPost(ADMIN_API.workerStatus, { workerId: otherWorkerId, active: false }))).toBe('1052');
      expect(await code(adminPost(ADMIN_API.cardRevoke, { cardId: otherCard.cardId }))).toBe('1052');
      expect(await code(adminPost(ADMIN_API.terminalStatus, { terminalNumber: otherTerminalNumber, status: 'revoked' }))).toBe('1052');
      // Every refusal is in the refusing administrator's own audit log.
      const refused = await ctx.db
        .selectFrom('admin_audit')
        .select('action')
        .where('admin_id', '=', OTHER.adminId)
        .where('outcome', '=', 'refused')
        .execute();
      expect(refused.length).toBeGreaterThanOrEqual(9);
    });
  });

  it('keeps the console’s audit append-only in the database', async () => {
    await expect(ctx.db.updateTable('admin_audit').set({ detail: 'edited' }).execute()).rejects.toThrow(/append-only/);
    await expect(ctx.db.deleteFrom('admin_audit').execute()).rejects.toThrow(/append-only/);
  });
});

describe.each(databases)('the console login rate limit on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create(kind, { loginRateLimitPerMinute: 3 });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('answers 1004 after too many attempts at one login id from one address, in a window kept in the database', async () => {
    const attempt = () => ctx.post(ADMIN_API.login, { loginId: DEMO_ADMIN.loginId, password: 'guess-pass1!' });
    for (let i = 0; i < 3; i++) expect((await attempt()).json()).toMatchObject({ code: '1002' });
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: '1004' });
    // Even the right password waits for the window.
    expect((await ctx.post(ADMIN_API.login, { loginId: DEMO_ADMIN.loginId, password: DEMO_ADMIN.password })).statusCode).toBe(429);
    ctx.clock.advance(61_000);
    expect((await ctx.post(ADMIN_API.login, { loginId: DEMO_ADMIN.loginId, password: DEMO_ADMIN.password })).statusCode).toBe(200);
  });
});
