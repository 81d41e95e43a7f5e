import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardCheck, ChangePasswordResponse, SessionInfo, Terminal } from '../../src/domain/wire';
import { hashPassword } from '../src/auth/password';
import type { DemoWorker } from '../src/demo/demo-data';
import { shareTerminal } from '../src/terminals/terminal-admin.service';
import { databases, KIM, MINUTE, recipient, TestContext } from './test-context';

let workerSeq = 0;

/** A worker of the demo institution of this test alone, so changing their password disturbs no other test. */
async function newWorker(ctx: TestContext, password = 'evoucher9!'): Promise<DemoWorker> {
  workerSeq += 1;
  const worker: DemoWorker = {
    id: `wrk-settings-${workerSeq}`,
    name: '설정시험',
    phone: `0105555${String(1000 + workerSeq)}`,
    password,
    paymentId: String(5000 + workerSeq),
  };
  await ctx.db
    .insertInto('workers')
    .values({
      id: worker.id,
      institution_id: 'inst-seongnam',
      name: worker.name,
      phone: worker.phone,
      password_hash: await hashPassword(password),
      payment_id: worker.paymentId,
      created_at: ctx.clock.now(),
    })
    .execute();
  return worker;
}

async function loginWith(ctx: TestContext, worker: DemoWorker, password: string, registeredDeviceId?: string) {
  const deviceId = registeredDeviceId ?? (await ctx.registerTerminal());
  return ctx.post('/api/auth/login', { phone: worker.phone, password, autoLogin: true, deviceId });
}

describe.each(databases)('환경설정 on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create(kind);
  });
  afterAll(async () => {
    await ctx.close();
  });

  describe('자동로그인 해제', () => {
    it('keeps the session, with a cookie that ends with the browser and the short idle window', async () => {
      const cookie = await ctx.login(KIM, { autoLogin: true });
      const off = await ctx.post('/api/auth/auto-login/off', {}, { cookie });
      expect(off.statusCode).toBe(200);
      expect(off.json<SessionInfo>().autoLogin).toBe(false);
      const reissued = off.cookies.find((c) => c.name === 'evs');
      expect(reissued?.value).toBe(cookie);
      expect(reissued?.maxAge).toBeUndefined();
      expect(reissued?.httpOnly).toBe(true);

      // The session goes on …
      const me = await ctx.get('/api/auth/me', { cookie });
      expect(me.statusCode).toBe(200);
      expect(me.json<SessionInfo>().autoLogin).toBe(false);
      // … but now as one without 자동로그인: 15 idle minutes end it.
      ctx.clock.advance(16 * MINUTE);
      expect((await ctx.get('/api/auth/me', { cookie })).json()).toMatchObject({ code: '1003' });
    });

    it('never makes a session longer than an ordinary login', async () => {
      const cookie = await ctx.login(KIM, { autoLogin: true });
      await ctx.post('/api/auth/auto-login/off', {}, { cookie });
      const row = await ctx.db
        .selectFrom('sessions')
        .select(['expires_at', 'auto_login', 'created_at'])
        .where('auto_login', '=', 0)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      expect(Number(row.expires_at)).toBeLessThanOrEqual(ctx.clock.now() + ctx.config.sessionAbsoluteHours * 3_600_000);
    });

    it('needs a session (1003)', async () => {
      const response = await ctx.post('/api/auth/auto-login/off', {});
      expect(response.json()).toMatchObject({ code: '1003' });
    });
  });

  describe('패스워드 변경', () => {
    it('refuses a wrong current password with 1020 and changes nothing', async () => {
      const worker = await newWorker(ctx);
      const here = (await loginWith(ctx, worker, worker.password)).cookies.find((c) => c.name === 'evs')!.value;
      const elsewhere = (await loginWith(ctx, worker, worker.password)).cookies.find((c) => c.name === 'evs')!.value;
      const before = await ctx.db.selectFrom('workers').select('password_hash').where('id', '=', worker.id).executeTakeFirstOrThrow();

      const response = await ctx.post('/api/auth/password', { currentPassword: 'wrong-pass1!', newPassword: 'fresh-pass2@' }, { cookie: here });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({ code: '1020', message: '현재 비밀번호가 올바르지 않습니다.' });

      const after = await ctx.db.selectFrom('workers').select('password_hash').where('id', '=', worker.id).executeTakeFirstOrThrow();
      expect(after.password_hash).toBe(before.password_hash);
      expect((await ctx.get('/api/auth/me', { cookie: elsewhere })).statusCode).toBe(200);
      expect((await loginWith(ctx, worker, worker.password)).statusCode).toBe(200);
    });

    it.each([
      ['too short', 'ab1!'],
      ['no digit', 'abcdefgh!'],
      ['no letter', '12345678!'],
      ['no special character', 'abcd12345'],
      ['the phone number inside', 'x01055551!'],
    ])('refuses a new password that breaks a rule (%s) with 1021', async (_why, newPassword) => {
      const worker = await newWorker(ctx);
      const cookie = (await loginWith(ctx, worker, worker.password)).cookies.find((c) => c.name === 'evs')!.value;
      // The phone of this worker, for the last case.
      const password = newPassword.replace('01055551', worker.phone.slice(-8));
      const response = await ctx.post('/api/auth/password', { currentPassword: worker.password, newPassword: password }, { cookie });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: '1021' });
      expect((await loginWith(ctx, worker, worker.password)).statusCode).toBe(200);
    });

    it('refuses the current password as the new one with 1022', async () => {
      const worker = await newWorker(ctx);
      const cookie = (await loginWith(ctx, worker, worker.password)).cookies.find((c) => c.name === 'evs')!.value;
      const response = await ctx.post('/api/auth/password', { currentPassword: worker.password, newPassword: worker.password }, { cookie });
      expect(response.json()).toMatchObject({ code: '1022' });
    });

    it('takes effect at the next login and ends the worker’s other sessions, not this one', async () => {
      const worker = await newWorker(ctx);
      const here = (await loginWith(ctx, worker, worker.password)).cookies.find((c) => c.name === 'evs')!.value;
      const elsewhere = (await loginWith(ctx, worker, worker.password)).cookies.find((c) => c.name === 'evs')!.value;
      const colleague = await ctx.login(KIM);

      const response = await ctx.post('/api/auth/password', { currentPassword: worker.password, newPassword: 'fresh-pass2@' }, { cookie: here });
      expect(response.statusCode).toBe(200);
      expect(response.json<ChangePasswordResponse>()).toEqual({ ok: true, otherSessionsRevoked: 1 });

      expect((await ctx.get('/api/auth/me', { cookie: here })).statusCode).toBe(200);
      expect((await ctx.get('/api/auth/me', { cookie: elsewhere })).json()).toMatchObject({ code: '1003' });
      expect((await ctx.get('/api/auth/me', { cookie: colleague })).statusCode).toBe(200);
      expect((await loginWith(ctx, worker, worker.password)).json()).toMatchObject({ code: '1002' });
      expect((await loginWith(ctx, worker, 'fresh-pass2@')).statusCode).toBe(200);
    });

    it('leaves the session of a shared terminal she signed in signed in, and ends her other phone’s', async () => {
      const worker = await newWorker(ctx);
      // The hall tablet: signed in once by her, then made the institution's shared terminal.
      const tabletId = randomUUID();
      const terminal = (await ctx.post('/api/terminals/register', { deviceId: tabletId, model: 'Galaxy Tab A9' })).json<Terminal>();
      const tablet = (await loginWith(ctx, worker, worker.password, tabletId)).cookies.find((c) => c.name === 'evs')!.value;
      await shareTerminal(ctx.db, { institutionId: 'inst-seongnam', terminalNumber: terminal.terminalNumber, workers: 'all' }, ctx.clock.now());
      const phone = (await loginWith(ctx, worker, worker.password)).cookies.find((c) => c.name === 'evs')!.value;
      const oldPhone = (await loginWith(ctx, worker, worker.password)).cookies.find((c) => c.name === 'evs')!.value;

      const response = await ctx.post('/api/auth/password', { currentPassword: worker.password, newPassword: 'fresh-pass2@' }, { cookie: phone });
      expect(response.json<ChangePasswordResponse>()).toEqual({ ok: true, otherSessionsRevoked: 1 });

      const onTablet = await ctx.get('/api/auth/me', { cookie: tablet });
      expect(onTablet.statusCode).toBe(200);
      expect(onTablet.json<SessionInfo>().terminal.profile).toBe('shared');
      expect((await ctx.get('/api/auth/me', { cookie: oldPhone })).json()).toMatchObject({ code: '1003' });
      expect((await ctx.get('/api/auth/me', { cookie: phone })).statusCode).toBe(200);
    });

    it('needs a session (1003)', async () => {
      const response = await ctx.post('/api/auth/password', { currentPassword: 'a', newPassword: 'fresh-pass2@' });
      expect(response.json()).toMatchObject({ code: '1003' });
    });
  });

  describe('카드인식 테스트', () => {
    const rehab = recipient('rcp-06');

    async function counts() {
      const lookups = await ctx.db
        .selectFrom('lookups')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return { lookups: Number(lookups.n), payments: await ctx.count('payments'), ledger: await ctx.count('ledger_entries') };
    }

    it('answers a valid card with whose it is (masked) to a terminal of a contracted institution, and writes nothing', async () => {
      const deviceId = await ctx.registerTerminal();
      await ctx.post('/api/auth/login', { phone: KIM.phone, password: KIM.password, autoLogin: false, deviceId });
      const before = await counts();
      const response = await ctx.post('/api/cards/check', { deviceId, card: { kind: 'typed', number: rehab.cardNumber } });
      expect(response.statusCode).toBe(200);
      expect(response.json<CardCheck>()).toEqual({
        status: 'active',
        recipientMasked: '김**',
        programIds: ['developmental-rehab'],
        hostNow: ctx.clock.now(),
      });
      expect(await counts()).toEqual(before);
      expect(await ctx.balanceOf('rcp-06')).toEqual({ balanceKrw: 250_000, ledgerSumKrw: 250_000 });
    });

    it('tells a terminal no institution owns yet only that the card is valid', async () => {
      const deviceId = await ctx.registerTerminal();
      const response = await ctx.post('/api/cards/check', { deviceId, card: { kind: 'nfc', token: rehab.cardToken } });
      expect(response.json<CardCheck>()).toMatchObject({ status: 'active', recipientMasked: null, programIds: [] });
    });

    it('gives no name for a recipient the institution has no contract with', async () => {
      const deviceId = await ctx.registerTerminal();
      await ctx.post('/api/auth/login', { phone: KIM.phone, password: KIM.password, autoLogin: false, deviceId });
      const noContract = recipient('rcp-10');
      const response = await ctx.post('/api/cards/check', { deviceId, card: { kind: 'nfc', token: noContract.cardToken } });
      expect(response.json<CardCheck>()).toMatchObject({ recipientMasked: null, programIds: [] });
    });

    it('refuses an unknown card (2001), a revoked one (2002), an unknown terminal (1005) and a revoked one (0304)', async () => {
      const deviceId = await ctx.registerTerminal();
      const unknown = await ctx.post('/api/cards/check', { deviceId, card: { kind: 'nfc', token: 'EVC-00000000-unk' } });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toEqual({ code: '2001', message: '등록되지 않은 카드입니다. 카드를 다시 확인해 주세요.' });
      const revokedCard = await ctx.post('/api/cards/check', { deviceId, card: { kind: 'nfc', token: recipient('rcp-11').cardToken } });
      expect(revokedCard.json()).toMatchObject({ code: '2002' });
      const noTerminal = await ctx.post('/api/cards/check', { deviceId: randomUUID(), card: { kind: 'nfc', token: rehab.cardToken } });
      expect(noTerminal.json()).toMatchObject({ code: '1005' });
      await ctx.db.updateTable('terminals').set({ status: 'revoked' }).where('device_id', '=', deviceId).execute();
      const revoked = await ctx.post('/api/cards/check', { deviceId, card: { kind: 'nfc', token: rehab.cardToken } });
      expect(revoked.json()).toMatchObject({ code: '0304' });
    });
  });
});
