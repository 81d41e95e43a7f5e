/**
 * Benchmark (not a test), issue 8: the morning after a regional outage. On SQLite, and on
 * PostgreSQL too when DATABASE_URL is set, against one host process with its default sync limits:
 *   unloaded: 4 clients send batches of 100 offline captures back to back (BENCH_UNLOADED payments);
 *             then again in batches of 50, the backlog's size (ratioSameBatch compares with that);
 *   backlog:  1,000 simulated devices each holding 50 captures send them all at once; a device told
 *             429 waits the turn the host booked for it (Retry-After-Ms, up to a tenth or 250 ms more)
 *             or else what Retry-After says, spread by up to half again (as src/sync/requeueBatch.ts
 *             does), and sends again; a reset connection is sent again after the syncer's backoff.
 *             Drained when every device has its answers.
 *   refusal:  every batch slot is held by a stalled upload, and 2,000 full 100-item batches are sent:
 *             all must be refused; the host's CPU per refusal is the cost of a 429, next to the floor's
 *             (bench/floor-server.ts POST /refuse: plain node:http answering 429 on the request line).
 * The devices share 8 worker sessions (a login per device would time scrypt, not the sync path).
 * Prints one JSON line per engine: unloaded and backlog payments/s with their ratio (goal >= 0.8),
 * the ratio to the unloaded rate in batches of 50,
 * 429s sent during the backlog, the Retry-After values seen, CPU ms per 429 (goal < 0.1) with the
 * floor's and their ratio.
 *   node --import tsx bench/backlog.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { SYNC_COMMANDS_PATH } from '../src/domain/offline';
import { loadConfig } from '../server/src/config';
import { DEMO_WORKERS } from '../server/src/demo/demo-data';
import { freePort, startHost, stopHost, type HostProcess } from '../server/test/host-process';
import { amountCapture } from '../server/test/offline-payments';
import { createPostgresDatabase } from '../server/test/test-context';
import { backoffDelayMs, hostRetryDelayMs } from '../src/sync/backoff';
import { RETRY_AFTER_MS_HEADER, retryAfterExactMs } from '../src/sync/sendBatch';
import { client, cpuSplitMs, login, pct, startFloor, type Answer } from './http-load';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 1_000);
const PER_DEVICE = 50;
const UNLOADED = Number(process.env.BENCH_UNLOADED ?? 10_000);
const REFUSALS = 2_000;
const SESSIONS = 8;
const DEADLINE_MS = 240_000;
const RECIPIENTS = ['rcp-06', 'rcp-07', 'rcp-08'];

type Engine = 'sqlite' | 'postgres';

function batchOf(workerIndex: number, size: number) {
  const worker = DEMO_WORKERS[workerIndex % DEMO_WORKERS.length]!;
  const now = Date.now();
  return {
    items: Array.from({ length: size }, (_, n) => ({
      kind: 'payment',
      workerId: worker.id,
      ...amountCapture(RECIPIENTS[n % RECIPIENTS.length]!, 1, now - n, { serviceStartAt: now - n }),
    })),
    sentAt: now,
  };
}

const header = (answer: Answer, name: string): string | null => {
  const value = answer.headers[name];
  return typeof value === 'string' ? value : null;
};

const approvedIn = (body: string): number =>
  (JSON.parse(body) as { results: Array<{ status: string }> }).results.filter((r) => r.status === 'approved').length;

async function unloadedRate(baseUrl: string, cookies: readonly string[], batchSize: number): Promise<number> {
  const http4 = client(baseUrl, 4);
  let approved = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async (_, c) => {
      for (let sent = c * batchSize; sent < UNLOADED; sent += 4 * batchSize) {
        const answer = await http4.post(SYNC_COMMANDS_PATH, batchOf(c, batchSize), cookies[c % cookies.length]);
        if (answer.status !== 200) throw new Error(`unloaded batch ${answer.status} ${answer.body.slice(0, 200)}`);
        approved += approvedIn(answer.body);
      }
    }),
  );
  http4.agent.destroy();
  if (approved !== UNLOADED) throw new Error(`unloaded: ${approved} of ${UNLOADED} approved`);
  return approved / ((performance.now() - startedAt) / 1000);
}

async function backlog(baseUrl: string, cookies: readonly string[]) {
  const devices = client(baseUrl, DEVICES);
  const retryAfters: number[] = [];
  let refused = 0;
  let networkErrors = 0;
  let approved = 0;
  const deadline = Date.now() + DEADLINE_MS;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: DEVICES }, async (_, d) => {
      const body = batchOf(d, PER_DEVICE);
      for (;;) {
        if (Date.now() > deadline) throw new Error('backlog did not drain in time');
        const answer = await devices.post(SYNC_COMMANDS_PATH, body, cookies[d % cookies.length]).catch((error: NodeJS.ErrnoException) => {
          // A kept-alive socket the host closed as it was reused: the syncer takes it for a network
          // failure and sends again after its backoff; so does the simulated device.
          if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
          return null;
        });
        if (answer === null) {
          networkErrors += 1;
          await new Promise((resolve) => setTimeout(resolve, backoffDelayMs(1)));
          continue;
        }
        if (answer.status === 200) {
          approved += approvedIn(answer.body);
          return;
        }
        if (answer.status !== 429) throw new Error(`backlog batch ${answer.status} ${answer.body.slice(0, 200)}`);
        refused += 1;
        // As the device's syncer does (src/sync/sendBatch.ts, requeueBatch.ts): the host's turn in
        // ms when it sent one, else Retry-After in seconds.
        const exactMs = retryAfterExactMs(header(answer, RETRY_AFTER_MS_HEADER));
        const waitMs = exactMs ?? Number(answer.headers['retry-after'] ?? 1) * 1000;
        retryAfters.push(waitMs / 1000);
        await new Promise((resolve) => setTimeout(resolve, hostRetryDelayMs(waitMs, exactMs !== null)));
      }
    }),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  devices.agent.destroy();
  if (approved !== DEVICES * PER_DEVICE) throw new Error(`backlog: ${approved} of ${DEVICES * PER_DEVICE} approved`);
  retryAfters.sort((a, b) => a - b);
  return {
    paymentsPerSecond: Math.round(approved / seconds),
    seconds: Math.round(seconds * 10) / 10,
    refused429: refused,
    networkErrors,
    retryAfterS: { p50: pct(retryAfters, 0.5), p90: pct(retryAfters, 0.9), max: retryAfters.at(-1) ?? 0 },
  };
}

/** Holds every batch slot with an upload that never finishes; returns how to let them go. */
async function holdSlots(baseUrl: string, cookie: string, slots: number): Promise<() => void> {
  const url = new URL(baseUrl);
  const held: http.ClientRequest[] = [];
  for (let i = 0; i < slots; i++) {
    const request = http.request({
      host: url.hostname,
      port: url.port,
      path: SYNC_COMMANDS_PATH,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': 200_000, cookie },
    });
    request.on('error', () => undefined);
    request.write('{"items":[');
    held.push(request);
  }
  // The host counts a slot when the request's headers arrive.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return () => {
    for (const request of held) request.destroy();
  };
}

/** CPU of process `pid` per POST of a full 100-item batch to `url`, all of which must be refused. */
async function refusalCost(pid: number, url: string, cookie: string) {
  const target = new URL(url);
  const senders = client(target.origin, 16);
  const body = batchOf(0, 100);
  let refused = 0;
  const cpuBefore = cpuSplitMs(pid);
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let i = 0; i < REFUSALS / 16; i++) {
        const answer = await senders.post(target.pathname, { ...body, sentAt: Date.now() }, cookie);
        if (answer.status === 429) refused += 1;
      }
    }),
  );
  const cpuAfter = cpuSplitMs(pid);
  senders.agent.destroy();
  if (refused !== REFUSALS) throw new Error(`refusal: ${refused} of ${REFUSALS} refused`);
  const perRefusal = (ms: number) => Math.round((ms / refused) * 1000) / 1000;
  const userMs = cpuAfter.userMs - cpuBefore.userMs;
  const systemMs = cpuAfter.systemMs - cpuBefore.systemMs;
  // The kernel part is receiving the unread body over TCP: the price of the bytes, not of the answer.
  return { cpuMsPer429: perRefusal(userMs + systemMs), userMsPer429: perRefusal(userMs), kernelMsPer429: perRefusal(systemMs) };
}

async function benchOne(engine: Engine) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'evoucher-backlog-'));
  const postgres = engine === 'postgres' ? await createPostgresDatabase() : null;
  let host: HostProcess | undefined;
  try {
    host = await startHost({
      dataDir,
      databaseUrl: postgres?.url ?? null,
      port: await freePort(),
      env: { OFFLINE_MAX_COUNT: '1000000', LOGIN_RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'warn' },
    });
    const cookies = await Promise.all(Array.from({ length: SESSIONS }, (_, i) => login(host!.baseUrl, DEMO_WORKERS[i % DEMO_WORKERS.length]!)));
    const unloaded = await unloadedRate(host.baseUrl, cookies, 100);
    // The same, in the backlog's batches of 50: what a batch costs whatever its size is paid twice as often.
    const unloadedSameBatch = await unloadedRate(host.baseUrl, cookies, PER_DEVICE);
    const loaded = await backlog(host.baseUrl, cookies);
    const release = await holdSlots(host.baseUrl, cookies[0]!, loadConfig({}).syncMaxInFlight);
    const hostRefusal = await refusalCost(host.child.pid!, `${host.baseUrl}${SYNC_COMMANDS_PATH}`, cookies[0]!);
    release();
    const floor = await startFloor(null);
    const floorRefusal = await refusalCost(floor.pid, `http://127.0.0.1:${floor.port}/refuse`, '').finally(() => floor.stop());
    const refusal = {
      bodyBytes: JSON.stringify(batchOf(0, 100)).length,
      host: hostRefusal,
      floor: floorRefusal,
      ratio: Math.round((hostRefusal.cpuMsPer429 / Math.max(floorRefusal.cpuMsPer429, 0.001)) * 100) / 100,
    };
    return {
      bench: 'backlog',
      engine,
      devices: DEVICES,
      payments: DEVICES * PER_DEVICE,
      unloadedPaymentsPerSecond: Math.round(unloaded),
      backlog: loaded,
      ratio: Math.round((loaded.paymentsPerSecond / unloaded) * 100) / 100,
      unloadedSameBatchPaymentsPerSecond: Math.round(unloadedSameBatch),
      ratioSameBatch: Math.round((loaded.paymentsPerSecond / unloadedSameBatch) * 100) / 100,
      refusal,
    };
  } finally {
    await stopHost(host);
    await postgres?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const engines: Engine[] = ['sqlite', ...(process.env.DATABASE_URL?.startsWith('postgres://') ? (['postgres'] as const) : [])];
for (const engine of engines) console.log(JSON.stringify(await benchOne(engine)));
// A stray socket must not keep the process alive.
process.exit(0);
