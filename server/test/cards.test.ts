import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoucherScreen } from '../../src/domain/wire';
import { paymentRequest } from './online-payments';
import { databases, MINUTE, PARK, recipient, T0, TestContext } from './test-context';

describe.each(databases)('card lookup on %s', (kind) => {
  let ctx: TestContext;
  let cookie: string;
  beforeAll(async () => {
    ctx = await TestContext.create(kind);
    cookie = await ctx.login();
  });
  afterAll(async () => {
    await ctx.close();
  });

  const lookup = (body: unknown) => ctx.post('/api/cards/lookup', body, { cookie });

  it('opens a 5-minute voucher screen with the recipient name masked', async () => {
    const r = recipient('rcp-01');
    const response = await lookup({ programId: 'activity-support', card: { kind: 'nfc', token: r.cardToken } });
    expect(response.statusCode).toBe(200);
    const screen = response.json<VoucherScreen>();
    expect(screen).toEqual({
      lookupId: expect.any(String),
      programId: 'activity-support',
      institutionName: '성남주간보호센터-발달',
      recipientMasked: '이**',
      serviceCode: '010101',
      balanceKrw: 1_932_800,
      voucherMonth: '2026-03',
      expiresAt: T0 + 5 * MINUTE,
      hostNow: T0,
      openService: null,
    });
    const stored = await ctx.db.selectFrom('lookups').selectAll().where('id', '=', screen.lookupId).executeTakeFirstOrThrow();
    expect(stored.card_read).toBe('nfc');
  });

  it('accepts a typed card number and marks the read as typed', async () => {
    const r = recipient('rcp-06');
    const response = await lookup({ programId: 'developmental-rehab', card: { kind: 'typed', number: r.cardNumber } });
    const screen = response.json<VoucherScreen>();
    expect(screen.recipientMasked).toBe('김**');
    expect(screen.balanceKrw).toBe(250_000);
    const stored = await ctx.db.selectFrom('lookups').select('card_read').where('id', '=', screen.lookupId).executeTakeFirstOrThrow();
    expect(stored.card_read).toBe('typed');
  });

  it('refuses an unknown program with 2206', async () => {
    const response = await lookup({ programId: 'space-travel', card: { kind: 'nfc', token: recipient('rcp-01').cardToken } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ code: '2206', message: '사업유형 정보가 없습니다.' });
  });

  it('refuses an unknown card with 2001', async () => {
    const response = await lookup({ programId: 'activity-support', card: { kind: 'nfc', token: 'EVC-00000000-xxx' } });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('2001');
    const typed = await lookup({ programId: 'activity-support', card: { kind: 'typed', number: '9999000000000000' } });
    expect(typed.json().code).toBe('2001');
  });

  it('refuses a revoked card with 2002', async () => {
    const response = await lookup({ programId: 'activity-support', card: { kind: 'nfc', token: recipient('rcp-11').cardToken } });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('2002');
  });

  it('refuses a recipient without a contract with 2207', async () => {
    const response = await lookup({ programId: 'activity-support', card: { kind: 'nfc', token: recipient('rcp-10').cardToken } });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('2207');
    // The card is fine, the program is not the contracted one.
    const otherProgram = await lookup({ programId: 'home-care', card: { kind: 'nfc', token: recipient('rcp-01').cardToken } });
    expect(otherProgram.json().code).toBe('2207');
  });

  it('refuses a contract without a voucher this month with 2102', async () => {
    await ctx.db
      .insertInto('contracts')
      .values({ id: 'ctr-extra', institution_id: 'inst-seongnam', recipient_id: 'rcp-01', program_id: 'home-care', created_at: T0 })
      .execute();
    const response = await lookup({ programId: 'home-care', card: { kind: 'nfc', token: recipient('rcp-01').cardToken } });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('2102');
  });

  it('needs a session', async () => {
    const response = await ctx.post('/api/cards/lookup', {
      programId: 'activity-support',
      card: { kind: 'nfc', token: recipient('rcp-01').cardToken },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('1003');
  });
});

describe.each(databases)('minimum app version on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create(kind, { minAppVersion: '0.2.0' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('refuses card lookups from older apps with 426 / 1006 but still lets them log in', async () => {
    const cookie = await ctx.login();
    const body = { programId: 'activity-support', card: { kind: 'nfc', token: recipient('rcp-01').cardToken } };
    const old = await ctx.post('/api/cards/lookup', body, { cookie, headers: { 'x-app-version': '0.1.9' } });
    expect(old.statusCode).toBe(426);
    expect(old.json()).toEqual({ code: '1006', message: '업데이트가 필요합니다. 앱을 업데이트해 주세요.' });
    const unknown = await ctx.post('/api/cards/lookup', body, { cookie });
    expect(unknown.json().code).toBe('1006');
    const current = await ctx.post('/api/cards/lookup', body, { cookie, headers: { 'x-app-version': '0.10.0' } });
    expect(current.statusCode).toBe(200);
  });

  it('refuses new payments from older apps but still answers the retry of a payment the host has', async () => {
    const cookie = await ctx.login();
    const screen = await ctx.post(
      '/api/cards/lookup',
      { programId: 'developmental-rehab', card: { kind: 'nfc', token: recipient('rcp-06').cardToken } },
      { cookie, headers: { 'x-app-version': '0.2.0' } },
    );
    const now = ctx.clock.now();
    const payment = paymentRequest(screen.json<VoucherScreen>().lookupId, 40_000, now);
    const outdated = await ctx.post('/api/payments', payment, { cookie, headers: { 'x-app-version': '0.1.0' } });
    expect(outdated.statusCode).toBe(426);
    expect(outdated.json().code).toBe('1006');
    const current = await ctx.post('/api/payments', payment, { cookie, headers: { 'x-app-version': '0.2.0' } });
    expect(current.statusCode).toBe(200);
    const retryFromOldApp = await ctx.post('/api/payments', payment, { cookie, headers: { 'x-app-version': '0.1.0' } });
    expect(retryFromOldApp.json().approvalNumber).toBe(current.json().approvalNumber);
  });
});

describe.each(databases)('card lookup rate limit on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create(kind, { lookupRateLimitPerMinute: 3 });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('answers 1004 once a session reads more cards a minute than the limit', async () => {
    const cookie = await ctx.login();
    const body = { programId: 'activity-support', card: { kind: 'nfc', token: recipient('rcp-01').cardToken } };
    for (let i = 0; i < 3; i++) expect((await ctx.post('/api/cards/lookup', body, { cookie })).statusCode).toBe(200);
    const limited = await ctx.post('/api/cards/lookup', body, { cookie });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('1004');
    // Another worker's session has its own counter.
    const other = await ctx.login(PARK);
    expect((await ctx.post('/api/cards/lookup', body, { cookie: other })).statusCode).toBe(200);
  });
});
