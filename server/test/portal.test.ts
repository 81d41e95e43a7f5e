import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inbox, InboxMessage, MyVouchers, RecipientSession } from '../../src/domain/portal';
import type { Receipt } from '../../src/domain/wire';
import { DEMO_PORTAL_ACCOUNT } from '../src/demo/demo-data';
import { paymentRequest } from './online-payments';
import { PORTAL_PASSWORD, portalGet, portalLogin, portalPost } from './portal-support';
import { databases, KIM, MINUTE, recipient, TestContext } from './test-context';

describe.each(databases)('the recipient portal on %s', (kind) => {
  let ctx: TestContext;
  let worker: string;

  beforeAll(async () => {
    ctx = await TestContext.create(kind);
    worker = await ctx.login(KIM);
  });
  afterAll(async () => {
    await ctx.close();
  });

  async function pay(recipientId: string, amountKrw: number): Promise<Receipt> {
    const screen = await ctx.lookup(worker, recipientId);
    const response = await ctx.post('/api/payments', paymentRequest(screen.lookupId, amountKrw, ctx.clock.now()), { cookie: worker });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Receipt>();
  }

  describe('sign-up', () => {
    it('signs a recipient up with their phone number and active card number, and signs them in', async () => {
      const r = recipient('rcp-06');
      const response = await portalPost(ctx, '/api/portal/signup', { phone: r.phone, cardNumber: r.cardNumber, password: PORTAL_PASSWORD });
      expect(response.statusCode, response.body).toBe(200);
      const cookie = response.cookies.find((c) => c.name === 'evr');
      expect(cookie?.httpOnly).toBe(true);
      expect(cookie?.sameSite).toBe('Strict');
      expect(response.cookies.find((c) => c.name === 'evs')).toBeUndefined();
      const session = response.json<RecipientSession>();
      expect(session.recipient).toEqual({ name: '김**', phoneMasked: '010-****-0006' });
      const account = await ctx.db.selectFrom('recipient_accounts').selectAll().where('recipient_id', '=', 'rcp-06').executeTakeFirstOrThrow();
      expect(account.password_hash).toMatch(/^scrypt\$/);
      expect(Number(account.first_login_at)).toBe(ctx.clock.now());
    });

    it('refuses a second account for the same recipient (1040)', async () => {
      const r = recipient('rcp-06');
      const response = await portalPost(ctx, '/api/portal/signup', { phone: r.phone, cardNumber: r.cardNumber, password: 'another-pass2@' });
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('1040');
    });

    it('answers 1041 alike for a card of someone else, an unknown card and a revoked card', async () => {
      const own = recipient('rcp-07');
      for (const cardNumber of [recipient('rcp-08').cardNumber, '9419999999999999']) {
        const response = await portalPost(ctx, '/api/portal/signup', { phone: own.phone, cardNumber, password: PORTAL_PASSWORD });
        expect(response.statusCode).toBe(404);
        expect(response.json().code).toBe('1041');
      }
      const revoked = recipient('rcp-11');
      const response = await portalPost(ctx, '/api/portal/signup', {
        phone: revoked.phone,
        cardNumber: revoked.cardNumber,
        password: PORTAL_PASSWORD,
      });
      expect(response.json().code).toBe('1041');
    });

    it('refuses a weak password (1021) and a malformed body (1001)', async () => {
      const r = recipient('rcp-07');
      expect((await portalPost(ctx, '/api/portal/signup', { phone: r.phone, cardNumber: r.cardNumber, password: 'short' })).json().code).toBe('1021');
      expect((await portalPost(ctx, '/api/portal/signup', { phone: r.phone, cardNumber: 'x', password: PORTAL_PASSWORD })).json().code).toBe('1001');
    });

    it('audits sign-ups and refusals without phone or card numbers', async () => {
      const rows = await ctx.db.selectFrom('recipient_audit').selectAll().execute();
      expect(rows.some((row) => row.action === 'signup' && row.outcome === 'ok' && row.recipient_id === 'rcp-06')).toBe(true);
      expect(rows.some((row) => row.action === 'signup' && row.outcome === 'refused' && row.detail === '1041')).toBe(true);
      expect(JSON.stringify(rows)).not.toMatch(/0102000|94100000/);
    });
  });

  describe('login and sessions', () => {
    it('logs the demo recipient in and records the first login', async () => {
      const before = await ctx.db
        .selectFrom('recipient_accounts')
        .select('first_login_at')
        .where('recipient_id', '=', 'rcp-01')
        .executeTakeFirstOrThrow();
      expect(before.first_login_at).toBeNull();
      const response = await portalPost(ctx, '/api/portal/login', {
        phone: DEMO_PORTAL_ACCOUNT.phone,
        password: DEMO_PORTAL_ACCOUNT.password,
        autoLogin: true,
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.cookies.find((c) => c.name === 'evr')?.maxAge).toBeGreaterThan(7 * 24 * 3600);
      const after = await ctx.db
        .selectFrom('recipient_accounts')
        .select('first_login_at')
        .where('recipient_id', '=', 'rcp-01')
        .executeTakeFirstOrThrow();
      expect(Number(after.first_login_at)).toBe(ctx.clock.now());
    });

    it('answers a wrong password and an unknown number alike (1002)', async () => {
      const wrong = await portalPost(ctx, '/api/portal/login', { phone: DEMO_PORTAL_ACCOUNT.phone, password: 'wrong-pass1!', autoLogin: false });
      const unknown = await portalPost(ctx, '/api/portal/login', { phone: '01099998888', password: 'wrong-pass1!', autoLogin: false });
      expect([wrong.statusCode, wrong.json().code]).toEqual([401, '1002']);
      expect([unknown.statusCode, unknown.json().code]).toEqual([401, '1002']);
    });

    it('stores only a hash of the session token', async () => {
      const cookie = await portalLogin(ctx, 'rcp-06');
      const rows = await ctx.db.selectFrom('recipient_sessions').select('token_hash').execute();
      expect(rows.map((row) => row.token_hash)).not.toContain(cookie);
      expect(rows.length).toBeGreaterThan(0);
    });

    it('never lets a recipient cookie pass a worker route, nor a worker cookie a recipient route', async () => {
      const recipientCookie = await portalLogin(ctx, 'rcp-06');
      // The recipient's token sent as a worker's cookie, and the worker's as a recipient's.
      for (const url of ['/api/auth/me', '/api/payments/today']) {
        const response = await ctx.get(url, { cookie: recipientCookie });
        expect([response.statusCode, response.json().code]).toEqual([401, '1003']);
      }
      const asRecipient = await portalGet(ctx, '/api/portal/me', worker);
      expect([asRecipient.statusCode, asRecipient.json().code]).toEqual([401, '1003']);
      const lookup = await ctx.post(
        '/api/cards/lookup',
        { programId: 'developmental-rehab', card: { kind: 'nfc', token: recipient('rcp-06').cardToken } },
        { cookie: recipientCookie },
      );
      expect(lookup.json().code).toBe('1003');
    });

    it('keeps a 자동로그인 session through an idle hour', async () => {
      const cookie = await portalLogin(ctx, 'rcp-06', PORTAL_PASSWORD, true);
      ctx.clock.advance(60 * MINUTE);
      expect((await portalGet(ctx, '/api/portal/me', cookie)).json<RecipientSession>().autoLogin).toBe(true);
    });

    it('ends an idle session without 자동로그인, and logout revokes', async () => {
      const cookie = await portalLogin(ctx, 'rcp-06');
      expect((await portalGet(ctx, '/api/portal/me', cookie)).statusCode).toBe(200);
      ctx.clock.advance(ctx.config.sessionIdleMinutes * MINUTE);
      expect((await portalGet(ctx, '/api/portal/me', cookie)).json().code).toBe('1003');
      const second = await portalLogin(ctx, 'rcp-06');
      expect((await portalPost(ctx, '/api/portal/logout', {}, second)).statusCode).toBe(200);
      expect((await portalGet(ctx, '/api/portal/me', second)).json().code).toBe('1003');
    });
  });

  describe('내 바우처 and 알림함', () => {
    let cookie: string;
    let paid: Receipt;

    beforeAll(async () => {
      cookie = await portalLogin(ctx, 'rcp-06');
      paid = await pay('rcp-06', 12_000);
      await ctx.app.eventRelay!.drain();
    });

    it("shows the balance of each program and this month's payments", async () => {
      const response = await portalGet(ctx, '/api/portal/vouchers', cookie);
      expect(response.statusCode).toBe(200);
      const mine = response.json<MyVouchers>();
      expect(mine.month).toBe('2026-03');
      expect(mine.vouchers).toHaveLength(1);
      const [voucher] = mine.vouchers;
      expect(voucher!.programId).toBe('developmental-rehab');
      expect(voucher!.balanceKrw).toBe((await ctx.balanceOf('rcp-06')).balanceKrw);
      expect(voucher!.activity).toEqual([
        expect.objectContaining({
          kind: 'payment',
          approvalNumber: paid.approvalNumber,
          amountKrw: 12_000,
          institutionName: '성남주간보호센터-발달',
        }),
      ]);
    });

    it('lists the inbox message of a payment with 기관명, 제공자명, 서비스코드, 승인번호, 서비스일자, 결제금액, 잔액', async () => {
      const list = (await portalGet(ctx, '/api/portal/inbox', cookie)).json<Inbox>();
      expect(list.unread).toBe(1);
      const [message] = list.messages;
      expect(message).toMatchObject({
        kind: 'payment.approved',
        read: false,
        institutionName: '성남주간보호센터-발달',
        workerName: KIM.name,
        serviceCode: paid.serviceCode,
        approvalNumber: paid.approvalNumber,
        serviceDate: paid.serviceDate,
        amountKrw: 12_000,
        balanceKrw: paid.balanceKrw,
      });
      const detail = await portalGet(ctx, `/api/portal/inbox/${message!.id}`, cookie);
      expect(detail.json<InboxMessage>()).toMatchObject({ id: message!.id, read: true, approvalNumber: paid.approvalNumber });
      expect((await portalGet(ctx, '/api/portal/inbox', cookie)).json<Inbox>().unread).toBe(0);
    });

    it("adds a message for a cancellation, and shows it among this month's activity", async () => {
      ctx.clock.advance(MINUTE);
      const response = await ctx.post(
        '/api/payments/cancel',
        { cancelId: randomUUID(), target: { by: 'approvalNumber', approvalNumber: paid.approvalNumber }, deviceAt: ctx.clock.now() },
        { cookie: worker },
      );
      expect(response.statusCode, response.body).toBe(200);
      await ctx.app.eventRelay!.drain();
      const list = (await portalGet(ctx, '/api/portal/inbox', cookie)).json<Inbox>();
      expect(list.messages[0]).toMatchObject({ kind: 'payment.cancelled', approvalNumber: paid.approvalNumber, amountKrw: 12_000 });
      const activity = (await portalGet(ctx, '/api/portal/vouchers', cookie)).json<MyVouchers>().vouchers[0]!.activity;
      expect(activity.map((a) => a.kind).sort()).toEqual(['cancel', 'payment']);
    });

    it("never shows another recipient's message (1045) or a malformed id (1001)", async () => {
      const other = await portalLogin(ctx, 'rcp-01', DEMO_PORTAL_ACCOUNT.password);
      const [message] = (await portalGet(ctx, '/api/portal/inbox', cookie)).json<Inbox>().messages;
      expect((await portalGet(ctx, `/api/portal/inbox/${message!.id}`, other)).json().code).toBe('1045');
      expect((await portalGet(ctx, '/api/portal/inbox/..%2Fetc', cookie)).json().code).toBe('1001');
      expect((await portalGet(ctx, '/api/portal/inbox', other)).json<Inbox>().messages).toEqual([]);
    });
  });

  describe('live delivery (SSE)', () => {
    it('sends a new inbox message to an open portal as soon as the payment is delivered, and nothing of the message itself', async () => {
      const cookie = await portalLogin(ctx, 'rcp-06');
      const url = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
      const abort = new AbortController();
      const response = await fetch(`${url}/api/portal/events`, { headers: { cookie: `evr=${cookie}` }, signal: abort.signal });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let received = '';
      const next = async (pattern: RegExp): Promise<string> => {
        while (!pattern.test(received)) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`stream ended: ${received}`);
          received += decoder.decode(value);
        }
        return received;
      };
      await next(/retry: 3000/);
      const receipt = await pay('rcp-06', 3_000);
      await ctx.app.eventRelay!.drain();
      const text = await next(/event: inbox\ndata: .*\n\n/);
      const data = JSON.parse(/event: inbox\ndata: (.*)\n/.exec(text)![1]!) as { type: string; messageId: string };
      expect(data.type).toBe('inbox');
      expect(text).not.toContain(receipt.approvalNumber);
      expect(text).not.toContain('3000원');
      const message = (await portalGet(ctx, `/api/portal/inbox/${data.messageId}`, cookie)).json<InboxMessage>();
      expect(message.approvalNumber).toBe(receipt.approvalNumber);
      abort.abort();
    });

    it('refuses a stream without a recipient session (1003)', async () => {
      const response = await portalGet(ctx, '/api/portal/events');
      expect([response.statusCode, response.json().code]).toEqual([401, '1003']);
      const asWorker = await portalGet(ctx, '/api/portal/events', worker);
      expect(asWorker.json().code).toBe('1003');
    });
  });
});
