/**
 * Benchmark (not a test), issue 8: the host against the floor (bench/floor-server.ts: the same work
 * per payment with node:http and the raw driver), in the same run, on SQLite and — when
 * DATABASE_URL is set — on PostgreSQL. Two loads, each timed for BENCH_SECONDS after a warm-up:
 *   online: 32 keep-alive connections each paying 1원 amount payments back to back (POST /api/payments
 *           on its own voucher screen; the floor: POST /pay);
 *   batch:  4 connections each sending batches of 100 offline captures (POST /api/sync/commands;
 *           the floor: POST /batch).
 * Prints one JSON line per engine and load: payments/s, latency p50/p99, CPU ms per payment of the
 * server process (utime + stime from /proc; the stime part also on its own), and the ratio host/floor.
 *   node --import tsx bench/host-vs-floor.ts
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SYNC_COMMANDS_PATH } from '../src/domain/offline';
import { DEMO_RECIPIENTS, DEMO_WORKERS } from '../server/src/demo/demo-data';
import { freePort, startHost, stopHost, type HostProcess } from '../server/test/host-process';
import { amountCapture } from '../server/test/offline-payments';
import { createPostgresDatabase } from '../server/test/test-context';
import { client, cpuSplitMs, login, pct, startFloor } from './http-load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
/** BENCH_LOADS=online or =batch runs one load only (e.g. to profile it). */
const LOADS = (process.env.BENCH_LOADS ?? 'online,batch').split(',');
const WARMUP_SECONDS = 2;
const ONLINE_CONNECTIONS = 32;
const BATCH_CONNECTIONS = 4;
const BATCH = 100;
const AMOUNT_RECIPIENTS = ['rcp-06', 'rcp-07', 'rcp-08'];

type Engine = 'sqlite' | 'postgres';

interface Run {
  payments: number;
  seconds: number;
  latencies: number[];
  /** CPU of the server process in user space and in the kernel (syscalls, loopback TCP, fsync). */
  cpuUserMs: number;
  cpuSystemMs: number;
}

/** Runs `callers` loops of `step` (each returns how many payments it settled) for warm-up + SECONDS. */
async function measure(pid: number, callers: number, step: (caller: number) => Promise<number>): Promise<Run> {
  const warmUntil = Date.now() + WARMUP_SECONDS * 1000;
  const endAt = warmUntil + SECONDS * 1000;
  let payments = 0;
  const latencies: number[] = [];
  let cpuAtStart = { userMs: 0, systemMs: 0 };
  let startedAt = 0;
  let measuring = false;
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      while (Date.now() < endAt) {
        if (!measuring && Date.now() >= warmUntil) {
          measuring = true;
          cpuAtStart = cpuSplitMs(pid);
          startedAt = performance.now();
        }
        const t0 = performance.now();
        const settled = await step(caller);
        if (measuring) {
          latencies.push(performance.now() - t0);
          payments += settled;
        }
      }
    }),
  );
  const cpuAtEnd = cpuSplitMs(pid);
  return {
    payments,
    seconds: (performance.now() - startedAt) / 1000,
    latencies: latencies.sort((a, b) => a - b),
    cpuUserMs: cpuAtEnd.userMs - cpuAtStart.userMs,
    cpuSystemMs: cpuAtEnd.systemMs - cpuAtStart.systemMs,
  };
}

const SKIPPED: Run = { payments: 0, seconds: 1, latencies: [], cpuUserMs: 0, cpuSystemMs: 0 };
/** Runs a load unless BENCH_LOADS leaves it out. */
const load = (name: 'online' | 'batch', run: () => Promise<Run>): Promise<Run> => (LOADS.includes(name) ? run() : Promise.resolve(SKIPPED));

function summary(run: Run) {
  const perPayment = (ms: number): number => Math.round((ms / Math.max(run.payments, 1)) * 1000) / 1000;
  return {
    paymentsPerSecond: Math.round(run.payments / run.seconds),
    p50Ms: pct(run.latencies, 0.5),
    p99Ms: pct(run.latencies, 0.99),
    cpuMsPerPayment: perPayment(run.cpuUserMs + run.cpuSystemMs),
    cpuSystemMsPerPayment: perPayment(run.cpuSystemMs),
  };
}

async function hostRuns(databaseUrl: string | null) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'evoucher-bench-'));
  let host: HostProcess | undefined;
  try {
    host = await startHost({
      // BENCH_PROFILE=<dir> writes a V8 CPU profile of the host (node --cpu-prof) when it stops.
      ...(process.env.BENCH_PROFILE ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] } : {}),
      dataDir,
      databaseUrl,
      port: await freePort(),
      env: {
        LOOKUP_RATE_LIMIT_PER_MINUTE: '100000',
        LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
        OFFLINE_MAX_COUNT: '100000',
        SYNC_MAX_IN_FLIGHT: '8',
        LOG_LEVEL: 'warn',
        EVENT_RELAY: process.env.BENCH_EVENT_RELAY ?? '1',
      },
    });
    const pid = host.child.pid!;
    const online = client(host.baseUrl, ONLINE_CONNECTIONS);
    // Each connection: its own terminal, session and voucher screen on an amount program.
    const callers = await Promise.all(
      Array.from({ length: ONLINE_CONNECTIONS }, async (_, i) => {
        const cookie = await login(host!.baseUrl, DEMO_WORKERS[i % DEMO_WORKERS.length]!);
        const r = DEMO_RECIPIENTS.find((x) => x.id === AMOUNT_RECIPIENTS[i % AMOUNT_RECIPIENTS.length])!;
        const lookup = await online.post('/api/cards/lookup', { programId: r.programId, card: { kind: 'nfc', token: r.cardToken } }, cookie);
        if (lookup.status !== 200) throw new Error(`lookup ${lookup.status} ${lookup.body}`);
        return { cookie, lookupId: (JSON.parse(lookup.body) as { lookupId: string }).lookupId };
      }),
    );
    const onlineRun = await load('online', () =>
      measure(pid, ONLINE_CONNECTIONS, async (i) => {
        const { cookie, lookupId } = callers[i]!;
        const now = Date.now();
        const request = {
          paymentId: randomUUID(),
          lookupId,
          method: 'card',
          mode: 'normal',
          openServiceId: null,
          serviceEndAt: now,
          minutesByType: {},
          amountKrw: 1,
          deviceAt: now,
        };
        const answer = await online.post('/api/payments', request, cookie);
        if (answer.status !== 200) throw new Error(`payment ${answer.status} ${answer.body}`);
        return 1;
      }),
    );
    online.agent.destroy();

    const batch = client(host.baseUrl, BATCH_CONNECTIONS);
    const batchCookies = await Promise.all(
      Array.from({ length: BATCH_CONNECTIONS }, (_, i) => login(host!.baseUrl, DEMO_WORKERS[i % DEMO_WORKERS.length]!)),
    );
    let throttled = 0;
    const batchRun = await load('batch', () =>
      measure(pid, BATCH_CONNECTIONS, async (i) => {
        const worker = DEMO_WORKERS[i % DEMO_WORKERS.length]!;
        const now = Date.now();
        const items = Array.from({ length: BATCH }, (_, n) => ({
          kind: 'payment',
          workerId: worker.id,
          ...amountCapture(AMOUNT_RECIPIENTS[n % AMOUNT_RECIPIENTS.length]!, 1, now - n, { serviceStartAt: now - n }),
        }));
        const answer = await batch.post(SYNC_COMMANDS_PATH, { items, sentAt: now }, batchCookies[i]);
        if (answer.status === 429) {
          throttled += 1;
          return 0;
        }
        if (answer.status !== 200) throw new Error(`batch ${answer.status} ${answer.body.slice(0, 200)}`);
        return (JSON.parse(answer.body) as { results: Array<{ status: string }> }).results.filter((r) => r.status === 'approved').length;
      }),
    );
    batch.agent.destroy();
    return { online: summary(onlineRun), batch: { ...summary(batchRun), throttled429: throttled } };
  } finally {
    await stopHost(host, process.env.BENCH_PROFILE ? 'SIGTERM' : 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function floorRuns(databaseUrl: string | null) {
  const floor = await startFloor(databaseUrl);
  try {
    const { pid, port } = floor;
    const online = client(`http://127.0.0.1:${port}`, ONLINE_CONNECTIONS);
    const onlineRun = await load('online', () =>
      measure(pid, ONLINE_CONNECTIONS, async (i) => {
        const answer = await online.post('/pay', { id: randomUUID(), voucherId: `v${i % 8}`, amount: 1 });
        if (answer.status !== 200) throw new Error(`floor pay ${answer.status}`);
        return 1;
      }),
    );
    online.agent.destroy();
    const batch = client(`http://127.0.0.1:${port}`, BATCH_CONNECTIONS);
    const batchRun = await load('batch', () =>
      measure(pid, BATCH_CONNECTIONS, async () => {
        const items = Array.from({ length: BATCH }, (_, n) => ({ id: randomUUID(), voucherId: `v${n % 8}`, amount: 1 }));
        const answer = await batch.post('/batch', { items });
        if (answer.status !== 200) throw new Error(`floor batch ${answer.status}`);
        return BATCH;
      }),
    );
    batch.agent.destroy();
    return { online: summary(onlineRun), batch: summary(batchRun) };
  } finally {
    floor.stop();
  }
}

const engines: Engine[] = ['sqlite', ...(process.env.DATABASE_URL?.startsWith('postgres://') ? (['postgres'] as const) : [])];
for (const engine of engines) {
  const hostDb = engine === 'postgres' ? await createPostgresDatabase() : null;
  const floorDb = engine === 'postgres' ? await createPostgresDatabase() : null;
  try {
    const host = await hostRuns(hostDb?.url ?? null);
    const floor = await floorRuns(floorDb?.url ?? null);
    for (const load of ['online', 'batch'] as const) {
      console.log(
        JSON.stringify({
          bench: `host-vs-floor/${load}`,
          engine,
          connections: load === 'online' ? ONLINE_CONNECTIONS : BATCH_CONNECTIONS,
          host: host[load],
          floor: floor[load],
          ratio: Math.round((host[load].paymentsPerSecond / Math.max(floor[load].paymentsPerSecond, 1)) * 100) / 100,
        }),
      );
    }
  } finally {
    await hostDb?.drop();
    await floorDb?.drop();
  }
}
