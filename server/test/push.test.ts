import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inbox } from '../../src/domain/portal';
import type { Receipt } from '../../src/domain/wire';
import { paymentRequest } from './online-payments';
import { portalGet, portalPost, portalSignup } from './portal-support';
import { checkVapid, decryptPush, fakeSubscription, startPushEndpoint, type PushEndpoint } from './push-endpoint';
import { databases, KIM, recipient, TestContext } from './test-context';

describe.each(databases)('Web Push on %s', (kind) => {
  let ctx: TestContext;
  let endpoint: PushEndpoint;
  let worker: string;
  let portal: string;

  beforeAll(async () => {
    endpoint = await startPushEndpoint();
    ctx = await TestContext.create(kind, { pushCaFile: endpoint.caFile });
    worker = await ctx.login(KIM);
    portal = await portalSignup(ctx, 'rcp-06');
  });
  afterAll(async () => {
    await ctx.close();
    await endpoint.close();
  });

  async function pay(amountKrw: number): Promise<Receipt> {
    const screen = await ctx.lookup(worker, 'rcp-06');
    const response = await ctx.post('/api/payments', paymentRequest(screen.lookupId, amountKrw, ctx.clock.now()), { cookie: worker });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Receipt>();
  }

  async function deliver(): Promise<void> {
    await ctx.app.eventRelay!.drain();
    await ctx.app.pushSender!.drain();
  }

  it('hands out one VAPID public key, made on first start and kept in the database', async () => {
    const first = (await portalGet(ctx, '/api/portal/push/key')).json<{ publicKey: string }>();
    const again = (await portalGet(ctx, '/api/portal/push/key')).json<{ publicKey: string }>();
    expect(Buffer.from(first.publicKey, 'base64url')).toHaveLength(65);
    expect(again).toEqual(first);
    const stored = await ctx.db.selectFrom('host_keys').select('public_key').where('purpose', '=', 'vapid').execute();
    expect(stored.map((row) => row.public_key)).toEqual([first.publicKey]);
  });

  it('uses the VAPID keys of the environment when it has them, and stores none', async () => {
    const keys = webpush.generateVAPIDKeys();
    const configured = await TestContext.create(kind, { vapidPublicKey: keys.publicKey, vapidPrivateKey: keys.privateKey });
    try {
      expect((await portalGet(configured, '/api/portal/push/key')).json()).toEqual({ publicKey: keys.publicKey });
      expect(await configured.db.selectFrom('host_keys').select('id').where('purpose', '=', 'vapid').execute()).toEqual([]);
    } finally {
      await configured.close();
    }
  });

  it('refuses a subscription without a recipient session (1003) or with an http endpoint (1001)', async () => {
    const sub = fakeSubscription(`${endpoint.origin}/push/none`);
    expect((await portalPost(ctx, '/api/portal/push/subscribe', { endpoint: sub.endpoint, keys: sub.keys })).json().code).toBe('1003');
    expect((await portalPost(ctx, '/api/portal/push/subscribe', { endpoint: sub.endpoint, keys: sub.keys }, worker)).json().code).toBe('1003');
    const plain = await portalPost(ctx, '/api/portal/push/subscribe', { endpoint: 'http://127.0.0.1/push/x', keys: sub.keys }, portal);
    expect(plain.json().code).toBe('1001');
  });

  it('pushes a payment to the recipient, encrypted (aes128gcm) under a valid VAPID signature, naming only the inbox message', async () => {
    const sub = fakeSubscription(`${endpoint.origin}/push/ok`);
    expect((await portalPost(ctx, '/api/portal/push/subscribe', { endpoint: sub.endpoint, keys: sub.keys }, portal)).statusCode).toBe(200);
    const receipt = await pay(7_000);
    await deliver();
    const pushes = endpoint.received.filter((push) => push.path === '/push/ok');
    expect(pushes).toHaveLength(1);
    const [push] = pushes;
    expect(push!.headers['content-encoding']).toBe('aes128gcm');
    expect(push!.headers.urgency).toBe('high');
    const vapid = checkVapid(String(push!.headers.authorization));
    expect(vapid.valid).toBe(true);
    expect(vapid.claims.aud).toBe(endpoint.origin);
    expect(vapid.key).toBe((await portalGet(ctx, '/api/portal/push/key')).json<{ publicKey: string }>().publicKey);
    const plain = decryptPush(sub, push!.body);
    const signal = JSON.parse(plain) as { type: string; messageId: string };
    const [message] = (await portalGet(ctx, '/api/portal/inbox', portal)).json<Inbox>().messages;
    expect(signal).toEqual({ type: 'inbox', messageId: message!.id });
    expect(plain).not.toContain(receipt.approvalNumber);
    expect(plain).not.toContain('7000');
    expect(plain).not.toMatch(/[가-힣]/);
    // Delivered: nothing is left queued, and a second drain sends nothing again.
    await deliver();
    expect(endpoint.received.filter((p) => p.path === '/push/ok')).toHaveLength(1);
    expect(await ctx.db.selectFrom('push_deliveries').selectAll().execute()).toEqual([]);
    await portalPost(ctx, '/api/portal/push/unsubscribe', { endpoint: sub.endpoint }, portal);
  });

  it('pushes a QR결제 request to the recipient, naming only the request', async () => {
    const sub = fakeSubscription(`${endpoint.origin}/push/request`);
    await portalPost(ctx, '/api/portal/push/subscribe', { endpoint: sub.endpoint, keys: sub.keys }, portal);
    const r = recipient('rcp-06');
    const sent = await ctx.post('/api/qr/requests', { phone: r.phone, programId: r.programId }, { cookie: worker });
    expect(sent.statusCode, sent.body).toBe(200);
    await ctx.app.pushSender!.drain();
    const [push] = endpoint.received.filter((p) => p.path === '/push/request');
    expect(JSON.parse(decryptPush(sub, push!.body))).toEqual({ type: 'request', requestId: sent.json().requestId, kind: 'qr' });
    await portalPost(ctx, '/api/portal/push/unsubscribe', { endpoint: sub.endpoint }, portal);
  });

  it('removes a subscription the push service says is gone (410), and one it does not know (404)', async () => {
    for (const [at, status] of [
      ['/push/gone', 410],
      ['/push/unknown', 404],
    ] as const) {
      endpoint.answer(at, status);
      const sub = fakeSubscription(`${endpoint.origin}${at}`);
      await portalPost(ctx, '/api/portal/push/subscribe', { endpoint: sub.endpoint, keys: sub.keys }, portal);
      await pay(1_000);
      await deliver();
      expect(endpoint.received.some((push) => push.path === at)).toBe(true);
      const left = await ctx.db.selectFrom('push_subscriptions').select('id').where('endpoint', '=', sub.endpoint).execute();
      expect(left).toEqual([]);
    }
    expect(await ctx.db.selectFrom('push_deliveries').selectAll().execute()).toEqual([]);
  });

  it('retries a push the push service failed, with a growing wait, and sends it once it answers', async () => {
    endpoint.answer('/push/flaky', 500, 503, 201);
    const sub = fakeSubscription(`${endpoint.origin}/push/flaky`);
    await portalPost(ctx, '/api/portal/push/subscribe', { endpoint: sub.endpoint, keys: sub.keys }, portal);
    await pay(1_000);
    await deliver();
    const [first] = await ctx.db.selectFrom('push_deliveries').selectAll().execute();
    expect(first!.attempts).toBe(1);
    expect(Number(first!.available_at)).toBe(ctx.clock.now() + 1000);
    await ctx.app.pushSender!.drain();
    expect(endpoint.received.filter((push) => push.path === '/push/flaky')).toHaveLength(1);
    ctx.clock.advance(1000);
    await ctx.app.pushSender!.drain();
    const [second] = await ctx.db.selectFrom('push_deliveries').selectAll().execute();
    expect(Number(second!.available_at)).toBe(ctx.clock.now() + 2000);
    ctx.clock.advance(2000);
    await ctx.app.pushSender!.drain();
    expect(endpoint.received.filter((push) => push.path === '/push/flaky')).toHaveLength(3);
    expect(await ctx.db.selectFrom('push_deliveries').selectAll().execute()).toEqual([]);
    await portalPost(ctx, '/api/portal/push/unsubscribe', { endpoint: sub.endpoint }, portal);
  });

  it('takes the payment at once while the push service cannot be reached, and keeps the push queued', async () => {
    const sub = fakeSubscription('https://127.0.0.1:9/push/dead');
    await portalPost(ctx, '/api/portal/push/subscribe', { endpoint: sub.endpoint, keys: sub.keys }, portal);
    const started = Date.now();
    await pay(1_000);
    expect(Date.now() - started).toBeLessThan(2000);
    await deliver();
    const queued = await ctx.db.selectFrom('push_deliveries').selectAll().execute();
    expect(queued).toHaveLength(1);
    expect(queued[0]!.attempts).toBe(1);
    const inbox = (await portalGet(ctx, '/api/portal/inbox', portal)).json<Inbox>();
    expect(inbox.messages.length).toBeGreaterThan(0);
  });
});
