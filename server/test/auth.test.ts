import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo, Terminal } from '../../src/domain/wire';
import { hashPassword } from '../src/auth/password';
import { databases, KIM, MINUTE, PARK, TestContext } from './test-context';

describe.each(databases)('terminals and sessions on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create(kind);
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('answers the same terminal when a device registers again', async () => {
    const deviceId = randomUUID();
    const first = await ctx.post('/api/terminals/register', { deviceId, model: 'UT-99L' });
    const second = await ctx.post('/api/terminals/register', { deviceId, model: 'UT-99L' });
    expect(first.statusCode).toBe(200);
    const terminal = first.json<Terminal>();
    expect(terminal.terminalNumber).toMatch(/^[1-9]\d{9}$/);
    expect(terminal.status).toBe('active');
    expect(second.json<Terminal>()).toEqual(terminal);
    const rows = await ctx.db.selectFrom('terminals').select('id').where('device_id', '=', deviceId).execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses a revoked terminal with 0304', async () => {
    const deviceId = await ctx.registerTerminal();
    await ctx.db.updateTable('terminals').set({ status: 'revoked' }).where('device_id', '=', deviceId).execute();
    const response = await ctx.post('/api/terminals/register', { deviceId, model: 'UT-99L' });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ code: '0304', message: '사용할 수 없는 단말기입니다. 기관에 문의해 주세요.' });
  });

  it('logs in, sets an HttpOnly SameSite=Strict cookie and binds the terminal to the institution', async () => {
    const deviceId = await ctx.registerTerminal();
    const response = await ctx.post('/api/auth/login', { phone: KIM.phone, password: KIM.password, autoLogin: false, deviceId });
    expect(response.statusCode).toBe(200);
    const info = response.json<SessionInfo>();
    expect(info.worker).toEqual({ id: 'wrk-kim', name: '김하늘', phoneMasked: '010-****-5678' });
    expect(info.institution).toEqual({ id: 'inst-seongnam', name: '성남주간보호센터-발달' });
    expect(info.programIds).toEqual([
      'activity-support',
      'activity-support-multi',
      'visiting-nursing',
      'visiting-bath',
      'home-care',
      'developmental-rehab',
      'language-development',
      'parent-counseling',
      'activity-support-topup',
    ]);
    const cookie = response.cookies.find((c) => c.name === 'evs');
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    expect(cookie?.path).toBe('/');
    expect(cookie?.maxAge).toBeUndefined();
    const terminal = await ctx.db.selectFrom('terminals').select('institution_id').where('device_id', '=', deviceId).executeTakeFirstOrThrow();
    expect(terminal.institution_id).toBe('inst-seongnam');
    // Only the hash of the token is stored.
    const stored = await ctx.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(cookie?.value);
  });

  it('gives 자동로그인 a persistent cookie', async () => {
    const deviceId = await ctx.registerTerminal();
    const response = await ctx.post('/api/auth/login', { phone: KIM.phone, password: KIM.password, autoLogin: true, deviceId });
    expect(response.cookies.find((c) => c.name === 'evs')?.maxAge).toBe(30 * 24 * 60 * 60);
  });

  it('refuses a wrong password with 1002 and opens no session', async () => {
    const deviceId = await ctx.registerTerminal();
    const before = await ctx.count('sessions');
    const wrongPassword = await ctx.post('/api/auth/login', { phone: KIM.phone, password: 'nope-nope', autoLogin: false, deviceId });
    const unknownPhone = await ctx.post('/api/auth/login', { phone: '01099998888', password: KIM.password, autoLogin: false, deviceId });
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongPassword.json()).toEqual({ code: '1002', message: '아이디 또는 비밀번호가 올바르지 않습니다.' });
    expect(unknownPhone.json()).toEqual(wrongPassword.json());
    expect(wrongPassword.cookies).toHaveLength(0);
    expect(await ctx.count('sessions')).toBe(before);
    const terminal = await ctx.db.selectFrom('terminals').select('institution_id').where('device_id', '=', deviceId).executeTakeFirstOrThrow();
    expect(terminal.institution_id).toBeNull();
  });

  it('answers malformed JSON and schema failures with 1001', async () => {
    const malformed = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"phone":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({ code: '1001', message: '요청 형식이 올바르지 않습니다.' });
    const poisoned = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__":{"admin":true}}',
    });
    expect(poisoned.json().code).toBe('1001');
    const empty = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' } });
    expect(empty.json().code).toBe('1001');
    const badPhone = await ctx.post('/api/auth/login', { phone: '12345', password: 'x', autoLogin: false, deviceId: randomUUID() });
    expect(badPhone.json().code).toBe('1001');
  });

  it('refuses an unknown device with 1005', async () => {
    const response = await ctx.post('/api/auth/login', { phone: KIM.phone, password: KIM.password, autoLogin: false, deviceId: randomUUID() });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('1005');
  });

  it('refuses a worker on a terminal bound to another institution with 0273', async () => {
    await ctx.db.insertInto('institutions').values({ id: 'inst-other', name: '다른기관', created_at: ctx.clock.now() }).execute();
    await ctx.db
      .insertInto('workers')
      .values({
        id: 'wrk-other',
        institution_id: 'inst-other',
        name: '정다른',
        phone: '01055556666',
        password_hash: await hashPassword('other-pass1'),
        payment_id: '2001',
        created_at: ctx.clock.now(),
      })
      .execute();
    const deviceId = await ctx.registerTerminal();
    const other = await ctx.post('/api/auth/login', { phone: '01055556666', password: 'other-pass1', autoLogin: false, deviceId });
    expect(other.statusCode).toBe(200);
    expect(other.json<SessionInfo>().programIds).toEqual([]);
    const mismatch = await ctx.post('/api/auth/login', { phone: KIM.phone, password: KIM.password, autoLogin: false, deviceId });
    expect(mismatch.statusCode).toBe(403);
    expect(mismatch.json().code).toBe('0273');
  });

  it('expires a session after the idle window and keeps it alive while used', async () => {
    const cookie = await ctx.login(PARK, { autoLogin: false });
    expect((await ctx.get('/api/auth/me', { cookie })).statusCode).toBe(200);
    ctx.clock.advance(14 * MINUTE);
    expect((await ctx.get('/api/auth/me', { cookie })).statusCode).toBe(200);
    ctx.clock.advance(14 * MINUTE);
    const stillAlive = await ctx.get('/api/auth/me', { cookie });
    expect(stillAlive.statusCode).toBe(200);
    expect(stillAlive.json<SessionInfo>().worker.id).toBe('wrk-park');
    ctx.clock.advance(15 * MINUTE);
    const expired = await ctx.get('/api/auth/me', { cookie });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('1003');
  });

  it('ends a session at the absolute timeout even when it is used', async () => {
    const cookie = await ctx.login(PARK, { autoLogin: false });
    for (let i = 0; i < 12 * 6; i++) {
      ctx.clock.advance(10 * MINUTE);
      const response = await ctx.get('/api/auth/me', { cookie });
      if (i < 12 * 6 - 1) expect(response.statusCode).toBe(200);
      else expect(response.json().code).toBe('1003');
    }
  });

  it('revokes the session on logout', async () => {
    const cookie = await ctx.login(KIM);
    const logout = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { 'content-type': 'application/json' },
      cookies: { evs: cookie },
    });
    expect(logout.statusCode).toBe(200);
    expect(logout.cookies.find((c) => c.name === 'evs')?.value).toBe('');
    const me = await ctx.get('/api/auth/me', { cookie });
    expect(me.statusCode).toBe(401);
    expect(me.json().code).toBe('1003');
  });

  it('refuses a session once its terminal is revoked', async () => {
    const deviceId = await ctx.registerTerminal();
    const cookie = await ctx.login(KIM, { deviceId });
    await ctx.db.updateTable('terminals').set({ status: 'revoked' }).where('device_id', '=', deviceId).execute();
    expect((await ctx.get('/api/auth/me', { cookie })).json().code).toBe('0304');
  });

  it('refuses a cross-origin state change with 1007 and allows its own origin', async () => {
    const body = { deviceId: randomUUID(), model: 'UT-99L' };
    const foreign = await ctx.post('/api/terminals/register', body, { headers: { origin: 'https://evil.example' } });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().code).toBe('1007');
    const crossSite = await ctx.post('/api/terminals/register', body, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.json().code).toBe('1007');
    const own = await ctx.post('/api/terminals/register', body, { headers: { origin: 'http://localhost', host: 'localhost' } });
    expect(own.statusCode).toBe(200);
    const sameOrigin = await ctx.post('/api/terminals/register', body, { headers: { 'sec-fetch-site': 'same-origin' } });
    expect(sameOrigin.statusCode).toBe(200);
  });
});

describe.each(databases)('login rate limit on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create(kind, { loginRateLimitPerMinute: 10 });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('answers 1004 with Retry-After after 10 attempts a minute, and lets the next minute through', async () => {
    const deviceId = await ctx.registerTerminal();
    const attempt = () => ctx.post('/api/auth/login', { phone: KIM.phone, password: 'wrong-pass', autoLogin: false, deviceId });
    for (let i = 0; i < 10; i++) expect((await attempt()).json().code).toBe('1002');
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ code: '1004', message: '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.' });
    expect(Number(limited.headers['retry-after'])).toBe(60);
    // Another phone number from the same address has its own counter.
    const other = await ctx.post('/api/auth/login', { phone: PARK.phone, password: PARK.password, autoLogin: false, deviceId });
    expect(other.statusCode).toBe(200);
    ctx.clock.advance(61_000);
    expect((await attempt()).json().code).toBe('1002');
    const counters = await ctx.db.selectFrom('rate_limits').select('key').execute();
    expect(counters.length).toBeGreaterThan(0);
    expect(counters.some((c) => c.key.includes(KIM.phone))).toBe(false);
  });
});
