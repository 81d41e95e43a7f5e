/**
 * Payments on a voucher screen opened by QR결제 or 생체인증결제: recorded with that method, refused
 * when the request names another (1001), and — biometric — refused above the amount the recipient
 * approved (2147), on both the 정상결제 and the 소급결제 path. SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_COMMANDS_PATH, type PaymentCommand } from '../../src/domain/offline';
import type { BiometricResult, OfflineTokens, PaymentRequestSent, QrToken } from '../../src/domain/portal';
import type { VoucherScreen } from '../../src/domain/wire';
import { paymentRequest } from './online-payments';
import { portalPost, portalSignup } from './portal-support';
import { SoftAuthenticator } from './soft-authenticator';
import { amountCapture } from './offline-payments';
import { databases, KIM, MINUTE, recipient, TestContext } from './test-context';

describe.each(databases)('QR and biometric payments on %s', (kind) => {
  let ctx: TestContext;
  let kim: string;
  let portal: string;
  let authenticator: SoftAuthenticator;
  const rcp06 = recipient('rcp-06');

  beforeAll(async () => {
    ctx = await TestContext.create(kind, { phoneRequestPerNumberPerMinute: 1000, phoneRequestRateLimitPerMinute: 1000 });
    kim = await ctx.login(KIM);
    portal = await portalSignup(ctx, 'rcp-06');
    authenticator = new SoftAuthenticator({ origin: ctx.config.webauthnOrigins[0]!, rpId: ctx.config.webauthnRpId });
    const options = (await portalPost(ctx, '/api/portal/webauthn/register/options', {}, portal)).json();
    expect((await portalPost(ctx, '/api/portal/webauthn/register', { response: authenticator.create(options) }, portal)).statusCode).toBe(200);
  });
  afterAll(async () => {
    await ctx.close();
  });

  async function qrScreen(): Promise<VoucherScreen> {
    const sent = (await ctx.post('/api/qr/requests', { phone: rcp06.phone, programId: rcp06.programId }, { cookie: kim })).json<PaymentRequestSent>();
    const { token } = (await portalPost(ctx, '/api/portal/qr/token', { requestId: sent.requestId }, portal)).json<QrToken>();
    const redeemed = await ctx.post('/api/qr/redeem', { token }, { cookie: kim });
    expect(redeemed.statusCode, redeemed.body).toBe(200);
    return redeemed.json<VoucherScreen>();
  }

  async function biometricScreen(amountCapKrw: number): Promise<VoucherScreen> {
    const body = { phone: rcp06.phone, programId: rcp06.programId, amountCapKrw };
    const sent = (await ctx.post('/api/biometric/requests', body, { cookie: kim })).json<PaymentRequestSent>();
    const options = (await portalPost(ctx, '/api/portal/approvals/options', { requestId: sent.requestId }, portal)).json();
    const approved = await portalPost(
      ctx,
      '/api/portal/approvals/approve',
      { requestId: sent.requestId, response: authenticator.get(options) },
      portal,
    );
    expect(approved.statusCode, approved.body).toBe(200);
    const result = (await ctx.get(`/api/biometric/requests/${sent.requestId}`, { cookie: kim })).json<BiometricResult>();
    if (result.status !== 'approved') throw new Error(`not approved: ${JSON.stringify(result)}`);
    return result.voucher;
  }

  const methodOf = async (paymentId: string) =>
    (await ctx.db.selectFrom('payments').select('method').where('id', '=', paymentId).executeTakeFirstOrThrow()).method;

  it('records a QR결제 as qr, and refuses a request that names another method (1001)', async () => {
    const screen = await qrScreen();
    const now = ctx.clock.now();
    const asCard = await ctx.post('/api/payments', paymentRequest(screen.lookupId, 10_000, now), { cookie: kim });
    expect(asCard.json().code).toBe('1001');
    const request = paymentRequest(screen.lookupId, 10_000, now, { method: 'qr' });
    const paid = await ctx.post('/api/payments', request, { cookie: kim });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(await methodOf(request.paymentId)).toBe('qr');
    // The same request again is the same payment (its hash includes the method).
    expect((await ctx.post('/api/payments', request, { cookie: kim })).json().approvalNumber).toBe(paid.json().approvalNumber);
  });

  it('refuses a 생체인증결제 above the approved amount (2147) and records one within it as biometric', async () => {
    const screen = await biometricScreen(30_000);
    const now = ctx.clock.now();
    const over = await ctx.post('/api/payments', paymentRequest(screen.lookupId, 30_001, now, { method: 'biometric' }), { cookie: kim });
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('2147');
    const request = paymentRequest(screen.lookupId, 30_000, now, { method: 'biometric' });
    const paid = await ctx.post('/api/payments', request, { cookie: kim });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(await methodOf(request.paymentId)).toBe('biometric');
  });

  it('holds the approved amount for a 소급결제 on that voucher screen too', async () => {
    const screen = await biometricScreen(20_000);
    const now = ctx.clock.now();
    const day = now - 24 * 60 * MINUTE;
    const retro = (amountKrw: number) => ({
      ...paymentRequest(screen.lookupId, amountKrw, now, { method: 'biometric' }),
      mode: 'retroactive' as const,
      serviceStartAt: day,
      serviceEndAt: day,
      reason: 'server-unreachable' as const,
    });
    expect((await ctx.post('/api/payments', retro(25_000), { cookie: kim })).json().code).toBe('2147');
  });

  it('leaves card payments without a cap', async () => {
    const lookup = await ctx.post(
      '/api/cards/lookup',
      { programId: rcp06.programId, card: { kind: 'typed', number: rcp06.cardNumber } },
      { cookie: kim },
    );
    expect(lookup.statusCode, lookup.body).toBe(200);
    const request = paymentRequest(lookup.json<VoucherScreen>().lookupId, 90_000, ctx.clock.now());
    expect((await ctx.post('/api/payments', request, { cookie: kim })).statusCode).toBe(200);
    expect(await methodOf(request.paymentId)).toBe('card');
  });

  describe('오프라인 QR결제 at sync', () => {
    const qrCapture = (token: string, amountKrw: number): PaymentCommand => {
      const { card: _card, ...capture } = amountCapture('rcp-06', amountKrw, ctx.clock.now() - 5 * MINUTE);
      return { kind: 'payment', workerId: KIM.id, ...capture, method: 'qr', qrToken: token };
    };
    const sync = async (items: PaymentCommand[]) =>
      (await ctx.post(SYNC_COMMANDS_PATH, { items, sentAt: ctx.clock.now() }, { cookie: kim })).json<{
        results: { commandId: string; status: string; code?: string }[];
      }>().results;

    it('redeems an offline token once: the capture is recorded as qr, a resend is the same payment, another use is 2141', async () => {
      const { tokens } = (await portalPost(ctx, '/api/portal/qr/offline-tokens', {}, portal)).json<OfflineTokens>();
      const token = tokens.find((t) => t.programId === rcp06.programId)!.token;
      const first = qrCapture(token, 12_000);
      const [paid] = await sync([first]);
      expect(paid).toMatchObject({ commandId: first.paymentId, status: 'approved' });
      expect(await methodOf(first.paymentId)).toBe('qr');
      // The same batch again (a lost answer): the same payment, not a second use.
      expect((await sync([first]))[0]).toMatchObject({ status: 'approved' });
      const again = qrCapture(token, 12_000);
      expect((await sync([again]))[0]).toMatchObject({ status: 'refused', code: '2141' });
    });

    it('refuses an altered token (2142), a token with a card (1001), and leaves a refused capture’s token unspent', async () => {
      const { tokens } = (await portalPost(ctx, '/api/portal/qr/offline-tokens', {}, portal)).json<OfflineTokens>();
      const token = tokens.find((t) => t.programId === rcp06.programId)!.token;
      const [head, payload, signature] = token.split('.');
      const altered = `${head}.${payload}.${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BA' : 'AA'}`;
      expect((await sync([qrCapture(altered, 5_000)]))[0]).toMatchObject({ status: 'refused', code: '2142' });
      const withCard = { ...qrCapture(token, 5_000), card: { kind: 'typed' as const, number: rcp06.cardNumber } };
      expect((await sync([withCard]))[0]).toMatchObject({ status: 'refused', code: '1001' });
      // A capture whose price is refused (0원) spends nothing: the token still pays once.
      expect((await sync([qrCapture(token, 0)]))[0]).toMatchObject({ status: 'refused' });
      expect((await sync([qrCapture(token, 7_000)]))[0]).toMatchObject({ status: 'approved' });
    });
  });
});
