/**
 * Benchmark (not a test): 1,000 payments queued in a device outbox (fake-indexeddb in node, the
 * real enqueuePayment and syncIfPossible) synced to a host process over loopback (SQLite).
 * Prints one JSON line: seconds to enqueue, seconds to sync everything. Bounded in rounds and time.
 *   node --import tsx bench/sync-1000.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshTestDb } from '../src/db/testDb.testkit';
import { recomputeProvisional, writeMeta, type OutboxCommand } from '../src/db/db';
import { enqueuePayment } from '../src/sync/enqueue';
import { refreshSnapshot } from '../src/sync/refreshSnapshot';
import { syncIfPossible, type Transport } from '../src/sync/syncIfPossible';
import { DEMO_WORKERS } from '../server/src/demo/demo-data';
import { freePort, HostClient, startHost, stopHost, type HostProcess } from '../server/test/host-process';
import { amountCapture } from '../server/test/offline-payments';

const PAYMENTS = Number(process.env.BENCH_QUEUED ?? 1_000);
const RECIPIENTS = ['rcp-06', 'rcp-07', 'rcp-08'];
const DEADLINE_MS = 120_000;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'evoucher-bench-sync-'));
let host: HostProcess | undefined;
const { db } = freshTestDb();
try {
  host = await startHost({ dataDir, databaseUrl: null, port: await freePort(), env: { OFFLINE_MAX_COUNT: String(PAYMENTS) } });
  const client = new HostClient(host.baseUrl);
  await client.login(DEMO_WORKERS[0]!);
  const baseUrl = host.baseUrl;
  // What the service worker's fetch does on one origin: relative URL, the session cookie along.
  const transport: Transport = (url, init) =>
    fetch(`${baseUrl}${url}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: client.cookie } });

  const refreshed = await refreshSnapshot(db, { transport });
  if (!refreshed.ok) throw new Error(`snapshot: ${refreshed.code}`);
  await writeMeta(db, 'limits', { maxAgeMs: 72 * 3_600_000, maxCount: PAYMENTS, maxAmountKrw: 100_000_000 });

  // The first payments go through the real enqueuePayment (timed: 확인 → durable); the rest are
  // written as the same outbox rows in one bulk transaction, because enqueuePayment re-reads every
  // pending item per call (quadratic: ~220 s for 1,000 under fake-indexeddb), and the device caps
  // keep a real outbox near 50 anyway. What is measured below is the sync, not the queueing.
  const now = Date.now();
  const recipientOf = (n: number): string => RECIPIENTS[n % RECIPIENTS.length]!;
  const workerId = DEMO_WORKERS[0]!.id;
  const capture = (n: number) => {
    const capturedAt = now - (PAYMENTS - n) * 10;
    return { kind: 'payment' as const, workerId, ...amountCapture(recipientOf(n), 100, capturedAt, { serviceStartAt: capturedAt }) };
  };
  const voucherOf = new Map((await db.vouchers.toArray()).map((voucher) => [voucher.recipientId, voucher.voucherId]));
  const ENQUEUED = Math.min(50, PAYMENTS);
  const enqueueStartedAt = performance.now();
  for (let n = 0; n < ENQUEUED; n++) {
    const payment = capture(n);
    const result = await enqueuePayment(db, payment, { now: () => payment.capturedAt });
    if (!result.ok) throw new Error(`enqueue ${n}: ${result.code}`);
  }
  const enqueueSeconds = (performance.now() - enqueueStartedAt) / 1000;
  const template = (await db.commands.toArray())[0]!;
  const rest: OutboxCommand[] = Array.from({ length: PAYMENTS - ENQUEUED }, (_, i) => {
    const command = capture(ENQUEUED + i);
    return {
      ...template,
      id: command.paymentId,
      command,
      capturedAt: command.capturedAt,
      amountKrw: command.amountKrw,
      voucherId: voucherOf.get(recipientOf(ENQUEUED + i)) ?? null,
      nextAttemptAt: command.capturedAt,
      enqueuedAt: command.capturedAt,
    };
  });
  await db.transaction('rw', [db.commands, db.vouchers], async () => {
    await db.commands.bulkAdd(rest);
    await recomputeProvisional(db, [...voucherOf.values()]);
  });

  const syncStartedAt = performance.now();
  const deadline = Date.now() + DEADLINE_MS;
  let approved = 0;
  let refused = 0;
  let runs = 0;
  let remaining = PAYMENTS;
  while (remaining > 0 && runs < 50 && Date.now() < deadline) {
    runs += 1;
    const summary = await syncIfPossible(db, { transport, timeoutMs: 60_000 });
    approved += summary.approved;
    refused += summary.refused;
    remaining = summary.remaining;
    // A 429 puts items on a short backoff: the device would simply try again a moment later.
    if (remaining > 0) await db.commands.toCollection().modify({ nextAttemptAt: 0 });
  }
  const syncSeconds = (performance.now() - syncStartedAt) / 1000;
  console.log(
    JSON.stringify({
      bench: 'sync-1000',
      engine: 'sqlite',
      queued: PAYMENTS,
      approved,
      refused,
      remaining,
      syncRuns: runs,
      enqueued50Seconds: Number(enqueueSeconds.toFixed(2)),
      syncSeconds: Number(syncSeconds.toFixed(2)),
      paymentsPerSecond: Math.round(approved / syncSeconds),
    }),
  );
} finally {
  db.close();
  await stopHost(host);
  rmSync(dataDir, { recursive: true, force: true });
}
