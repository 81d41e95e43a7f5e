/**
 * Live delivery across host processes (PostgreSQL only): a payment taken by one host reaches a
 * portal whose SSE stream is held by another host on the same database, through LISTEN/NOTIFY —
 * well before the stream's own 15-second look.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt, VoucherScreen } from '../../src/domain/wire';
import { buildApp } from '../src/app';
import { postgresNotifier, type Notifier } from '../src/events/notifier';
import { paymentRequest } from './online-payments';
import { PORTAL_PASSWORD } from './portal-support';
import { databases, KIM, recipient, TestContext } from './test-context';

describe.skipIf(!databases.includes('postgres'))('SSE across two host processes on PostgreSQL', () => {
  let ctx: TestContext;
  let notifiers: Notifier[];
  let paying: FastifyInstance;
  let streaming: FastifyInstance;

  beforeAll(async () => {
    // The test context's own app delivers no events: the paying host's relay does.
    ctx = await TestContext.create('postgres', { eventRelay: false });
    notifiers = [await postgresNotifier(ctx.config.databaseUrl!), await postgresNotifier(ctx.config.databaseUrl!)];
    paying = await buildApp({ config: { ...ctx.config, eventRelay: true }, db: ctx.db, now: ctx.clock.now, logger: false, notifier: notifiers[0]! });
    streaming = await buildApp({
      config: { ...ctx.config, eventRelay: false },
      db: ctx.db,
      now: ctx.clock.now,
      logger: false,
      notifier: notifiers[1]!,
    });
  });
  afterAll(async () => {
    await paying.close();
    await streaming.close();
    for (const notifier of notifiers) await notifier.close();
    await ctx.close();
  });

  it('delivers a payment made on one host to a portal stream held by the other', async () => {
    const r = recipient('rcp-06');
    const signup = await streaming.inject({
      method: 'POST',
      url: '/api/portal/signup',
      payload: { phone: r.phone, cardNumber: r.cardNumber, password: PORTAL_PASSWORD },
    });
    const portal = signup.cookies.find((c) => c.name === 'evr')!.value;
    const url = await streaming.listen({ port: 0, host: '127.0.0.1' });
    const abort = new AbortController();
    const response = await fetch(`${url}/api/portal/events`, { headers: { cookie: `evr=${portal}` }, signal: abort.signal });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const read = async (pattern: RegExp, withinMs: number): Promise<void> => {
      const deadline = Date.now() + withinMs;
      while (!pattern.test(received)) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`nothing matched ${pattern} within ${withinMs} ms: ${received}`);
        const chunk = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), left))]);
        if (chunk === null) continue;
        if (chunk.done) throw new Error('stream ended');
        received += decoder.decode(chunk.value);
      }
    };
    await read(/retry: 3000/, 2000);

    const deviceId = crypto.randomUUID();
    await paying.inject({ method: 'POST', url: '/api/terminals/register', payload: { deviceId, model: 'UT-99L' } });
    const login = await paying.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone: KIM.phone, password: KIM.password, autoLogin: true, deviceId },
    });
    const worker = login.cookies.find((c) => c.name === 'evs')!.value;
    const screen = (
      await paying.inject({
        method: 'POST',
        url: '/api/cards/lookup',
        payload: { programId: r.programId, card: { kind: 'nfc', token: r.cardToken } },
        cookies: { evs: worker },
      })
    ).json<VoucherScreen>();
    const paid = await paying.inject({
      method: 'POST',
      url: '/api/payments',
      payload: paymentRequest(screen.lookupId, 5_000, ctx.clock.now()),
      cookies: { evs: worker },
    });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json<Receipt>().approvalNumber).toMatch(/^\d{12}$/);

    await read(/event: inbox\ndata: \{"type":"inbox","messageId":"[^"]+"\}/, 5_000);
    abort.abort();
  });
});
