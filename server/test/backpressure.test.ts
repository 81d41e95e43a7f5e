/**
 * The sync gate (server/src/http/backpressure.ts): past its batches in flight it answers 429 +
 * Retry-After + 1004 before the body is parsed or the session read, so a refusal touches nothing;
 * the slot comes back when the answer is written; Retry-After grows with the demand turned away.
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { SYNC_BATCH_PATH, SYNC_COMMANDS_PATH } from '../../src/domain/offline';
import { createBackpressureGate } from '../src/http/backpressure';
import { amountCapture } from './offline-payments';
import { databases, KIM, TestContext } from './test-context';

let close: (() => Promise<void>) | undefined;

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
  if (!done()) throw new Error('timed out');
}
afterEach(async () => {
  await close?.();
  close = undefined;
});

interface Sent {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly body: { code?: string; results?: Array<{ status: string }> };
}

/**
 * POSTs every body at once from another process, as devices would: a client in this process would
 * share the event loop the server blocks, and could send only one request per turn.
 */
function burst(url: string, bodies: readonly unknown[], cookie = ''): Promise<Sent[]> {
  const script = `
    const [url, cookie] = process.argv.slice(1);
    const bodies = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    Promise.all(bodies.map(async (body) => {
      const response = await fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', cookie } });
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
    })).then((sent) => process.stdout.write(JSON.stringify(sent)));`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', script, url, cookie], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout) as Sent[]),
    );
    child.stdin!.end(JSON.stringify(bodies));
  });
}

async function gatedApp(maxInFlight: number) {
  let clock = 0;
  const gate = createBackpressureGate({ paths: ['/api/sync/commands'], maxInFlight, now: () => clock });
  const app = Fastify({ serverFactory: (handler) => http.createServer(gate.wrap(handler)) });
  const releases: Array<() => void> = [];
  let handled = 0;
  let parsed = 0;
  app.addHook('onRequest', async () => {
    parsed += 1;
  });
  app.post('/api/sync/commands', async () => {
    handled += 1;
    await new Promise<void>((resolve) => releases.push(resolve));
    return { ok: true };
  });
  app.post('/api/payments', async () => ({ ok: true }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  close = () => app.close();
  const post = (path: string, body: string) =>
    fetch(`${url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } }).then(async (response) => ({
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as unknown,
    }));
  return { url, gate, releases, post, counts: () => ({ handled, parsed }), advance: (ms: number) => (clock += ms) };
}

describe('the sync gate', () => {
  it('answers 429 + Retry-After + 1004 past its batches in flight, before any hook, body or handler', async () => {
    const { gate, releases, counts, post } = await gatedApp(2);
    const held = [0, 1].map(() => post('/api/sync/commands', '{"items":[]}'));
    await until(() => counts().handled === 2);
    expect(gate.inFlight()).toBe(2);
    // Not even valid JSON: a 429 must come before the body is looked at.
    const refused = await post('/api/sync/commands', '{not json');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ code: '1004', message: '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.' });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    // Fastify never saw it: not even an onRequest hook ran.
    expect(counts()).toEqual({ handled: 2, parsed: 2 });
    // Other paths are not gated.
    expect((await post('/api/payments', '{}')).status).toBe(200);

    for (const release of releases.splice(0)) release();
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200]);
    await until(() => gate.inFlight() === 0);
    // The slots are free again.
    const again = post('/api/sync/commands', '{}');
    await until(() => releases.length === 1);
    expect(gate.inFlight()).toBe(1);
    releases.splice(0).forEach((release) => {
      release();
    });
    expect((await again).status).toBe(200);
  });

  it('tells devices to come back later the more of them it turns away, and forgets a quiet second', async () => {
    const { gate, releases, advance, post } = await gatedApp(1);
    const held = post('/api/sync/commands', '{}');
    await until(() => releases.length === 1);
    const first = Number((await post('/api/sync/commands', '{}')).retryAfter);
    for (let i = 0; i < 50; i++) await post('/api/sync/commands', '{}');
    const crowded = Number((await post('/api/sync/commands', '{}')).retryAfter);
    expect(crowded).toBeGreaterThan(first);
    advance(1_500);
    expect(gate.retryAfterSeconds()).toBeLessThan(crowded);
    releases.splice(0).forEach((release) => {
      release();
    });
    await held;
  });

  it('counts requests that arrive together even when batches run without waiting for I/O (SQLite)', async () => {
    // better-sqlite3 answers synchronously behind its promises: a batch never yields to the event
    // loop, so a gate that counted only at the start of each request would never see two at once.
    const gate = createBackpressureGate({ paths: ['/api/sync/commands'], maxInFlight: 2 });
    const app = Fastify({ serverFactory: (handler) => http.createServer(gate.wrap(handler)) });
    let running = 0;
    let most = 0;
    app.post('/api/sync/commands', async () => {
      running += 1;
      most = Math.max(most, running);
      const until = performance.now() + 15;
      while (performance.now() < until) {
        // A batch applied without a single await on I/O.
      }
      running -= 1;
      return { ok: true };
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    close = () => app.close();
    const statuses = (
      await burst(
        `${url}/api/sync/commands`,
        Array.from({ length: 24 }, () => ({})),
      )
    ).map((sent) => sent.status);
    expect(new Set(statuses)).toEqual(new Set([200, 429]));
    expect(statuses.filter((status) => status === 200).length).toBeLessThan(24);
    expect(most).toBe(1);
  });
});

describe.each(databases)('the sync gate in front of the real host on %s', (kind) => {
  it('turns away what it cannot take at once over real HTTP, and applies what it took exactly', async () => {
    const ctx = await TestContext.create(kind, { syncMaxInFlight: 2 });
    try {
      const cookie = await ctx.login();
      const url = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
      const before = await ctx.balanceOf('rcp-06');
      const now = ctx.clock.now();
      const batches = Array.from({ length: 24 }, (_, b) => ({
        items: Array.from({ length: 10 }, (_, i) => ({
          kind: 'payment',
          workerId: KIM.id,
          ...amountCapture('rcp-06', 10, now - (b * 10 + i) * 1_000),
        })),
        sentAt: now,
      }));
      const answers = await burst(`${url}${SYNC_COMMANDS_PATH}`, batches, `evs=${cookie}`);
      const refused = answers.filter((a) => a.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.every((a) => a.body.code === '1004' && Number(a.retryAfter) >= 1)).toBe(true);
      const taken = answers.filter((a) => a.status === 200);
      expect(answers.filter((a) => a.status !== 200 && a.status !== 429)).toEqual([]);
      const approved = taken.flatMap((a) => a.body.results!).filter((r) => r.status === 'approved').length;
      expect(approved).toBe(taken.length * 10);
      // The older endpoint for plain captures is behind the same gate.
      const plain = Array.from({ length: 24 }, (_, b) => ({
        items: Array.from({ length: 10 }, (_, i) => amountCapture('rcp-07', 10, now - (b * 10 + i) * 1_000)),
        sentAt: now,
      }));
      const plainAnswers = await burst(`${url}${SYNC_BATCH_PATH}`, plain, `evs=${cookie}`);
      expect(plainAnswers.some((a) => a.status === 429 && a.body.code === '1004')).toBe(true);
      expect(plainAnswers.filter((a) => a.status !== 200 && a.status !== 429)).toEqual([]);
      expect(await ctx.balanceOf('rcp-06')).toEqual({
        balanceKrw: before.balanceKrw - 10 * approved,
        ledgerSumKrw: before.balanceKrw - 10 * approved,
      });
    } finally {
      await ctx.close();
    }
  });
});
