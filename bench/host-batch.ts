/**
 * Benchmark (not a test): payments per second through the host's sync batch endpoint, over real
 * HTTP on loopback against a host process — 2,000 offline captures in batches of 100 from 4
 * concurrent clients — on SQLite, and on PostgreSQL too when DATABASE_URL is set (a fresh database).
 * Prints one JSON line per engine. Every loop is bounded in count and in time.
 *   node --import tsx bench/host-batch.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SYNC_BATCH_PATH, type OfflinePayment, type SyncBatchResponse } from '../src/domain/offline';
import { DEMO_WORKERS } from '../server/src/demo/demo-data';
import { freePort, HostClient, startHost, stopHost, type HostProcess } from '../server/test/host-process';
import { amountCapture } from '../server/test/offline-payments';
import { createPostgresDatabase } from '../server/test/test-context';

const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 2_000);
const BATCH = 100;
const CLIENTS = 4;
const DEADLINE_MS = 120_000;
const RECIPIENTS = ['rcp-06', 'rcp-07', 'rcp-08'];

async function benchOne(engine: 'sqlite' | 'postgres'): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'evoucher-bench-'));
  const postgres = engine === 'postgres' ? await createPostgresDatabase() : null;
  let host: HostProcess | undefined;
  try {
    host = await startHost({ dataDir, databaseUrl: postgres?.url ?? null, port: await freePort(), env: { OFFLINE_MAX_COUNT: '1000' } });
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        const client = new HostClient(host!.baseUrl);
        await client.login(DEMO_WORKERS[i % DEMO_WORKERS.length]!);
        return client;
      }),
    );
    const now = Date.now();
    const batches: OfflinePayment[][] = [];
    for (let start = 0; start < PAYMENTS; start += BATCH) {
      batches.push(
        Array.from({ length: Math.min(BATCH, PAYMENTS - start) }, (_, i) => {
          const n = start + i;
          return amountCapture(RECIPIENTS[n % RECIPIENTS.length]!, 100, now - (PAYMENTS - n), { serviceStartAt: now - (PAYMENTS - n) });
        }),
      );
    }
    let next = 0;
    let approved = 0;
    let refused = 0;
    let throttled = 0;
    const latenciesMs: number[] = [];
    const startedAt = performance.now();
    const deadline = Date.now() + DEADLINE_MS;
    await Promise.all(
      clients.map(async (client) => {
        for (;;) {
          const batch = batches[next++];
          if (batch === undefined) return;
          for (let attempt = 0; attempt < 50 && Date.now() < deadline; attempt++) {
            const sentAt = performance.now();
            const response = await client.request('POST', SYNC_BATCH_PATH, { items: batch, sentAt: Date.now() });
            if (response.status === 429) {
              throttled += 1;
              await new Promise((resolve) => setTimeout(resolve, 50));
              continue;
            }
            if (response.status !== 200) throw new Error(`batch answered ${response.status}: ${JSON.stringify(response.body)}`);
            latenciesMs.push(performance.now() - sentAt);
            for (const result of (response.body as SyncBatchResponse).results) {
              if (result.status === 'approved') approved += 1;
              else refused += 1;
            }
            break;
          }
        }
      }),
    );
    const seconds = (performance.now() - startedAt) / 1000;
    latenciesMs.sort((a, b) => a - b);
    return {
      bench: 'host-batch',
      engine,
      payments: PAYMENTS,
      batchSize: BATCH,
      clients: CLIENTS,
      approved,
      refused,
      throttled429: throttled,
      seconds: Number(seconds.toFixed(2)),
      paymentsPerSecond: Math.round(approved / seconds),
      batchP50Ms: Math.round(latenciesMs[Math.floor(latenciesMs.length * 0.5)] ?? 0),
      batchP95Ms: Math.round(latenciesMs[Math.floor(latenciesMs.length * 0.95)] ?? 0),
    };
  } finally {
    await stopHost(host);
    await postgres?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const engines: Array<'sqlite' | 'postgres'> = ['sqlite', ...(process.env.DATABASE_URL?.startsWith('postgres://') ? (['postgres'] as const) : [])];
for (const engine of engines) console.log(JSON.stringify(await benchOne(engine)));
