import { randomUUID, webcrypto } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BiometricResult, OfflineTokens, PaymentRequestSent, PendingRequest, QrToken } from '../../src/domain/portal';
import { decodeBase64Url, verifyQrToken, type Ed25519Verifier } from '../../src/domain/qr-token';
import type { VoucherScreen } from '../../src/domain/wire';
import { DEMO_PORTAL_ACCOUNT } from '../src/demo/demo-data';
import { publishedQrKeys } from '../src/requests/qr-token.service';
import { redeemOfflineToken } from '../src/requests/request.service';
import { portalGet, portalLogin, portalPost, portalSignup } from './portal-support';
import { SoftAuthenticator } from './soft-authenticator';
import { databases, KIM, MINUTE, PARK, recipient, TestContext } from './test-context';

const subtle = webcrypto.subtle as unknown as Ed25519Verifier;

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe.each(databases)('QR결제, 생체인증결제 and their tokens on %s', (kind) => {
  let ctx: TestContext;
  let kim: string;
  let park: string;
  let portal: string;
  let authenticator: SoftAuthenticator;
  const rcp06 = recipient('rcp-06');

  beforeAll(async () => {
    ctx = await TestContext.create(kind, { phoneRequestPerNumberPerMinute: 1000, phoneRequestRateLimitPerMinute: 1000 });
    kim = await ctx.login(KIM);
    park = await ctx.login(PARK);
    portal = await portalSignup(ctx, 'rcp-06');
    authenticator = new SoftAuthenticator({ origin: ctx.config.webauthnOrigins[0]!, rpId: ctx.config.webauthnRpId });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const qrRequest = (cookie: string, phone: string, programId = rcp06.programId) => ctx.post('/api/qr/requests', { phone, programId }, { cookie });
  const bioRequest = (cookie: string, phone: string, amountCapKrw = 50_000) =>
    ctx.post('/api/biometric/requests', { phone, programId: rcp06.programId, amountCapKrw }, { cookie });

  describe('생체인증 등록/해제', () => {
    it('enrols a platform authenticator with user verification required, from a fresh ≥16-byte challenge', async () => {
      const response = await portalPost(ctx, '/api/portal/webauthn/register/options', {}, portal);
      expect(response.statusCode, response.body).toBe(200);
      const options = response.json<{ challenge: string; rp: { id: string }; authenticatorSelection: Record<string, string> }>();
      expect(decodeBase64Url(options.challenge)!.length).toBeGreaterThanOrEqual(16);
      expect(options.rp.id).toBe('localhost');
      expect(options.authenticatorSelection).toMatchObject({ authenticatorAttachment: 'platform', userVerification: 'required' });
      const registered = await portalPost(ctx, '/api/portal/webauthn/register', { response: authenticator.create(options) }, portal);
      expect(registered.statusCode, registered.body).toBe(200);
      expect(registered.json()).toEqual({ biometricCount: 1 });
      expect((await portalGet(ctx, '/api/portal/me', portal)).json().biometricCount).toBe(1);
    });

    it('refuses a challenge used once already (1044), one past its time (1044), no user verification and another origin (1043)', async () => {
      const extra = new SoftAuthenticator({ origin: ctx.config.webauthnOrigins[0]!, rpId: 'localhost' });
      const options = (await portalPost(ctx, '/api/portal/webauthn/register/options', {}, portal)).json<{ challenge: string }>();
      const answer = extra.create(options);
      expect((await portalPost(ctx, '/api/portal/webauthn/register', { response: answer }, portal)).statusCode).toBe(200);
      expect((await portalPost(ctx, '/api/portal/webauthn/register', { response: answer }, portal)).json().code).toBe('1044');

      const late = (await portalPost(ctx, '/api/portal/webauthn/register/options', {}, portal)).json<{ challenge: string }>();
      ctx.clock.advance(5 * MINUTE);
      expect((await portalPost(ctx, '/api/portal/webauthn/register', { response: extra.create(late) }, portal)).json().code).toBe('1044');

      const unverified = new SoftAuthenticator({ origin: ctx.config.webauthnOrigins[0]!, rpId: 'localhost' });
      unverified.userVerified = false;
      const o1 = (await portalPost(ctx, '/api/portal/webauthn/register/options', {}, portal)).json<{ challenge: string }>();
      expect((await portalPost(ctx, '/api/portal/webauthn/register', { response: unverified.create(o1) }, portal)).json().code).toBe('1043');
      const o2 = (await portalPost(ctx, '/api/portal/webauthn/register/options', {}, portal)).json<{ challenge: string }>();
      const phishing = extra.create(o2, { origin: 'https://evoucher.example.com' });
      expect((await portalPost(ctx, '/api/portal/webauthn/register', { response: phishing }, portal)).json().code).toBe('1043');
    });

    it('refuses a client data challenge that is not one the host could have made (1043), on both engines', async () => {
      const forged = new SoftAuthenticator({ origin: ctx.config.webauthnOrigins[0]!, rpId: 'localhost' }).create({
        challenge: 'AAAAAAAAAAAAAAAAAAAAAA',
      });
      const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: '\u0000x', origin: 'http://localhost:8080' })).toString(
        'base64url',
      );
      const response = await portalPost(
        ctx,
        '/api/portal/webauthn/register',
        { response: { ...forged, response: { ...forged.response, clientDataJSON } } },
        portal,
      );
      expect([response.statusCode, response.json().code]).toEqual([401, '1043']);
    });

    it('takes enrolment only from a recipient session', async () => {
      expect((await portalPost(ctx, '/api/portal/webauthn/register/options', {}, kim)).json().code).toBe('1003');
      expect((await portalPost(ctx, '/api/portal/webauthn/register/options', {})).json().code).toBe('1003');
    });

    it('해제 removes every credential of the recipient', async () => {
      const other = await portalSignup(ctx, 'rcp-07');
      const auth = new SoftAuthenticator({ origin: ctx.config.webauthnOrigins[0]!, rpId: 'localhost' });
      const options = (await portalPost(ctx, '/api/portal/webauthn/register/options', {}, other)).json<{ challenge: string }>();
      await portalPost(ctx, '/api/portal/webauthn/register', { response: auth.create(options) }, other);
      expect((await portalPost(ctx, '/api/portal/webauthn/remove', {}, other)).json()).toEqual({ biometricCount: 0 });
      expect((await portalGet(ctx, '/api/portal/me', other)).json().biometricCount).toBe(0);
      expect((await portalGet(ctx, '/api/portal/me', portal)).json().biometricCount).toBeGreaterThan(0);
    });
  });

  describe('QR결제', () => {
    it('answers 2005 for a number with no portal member and 2003 for a member who never logged in', async () => {
      const unknown = await qrRequest(kim, '01055554444');
      expect([unknown.statusCode, unknown.json().code]).toEqual([404, '2005']);
      const notMember = await qrRequest(kim, recipient('rcp-08').phone, recipient('rcp-08').programId);
      expect([notMember.statusCode, notMember.json().code]).toEqual([404, '2005']);
      const neverLoggedIn = await qrRequest(kim, DEMO_PORTAL_ACCOUNT.phone, recipient('rcp-01').programId);
      expect([neverLoggedIn.statusCode, neverLoggedIn.json().code]).toEqual([404, '2003']);
      expect(neverLoggedIn.json().message).toMatch(/로그인/);
      await portalLogin(ctx, 'rcp-01', DEMO_PORTAL_ACCOUNT.password);
      expect((await qrRequest(kim, DEMO_PORTAL_ACCOUNT.phone, recipient('rcp-01').programId)).statusCode).toBe(200);
    });

    it('refuses a program the institution has no contract for (2207), and a recipient session (1003)', async () => {
      expect((await qrRequest(kim, rcp06.phone, 'visiting-bath')).json().code).toBe('2207');
      expect(
        (
          await ctx.app.inject({
            method: 'POST',
            url: '/api/qr/requests',
            payload: { phone: rcp06.phone, programId: rcp06.programId },
            cookies: { evr: portal },
          })
        ).json().code,
      ).toBe('1003');
    });

    it('notifies the portal, which gets a host-signed token valid at most 3 minutes with no personal data, and the worker opens the voucher screen with it once', async () => {
      const sent = (await qrRequest(kim, rcp06.phone)).json<PaymentRequestSent>();
      expect(sent.expiresAt - sent.hostNow).toBe(ctx.config.approvalTtlMs);
      const pending = (await portalGet(ctx, '/api/portal/requests', portal)).json<{ requests: PendingRequest[] }>().requests;
      expect(pending.find((r) => r.id === sent.requestId)).toMatchObject({ kind: 'qr', programId: rcp06.programId, workerName: KIM.name });

      const issued = await portalPost(ctx, '/api/portal/qr/token', { requestId: sent.requestId }, portal);
      expect(issued.statusCode, issued.body).toBe(200);
      const { token, expiresAt, hostNow } = issued.json<QrToken>();
      expect(expiresAt - hostNow).toBeLessThanOrEqual(3 * MINUTE);
      expect(Object.keys(payloadOf(token)).sort()).toEqual(['e', 'i', 'j', 'k', 't']);
      expect(token).not.toContain(rcp06.phone);
      expect(JSON.stringify(payloadOf(token))).not.toMatch(/rcp-06|김명연|0102/);

      const redeemed = await ctx.post('/api/qr/redeem', { token }, { cookie: kim });
      expect(redeemed.statusCode, redeemed.body).toBe(200);
      const screen = redeemed.json<VoucherScreen>();
      expect(screen).toMatchObject({ programId: rcp06.programId, recipientMasked: '김**', institutionName: '성남주간보호센터-발달' });
      const lookup = await ctx.db.selectFrom('lookups').selectAll().where('id', '=', screen.lookupId).executeTakeFirstOrThrow();
      expect(lookup.method).toBe('qr');
      expect(lookup.worker_id).toBe(KIM.id);

      const again = await ctx.post('/api/qr/redeem', { token }, { cookie: kim });
      expect([again.statusCode, again.json().code]).toEqual([409, '2141']);
      // The request is done: the portal gets no new token for it.
      expect((await portalPost(ctx, '/api/portal/qr/token', { requestId: sent.requestId }, portal)).json().code).toBe('1044');
    });

    it("refuses an expired token (2140), an altered one (2142), another worker's (2143) and one of another host (2143)", async () => {
      const sent = (await qrRequest(kim, rcp06.phone)).json<PaymentRequestSent>();
      const tokenOf = async () => (await portalPost(ctx, '/api/portal/qr/token', { requestId: sent.requestId }, portal)).json<QrToken>().token;

      const altered = await tokenOf();
      const [prefix, body, signature] = altered.split('.') as [string, string, string];
      const payload = payloadOf(altered);
      const forged = Buffer.from(JSON.stringify({ ...payload, e: Number(payload.e) + 60 * MINUTE })).toString('base64url');
      expect((await ctx.post('/api/qr/redeem', { token: `${prefix}.${forged}.${signature}` }, { cookie: kim })).json().code).toBe('2142');
      // Another signature: its last two characters changed (to ones it does not already end with).
      const otherEnd = signature.endsWith('AA') ? 'AQ' : 'AA';
      expect(
        (await ctx.post('/api/qr/redeem', { token: `${prefix}.${body}.${signature.slice(0, -2)}${otherEnd}` }, { cookie: kim })).json().code,
      ).toBe('2142');
      expect((await ctx.post('/api/qr/redeem', { token: 'https://example.com/pay?x=1' }, { cookie: kim })).json().code).toBe('2142');

      const parks = await ctx.post('/api/qr/redeem', { token: await tokenOf() }, { cookie: park });
      expect([parks.statusCode, parks.json().code]).toEqual([403, '2143']);

      const elsewhere = await TestContext.create(kind);
      try {
        const theirWorker = await elsewhere.login(KIM);
        const theirPortal = await portalSignup(elsewhere, 'rcp-06');
        const theirs = (
          await elsewhere.post('/api/qr/requests', { phone: rcp06.phone, programId: rcp06.programId }, { cookie: theirWorker })
        ).json<PaymentRequestSent>();
        const foreign = (await portalPost(elsewhere, '/api/portal/qr/token', { requestId: theirs.requestId }, theirPortal)).json<QrToken>().token;
        expect((await ctx.post('/api/qr/redeem', { token: foreign }, { cookie: kim })).json().code).toBe('2143');
      } finally {
        await elsewhere.close();
      }

      const expiring = await tokenOf();
      ctx.clock.advance(3 * MINUTE);
      const late = await ctx.post('/api/qr/redeem', { token: expiring }, { cookie: kim });
      expect([late.statusCode, late.json().code]).toEqual([410, '2140']);
    });

    it('lets no one ask one number, or one worker ask any numbers, faster than the limits (1004)', async () => {
      const limited = await TestContext.create(kind, { phoneRequestPerNumberPerMinute: 3, phoneRequestRateLimitPerMinute: 5 });
      try {
        const a = await limited.login(KIM);
        const b = await limited.login(PARK);
        const codes: string[] = [];
        for (let i = 0; i < 4; i++)
          codes.push(
            (await limited.post('/api/qr/requests', { phone: '01077776666', programId: rcp06.programId }, { cookie: i % 2 ? a : b })).json().code,
          );
        expect(codes).toEqual(['2005', '2005', '2005', '1004']);
        const sweep: number[] = [];
        for (let i = 0; i < 6; i++)
          sweep.push((await limited.post('/api/qr/requests', { phone: `0106000000${i}`, programId: rcp06.programId }, { cookie: a })).statusCode);
        expect(sweep.filter((status) => status === 429).length).toBeGreaterThanOrEqual(2);
      } finally {
        await limited.close();
      }
    });
  });

  it('limits what one portal session may ask for per minute (1004)', async () => {
    const limited = await TestContext.create(kind, { lookupRateLimitPerMinute: 2 });
    try {
      const session = await portalSignup(limited, 'rcp-06');
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await portalPost(limited, '/api/portal/qr/offline-tokens', {}, session)).statusCode);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });

  describe('생체인증결제', () => {
    async function approveWith(requestId: string, auth: SoftAuthenticator, overrides: { counter?: number } = {}) {
      const options = (await portalPost(ctx, '/api/portal/approvals/options', { requestId }, portal)).json<{ challenge: string }>();
      return portalPost(ctx, '/api/portal/approvals/approve', { requestId, response: auth.get(options, overrides) }, portal);
    }

    it('answers 1042 for a member with no biometric enrolled', async () => {
      const bare = await TestContext.create(kind);
      try {
        const worker = await bare.login(KIM);
        await portalSignup(bare, 'rcp-06');
        expect(
          (
            await bare.post('/api/biometric/requests', { phone: rcp06.phone, programId: rcp06.programId, amountCapKrw: 1000 }, { cookie: worker })
          ).json().code,
        ).toBe('1042');
      } finally {
        await bare.close();
      }
    });

    it('waits for the recipient, who approves with user verification; the worker then gets a voucher screen bound to the amount cap, once', async () => {
      const sent = (await bioRequest(kim, rcp06.phone, 30_000)).json<PaymentRequestSent>();
      const waiting = (await ctx.get(`/api/biometric/requests/${sent.requestId}`, { cookie: kim })).json<BiometricResult>();
      expect(waiting.status).toBe('pending');
      const options = (await portalPost(ctx, '/api/portal/approvals/options', { requestId: sent.requestId }, portal)).json<{
        challenge: string;
        userVerification: string;
        allowCredentials: { id: string }[];
      }>();
      expect(options.userVerification).toBe('required');
      expect(decodeBase64Url(options.challenge)!.length).toBeGreaterThanOrEqual(16);
      expect(options.allowCredentials.map((c) => c.id)).toContain(authenticator.id);
      const approved = await portalPost(
        ctx,
        '/api/portal/approvals/approve',
        { requestId: sent.requestId, response: authenticator.get(options) },
        portal,
      );
      expect(approved.statusCode, approved.body).toBe(200);
      const stored = await ctx.db
        .selectFrom('webauthn_credentials')
        .select('sign_count')
        .where('id', '=', authenticator.id)
        .executeTakeFirstOrThrow();
      expect(Number(stored.sign_count)).toBe(authenticator.counter);

      const result = (await ctx.get(`/api/biometric/requests/${sent.requestId}`, { cookie: kim })).json<BiometricResult>();
      expect(result.status).toBe('approved');
      const screen = (result as Extract<BiometricResult, { status: 'approved' }>).voucher;
      const lookup = await ctx.db.selectFrom('lookups').selectAll().where('id', '=', screen.lookupId).executeTakeFirstOrThrow();
      expect([lookup.method, Number(lookup.amount_cap_krw)]).toEqual(['biometric', 30_000]);
      expect((await ctx.get(`/api/biometric/requests/${sent.requestId}`, { cookie: kim })).json().code).toBe('1044');
      expect((await ctx.get(`/api/biometric/requests/${sent.requestId}`, { cookie: park })).json().code).toBe('2146');
    });

    it('keeps the request pending after a failed user verification (1043), and refuses a replayed challenge (1044) and a counter going back (1043)', async () => {
      const sent = (await bioRequest(kim, rcp06.phone)).json<PaymentRequestSent>();
      authenticator.userVerified = false;
      expect((await approveWith(sent.requestId, authenticator)).json().code).toBe('1043');
      authenticator.userVerified = true;
      expect((await ctx.get(`/api/biometric/requests/${sent.requestId}`, { cookie: kim })).json<BiometricResult>().status).toBe('pending');

      const options = (await portalPost(ctx, '/api/portal/approvals/options', { requestId: sent.requestId }, portal)).json<{ challenge: string }>();
      const other = (await bioRequest(kim, rcp06.phone)).json<PaymentRequestSent>();
      // A challenge bound to one request cannot approve another.
      const crossed = await portalPost(
        ctx,
        '/api/portal/approvals/approve',
        { requestId: other.requestId, response: authenticator.get(options) },
        portal,
      );
      expect(crossed.json().code).toBe('1044');
      expect((await approveWith(sent.requestId, authenticator, { counter: 1 })).json().code).toBe('1043');
      expect((await approveWith(sent.requestId, authenticator)).statusCode).toBe(200);
    });

    it('answers 인증 유효시간 초과 (2144) when no approval came within the time, and 2145 when declined', async () => {
      const sent = (await bioRequest(kim, rcp06.phone)).json<PaymentRequestSent>();
      const options = (await portalPost(ctx, '/api/portal/approvals/options', { requestId: sent.requestId }, portal)).json<{ challenge: string }>();
      ctx.clock.advance(ctx.config.approvalTtlMs);
      const late = await portalPost(
        ctx,
        '/api/portal/approvals/approve',
        { requestId: sent.requestId, response: authenticator.get(options) },
        portal,
      );
      expect(late.json().code).toBe('2144');
      const polled = await ctx.get(`/api/biometric/requests/${sent.requestId}`, { cookie: kim });
      expect([polled.statusCode, polled.json().code]).toEqual([410, '2144']);
      expect(polled.json().message).toContain('인증 유효시간 초과');

      const declined = (await bioRequest(kim, rcp06.phone)).json<PaymentRequestSent>();
      expect((await portalPost(ctx, '/api/portal/approvals/decline', { requestId: declined.requestId }, portal)).statusCode).toBe(200);
      expect((await ctx.get(`/api/biometric/requests/${declined.requestId}`, { cookie: kim })).json().code).toBe('2145');
    });

    it('never lets a recipient approve a request of someone else (2146)', async () => {
      const sent = (await bioRequest(kim, rcp06.phone)).json<PaymentRequestSent>();
      const otherPortal = await portalLogin(ctx, 'rcp-01', DEMO_PORTAL_ACCOUNT.password);
      expect((await portalPost(ctx, '/api/portal/approvals/options', { requestId: sent.requestId }, otherPortal)).json().code).toBe('2146');
    });
  });

  describe('offline QR tokens', () => {
    it('hands the portal a few tokens per voucher, valid for the offline window, that the device verifies with the published keys', async () => {
      const response = await portalPost(ctx, '/api/portal/qr/offline-tokens', {}, portal);
      expect(response.statusCode, response.body).toBe(200);
      const { tokens, hostNow } = response.json<OfflineTokens>();
      expect(tokens).toHaveLength(3);
      const keys = await publishedQrKeys(ctx.db, ctx.config, ctx.clock.now());
      for (const { token, expiresAt, programId } of tokens) {
        expect(programId).toBe(rcp06.programId);
        expect(expiresAt - hostNow).toBe(ctx.config.offlineLimits.maxAgeMs);
        const verified = await verifyQrToken(token, keys, hostNow + 71 * 60 * MINUTE, subtle);
        expect(verified.ok && verified.value).toMatchObject({ t: 'offline', v: ctx.voucherIdOf('rcp-06'), p: rcp06.programId });
      }
      // The provider app's snapshot carries the same keys: it verifies with no signal.
      const snapshot = (await ctx.get('/api/device/snapshot', { cookie: kim })).json<{ qrKeys: { keyId: string; publicKey: string }[] }>();
      expect(snapshot.qrKeys).toEqual(keys);
      expect((await verifyQrToken(tokens[0]!.token, snapshot.qrKeys, hostNow, subtle)).ok).toBe(true);
      // Asking again adds none: the same tokens come back.
      const again = (await portalPost(ctx, '/api/portal/qr/offline-tokens', {}, portal)).json<OfflineTokens>();
      expect(again.tokens.map((t) => t.token).sort()).toEqual(tokens.map((t) => t.token).sort());
    });

    it('redeems an offline token exactly once at sync: the same payment again is the same redemption, any other use is 2141', async () => {
      const [first] = (await portalPost(ctx, '/api/portal/qr/offline-tokens', {}, portal)).json<OfflineTokens>().tokens;
      const token = first!.token;
      const paymentId = randomUUID();
      const capture = { token, voucherId: ctx.voucherIdOf('rcp-06'), paymentId, workerId: KIM.id, terminalId: '', capturedAt: ctx.clock.now() };
      const terminal = await ctx.db.selectFrom('terminals').select('id').limit(1).executeTakeFirstOrThrow();
      const input = { ...capture, terminalId: terminal.id };
      const deps = { db: ctx.db, now: ctx.clock.now, config: ctx.config } as Parameters<typeof redeemOfflineToken>[0];
      expect(await redeemOfflineToken(deps, { ...input, voucherId: ctx.voucherIdOf('rcp-07') })).toEqual({ ok: false, code: '2143' });
      expect(await redeemOfflineToken(deps, input)).toEqual({ ok: true, recipientId: 'rcp-06' });
      expect(await redeemOfflineToken(deps, input)).toEqual({ ok: true, recipientId: 'rcp-06' });
      expect(await redeemOfflineToken(deps, { ...input, paymentId: randomUUID() })).toEqual({ ok: false, code: '2141' });
      // A capture after the token's end is refused, whenever it syncs.
      const [, second] = (await portalPost(ctx, '/api/portal/qr/offline-tokens', {}, portal)).json<OfflineTokens>().tokens;
      expect(await redeemOfflineToken(deps, { ...input, token: second!.token, paymentId: randomUUID(), capturedAt: second!.expiresAt })).toEqual({
        ok: false,
        code: '2140',
      });
      // The portal is topped up to three live tokens again, the redeemed one not among them.
      const now = (await portalPost(ctx, '/api/portal/qr/offline-tokens', {}, portal)).json<OfflineTokens>().tokens;
      expect(now).toHaveLength(3);
      expect(now.map((t) => t.token)).not.toContain(token);
    });

    it('rotates the signing key, keeps the old one verifiable through the offline window, then drops it', async () => {
      const before = await publishedQrKeys(ctx.db, ctx.config, ctx.clock.now());
      const [old] = (await portalPost(ctx, '/api/portal/qr/offline-tokens', {}, portal)).json<OfflineTokens>().tokens;
      const oldKey = String(payloadOf(old!.token).k);
      ctx.clock.advance(ctx.config.qrKeyRotateMs);
      // A day later: both sessions have gone idle.
      kim = await ctx.login(KIM);
      portal = await portalLogin(ctx, 'rcp-06');
      const sent = (await qrRequest(kim, rcp06.phone)).json<PaymentRequestSent>();
      const fresh = (await portalPost(ctx, '/api/portal/qr/token', { requestId: sent.requestId }, portal)).json<QrToken>().token;
      expect(payloadOf(fresh).k).not.toBe(oldKey);
      const rotated = await publishedQrKeys(ctx.db, ctx.config, ctx.clock.now());
      expect(rotated.map((k) => k.keyId)).toEqual(expect.arrayContaining([oldKey, String(payloadOf(fresh).k)]));
      expect(rotated.length).toBe(before.length + 1);
      expect((await verifyQrToken(old!.token, rotated, ctx.clock.now(), subtle)).ok).toBe(true);
      ctx.clock.advance(ctx.config.offlineLimits.maxAgeMs + MINUTE);
      const later = await publishedQrKeys(ctx.db, ctx.config, ctx.clock.now());
      expect(later.map((k) => k.keyId)).not.toContain(oldKey);
      const stale = await verifyQrToken(old!.token, later, old!.expiresAt - 1, subtle);
      expect(stale.ok ? 'ok' : stale.code).toBe('2143');
    });
  });
});
