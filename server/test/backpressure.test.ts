/**
 * The sync gate (server/src/http/backpressure.ts): past its batches in flight a few requests wait
 * in a short queue and start in order as slots free; past that it answers 429 + Retry-After +
 * Retry-After-Ms + 1004 before the body is parsed or the session read, so a refusal touches
 * nothing; the slot comes back when the answer is written; each refused device is booked a turn of
 * its own after the work ahead of it, measured from the batches this process completed.
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
  readonly retryAfterMs: string | null;
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
      return { status: response.status, retryAfter: response.headers.get('retry-after'), retryAfterMs: response.headers.get('retry-after-ms'), body: await response.json() };
    })).then((sent) => process.stdout.write(JSON.stringify(sent)));`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', script, url, cookie], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout) as Sent[]),
    );
    child.stdin!.end(JSON.stringify(bodies));
  });
}

async function gatedApp(maxInFlight: number, queue: { maxQueued?: number; maxWaitMs?: number } = { maxQueued: 0 }) {
  let clock = 0;
  const gate = createBackpressureGate({ paths: ['/api/sync/commands'], maxInFlight, ...queue, now: () => clock });
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
      retryAfterMs: response.headers.get('retry-after-ms'),
      body: (await response.json()) as unknown,
    }));
  return { url, gate, releases, post, counts: () => ({ handled, parsed }), advance: (ms: number) => (clock += ms) };
}

describe('the sync gate', () => {
  it('answers 429 + Retry-After + 1004 past its batches in flight and its queue, before any hook, body or handler', async () => {
    const { gate, releases, counts, post } = await gatedApp(2);
    const held = [0, 1].map(() => post('/api/sync/commands', '{"items":[]}'));
    await until(() => counts().handled === 2);
    expect(gate.inFlight()).toBe(2);
    // Not even valid JSON: a 429 must come before the body is looked at.
    const refused = await post('/api/sync/commands', '{not json');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ code: '1004', message: '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.' });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    // The same wait in ms, rounded up to whole seconds for Retry-After.
    expect(Math.ceil(Number(refused.retryAfterMs) / 1_000)).toBe(Number(refused.retryAfter));
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

  it('books each refused device a later turn than the one before, paced by the batches it completed, and forgets turns that passed', async () => {
    const { gate, releases, advance, post } = await gatedApp(1);
    // One batch of 1,000 bytes completes in 100 ms: 0.1 ms per byte.
    const first = post('/api/sync/commands', JSON.stringify({ pad: 'x'.repeat(990) }));
    await until(() => releases.length === 1);
    advance(100);
    releases.splice(0)[0]!();
    await first;
    const held = post('/api/sync/commands', '{}');
    await until(() => releases.length === 1);
    const body = JSON.stringify({ pad: 'y'.repeat(490) });
    const turns: number[] = [];
    for (let i = 0; i < 5; i++) turns.push(Number((await post('/api/sync/commands', body)).retryAfterMs));
    // 500 bytes each at 0.1 ms a byte, booked a third faster than that (OVERBOOK 1.5): 33 ms apart.
    // (The first is the shortest turn there is: nothing was booked before it.)
    for (let i = 2; i < turns.length; i++) expect(turns[i]! - turns[i - 1]!).toBeCloseTo((500 * 0.1) / 1.5, -1);
    const booked = gate.retryAfterMs();
    expect(booked).toBeGreaterThan(turns.at(-1)!);
    advance(1_000);
    expect(gate.retryAfterMs()).toBeLessThan(booked);
    releases.splice(0)[0]!();
    await held;
  });

  it('lets requests past the slots wait in a short queue and starts them in order as slots free, reading no body before', async () => {
    const { gate, releases, counts, post } = await gatedApp(1, { maxQueued: 2 });
    const answers = [1, 2, 3].map((n) => post('/api/sync/commands', JSON.stringify({ n })));
    await until(() => gate.queued() === 2);
    expect(counts()).toEqual({ handled: 1, parsed: 1 });
    // The queue is full: the next is refused at once.
    expect((await post('/api/sync/commands', '{}')).status).toBe(429);
    for (const expected of [1, 2, 3]) {
      await until(() => releases.length === 1);
      expect(counts().handled).toBe(expected);
      releases.splice(0)[0]!();
    }
    expect((await Promise.all(answers)).map((a) => a.status)).toEqual([200, 200, 200]);
    expect(gate.queued()).toBe(0);
    await until(() => gate.inFlight() === 0);
  });

  it('refuses a waiting request once it waited maxWaitMs, with a turn', async () => {
    const { gate, releases, counts, post } = await gatedApp(1, { maxQueued: 4, maxWaitMs: 60 });
    const held = post('/api/sync/commands', '{}');
    await until(() => releases.length === 1);
    const waiting = post('/api/sync/commands', '{}');
    await until(() => gate.queued() === 1);
    const waited = await waiting;
    expect(waited.status).toBe(429);
    expect(Number(waited.retryAfterMs)).toBeGreaterThan(0);
    expect(gate.queued()).toBe(0);
    expect(counts().handled).toBe(1);
    releases.splice(0)[0]!();
    await held;
  });

  it('lets none wait behind slots where no batch completed for longer than a request may wait', async () => {
    const { gate, releases, advance, post } = await gatedApp(1, { maxQueued: 4, maxWaitMs: 60_000 });
    const held = post('/api/sync/commands', '{}');
    await until(() => releases.length === 1);
    advance(60_001);
    // Were it queued, it would wait a minute; it is refused at once.
    expect((await post('/api/sync/commands', '{}')).status).toBe(429);
    expect(gate.queued()).toBe(0);
    releases.splice(0)[0]!();
    await held;
  });

  it('gives the place of a device that gave up waiting to the next one', async () => {
    const { gate, releases, counts, post, url } = await gatedApp(1, { maxQueued: 1 });
    const held = post('/api/sync/commands', '{}');
    await until(() => releases.length === 1);
    const gaveUp = new AbortController();
    const abandoned = fetch(`${url}/api/sync/commands`, {
      method: 'POST',
      body: '{}',
      signal: gaveUp.signal,
      headers: { 'content-type': 'application/json' },
    }).catch(() => null);
    await until(() => gate.queued() === 1);
    gaveUp.abort();
    await abandoned;
    await until(() => gate.queued() === 0);
    const next = post('/api/sync/commands', '{}');
    await until(() => gate.queued() === 1);
    releases.splice(0)[0]!();
    await held;
    await until(() => releases.length === 1);
    releases.splice(0)[0]!();
    expect((await next).status).toBe(200);
    expect(counts().handled).toBe(2);
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
      expect(refused.every((a) => a.body.code === '1004' && Number(a.retryAfter) >= 1 && Number(a.retryAfterMs) > 0)).toBe(true);
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
