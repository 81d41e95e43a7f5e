/**
 * The sync gate (server/src/http/backpressure.ts): past its batches in flight it answers 429 +
 * Retry-After + 1004 before the body is parsed or the session read, so a refusal touches nothing;
 * the slot comes back when the answer is written; Retry-After grows with the demand turned away.
 */
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { installBackpressure } from '../src/http/backpressure';

let close: (() => Promise<void>) | undefined;

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
  if (!done()) throw new Error('timed out');
}
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function gatedApp(maxInFlight: number) {
  const app = Fastify();
  let clock = 0;
  const gate = installBackpressure(app, { paths: ['/api/sync/commands'], maxInFlight, now: () => clock });
  const releases: Array<() => void> = [];
  let handled = 0;
  let parsed = 0;
  app.addHook('preValidation', async () => {
    parsed += 1;
  });
  app.post('/api/sync/commands', async () => {
    handled += 1;
    await new Promise<void>((resolve) => releases.push(resolve));
    return { ok: true };
  });
  app.post('/api/payments', async () => ({ ok: true }));
  await app.ready();
  close = () => app.close();
  return { app, gate, releases, counts: () => ({ handled, parsed }), advance: (ms: number) => (clock += ms) };
}

describe('the sync gate', () => {
  it('answers 429 + Retry-After + 1004 past its batches in flight, without parsing the body or running the handler', async () => {
    const { app, gate, releases, counts } = await gatedApp(2);
    const held = [0, 1].map(() => app.inject({ method: 'POST', url: '/api/sync/commands', payload: { items: [] } }));
    await until(() => counts().handled === 2);
    expect(gate.inFlight()).toBe(2);
    // Not even valid JSON: a 429 must come before the body is looked at.
    const refused = await app.inject({
      method: 'POST',
      url: '/api/sync/commands',
      payload: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({ code: '1004', message: '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(counts()).toEqual({ handled: 2, parsed: 2 });
    // Other paths are not gated.
    expect((await app.inject({ method: 'POST', url: '/api/payments', payload: {} })).statusCode).toBe(200);

    for (const release of releases.splice(0)) release();
    expect((await Promise.all(held)).map((r) => r.statusCode)).toEqual([200, 200]);
    expect(gate.inFlight()).toBe(0);
    // The slots are free again.
    const again = app.inject({ method: 'POST', url: '/api/sync/commands', payload: { items: [] } });
    await until(() => releases.length === 1);
    expect(gate.inFlight()).toBe(1);
    releases.splice(0).forEach((release) => {
      release();
    });
    expect((await again).statusCode).toBe(200);
  });

  it('tells devices to come back later the more of them it turns away, and forgets a quiet second', async () => {
    const { app, gate, releases, advance } = await gatedApp(1);
    const held = app.inject({ method: 'POST', url: '/api/sync/commands', payload: {} });
    await until(() => releases.length === 1);
    const first = Number((await app.inject({ method: 'POST', url: '/api/sync/commands', payload: {} })).headers['retry-after']);
    for (let i = 0; i < 50; i++) await app.inject({ method: 'POST', url: '/api/sync/commands', payload: {} });
    const crowded = Number((await app.inject({ method: 'POST', url: '/api/sync/commands', payload: {} })).headers['retry-after']);
    expect(crowded).toBeGreaterThan(first);
    advance(1_500);
    expect(gate.retryAfterSeconds()).toBeLessThan(crowded);
    releases.splice(0).forEach((release) => {
      release();
    });
    await held;
  });
});
