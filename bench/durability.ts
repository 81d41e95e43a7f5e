/**
 * Benchmark (not a test): 확인 → durable in IndexedDB. In Chromium with a real on-disk profile
 * (launchPersistentContext: an incognito context may keep IndexedDB in memory), a page runs the
 * app's own enqueuePayment (src/sync, bundled here with esbuild) for N captures and times each
 * call from start to resolve — it resolves after the strict-durability transaction committed, which
 * is the moment the screen may say 전송 대기. Then again with 4× CPU throttling (CDP
 * Emulation.setCPUThrottlingRate). Each capture pays from a snapshot voucher, as on the voucher
 * screen: its provisional balance is checked and lowered in the same transaction. The outbox is
 * emptied every 50 captures (as a sync would), so
 * it stays at the size the default device cap allows. The page is served by page.route on a
 * loopback origin: nothing is sent anywhere.
 *   node --import tsx bench/durability.ts          (BENCH_CAPTURES=200 by default)
 * Prints one JSON line, with a bare Dexie write of the same payment as the floor.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';

const CAPTURES = Math.min(Math.max(Number(process.env.BENCH_CAPTURES ?? 200), 1), 2_000);
const ROUND = 50;
// localhost is a secure context (crypto.randomUUID); page.route answers before any socket opens.
const ORIGIN = 'http://localhost:59999';
const here = path.dirname(fileURLToPath(import.meta.url));

/** The page side: the real device database and enqueuePayment, one timed call per capture. */
const PAGE_ENTRY = `
import { openDeviceDb } from './src/db/db';
import { enqueuePayment } from './src/sync/enqueue';

async function run(dbName, captures, round) {
  const db = openDeviceDb(dbName);
  await db.open();
  await db.meta.put({ key: 'limits', value: { maxAgeMs: 72 * 3600000, maxCount: round, maxAmountKrw: 1000000000 } });
  // The app's path: the voucher screen showed a snapshot voucher, whose provisional balance the
  // capture checks and lowers in the same transaction.
  await db.vouchers.put({
    voucherId: 'v-bench', recipientId: 'rcp-bench', recipientMasked: '김**', programId: 'developmental-rehab',
    serviceCode: '070101', voucherMonth: '2026-12', balanceKrw: 1000000000, cardHashes: [], openService: null,
    balanceAt: Date.now(), provisionalBalanceKrw: 1000000000, pendingCount: 0,
  });
  const times = [];
  const bare = [];
  for (let i = 0; i < captures; i++) {
    if (i > 0 && i % round === 0) await db.commands.clear();
    const now = Date.now();
    const payment = {
      kind: 'payment', workerId: 'wrk-kim',
      paymentId: crypto.randomUUID(), programId: 'developmental-rehab',
      card: { kind: 'nfc', token: 'EVC-d1e2f356-dev' }, method: 'card', mode: 'offline', reason: 'dead-zone',
      serviceStartAt: now, serviceEndAt: now, minutesByType: {}, amountKrw: 1000 + i, capturedAt: now,
    };
    const t0 = performance.now();
    const result = await enqueuePayment(db, payment, { voucherId: 'v-bench', checkBalance: true });
    const t1 = performance.now();
    if (!result.ok) throw new Error('enqueue refused: ' + result.code);
    times.push(t1 - t0);
    // The floor: one bare Dexie write of the same payment, in the same database and durability.
    const t2 = performance.now();
    await db.meta.put({ key: 'bench-floor', value: payment });
    bare.push(performance.now() - t2);
  }
  db.close();
  return { times, bare };
}
window.__runDurability = run;
`;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

function summarize(times: readonly number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    maxMs: round(sorted[sorted.length - 1] ?? NaN),
    meanMs: round(sorted.reduce((s, t) => s + t, 0) / sorted.length),
  };
}

const bundle = await build({
  stdin: { contents: PAGE_ENTRY, resolveDir: path.resolve(here, '..'), loader: 'js' },
  bundle: true,
  format: 'iife',
  target: 'es2022',
  write: false,
  define: { __APP_VERSION__: '"bench"' },
  logLevel: 'silent',
});
const script = bundle.outputFiles[0]!.text;

const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'evoucher-bench-durability-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
  headless: true,
});
try {
  await context.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/bench.js') return route.fulfill({ contentType: 'text/javascript', body: script });
    return route.fulfill({ contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><script src="/bench.js"></script>' });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction(() => typeof (window as unknown as { __runDurability?: unknown }).__runDurability === 'function');
  const run = (dbName: string) =>
    page.evaluate(
      ([name, captures, round]) =>
        (window as unknown as { __runDurability(n: string, c: number, r: number): Promise<{ times: number[]; bare: number[] }> }).__runDurability(
          name,
          captures,
          round,
        ),
      [dbName, CAPTURES, ROUND] as const,
    );

  const normal = await run('bench-durability-1x');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const throttled = await run('bench-durability-4x');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

  console.log(
    JSON.stringify({
      bench: 'durability',
      what: '확인 → enqueuePayment resolved (strict durability commit), Chromium, on-disk profile',
      captures: CAPTURES,
      outboxSizeUpTo: ROUND,
      browser: context.browser()?.version() ?? 'chromium',
      cpu1x: summarize(normal.times),
      cpu4x: summarize(throttled.times),
      floor: { what: 'a bare Dexie put of the same payment, same database', cpu1x: summarize(normal.bare), cpu4x: summarize(throttled.bare) },
      goalCpu4xP95Ms: 25,
      ratio: {
        cpu4xP95ToFloor: Math.round((summarize(throttled.times).p95Ms / summarize(throttled.bare).p95Ms) * 100) / 100,
        cpu4xP95ToGoal: Math.round((summarize(throttled.times).p95Ms / 25) * 100) / 100,
      },
    }),
  );
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
