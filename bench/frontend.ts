/**
 * Benchmark (not a test), issue 8: the provider app's first load. Builds the apps into a temporary
 * folder (the same `vite build` as `npm run build`, brotli and gzip copies included), then
 *   initial JS: the scripts index.html loads or preloads and every chunk they import statically —
 *               what runs before the first screen — raw, gzip and brotli (the bytes the host sends);
 *   Lighthouse: the real host serving that build, audited by Lighthouse from the npm registry
 *               (mobile: simulated slow 4G and 4× CPU, its defaults) in the system Chromium, a fresh
 *               profile each run (first visit: no service worker, no cache). BENCH_LIGHTHOUSE_RUNS
 *               runs (3 by default); the median of each metric. BENCH_LIGHTHOUSE_REPORT=<file>
 *               keeps the last run's whole report.
 * Prints one JSON line per figure with its goal (issue 8: ≤ 50 KB gzip; LCP ≤ 1.5 s, TBT ≤ 50 ms,
 * CLS ≤ 0.02) and the ratio figure / goal (≤ 1 meets it).
 *   node --import tsx bench/frontend.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lighthouse from 'lighthouse';
import { build } from 'vite';
import { CHROMIUM_ARGS } from '../playwright.config';
import { freePort, REPO_ROOT, startHost, stopHost, type HostProcess } from '../server/test/host-process';

const RUNS = Math.max(1, Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3));
const GOAL_INITIAL_JS_GZIP_KB = 50;
const GOAL = { lcpMs: 1500, tbtMs: 50, cls: 0.02 };

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
const ratio = (value: number, goal: number) => Math.round((value / goal) * 100) / 100;
/** The median of the runs that measured it (a run Lighthouse could not trace gives NaN). */
const median = (values: readonly number[]) => {
  const measured = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return measured[Math.floor(measured.length / 2)] ?? Number.NaN;
};

/** The chunks the page runs before its first screen: index.html's scripts and their static imports. */
function initialScripts(distDir: string): string[] {
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const roots = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(path.join(distDir, file), 'utf8');
    // Static imports only (`import{…}from"./x.js"`, `import"./x.js"`); `import("./x.js")` loads later.
    for (const m of code.matchAll(/\bimport\s*(?:[\w${},\s*]+?\s*from\s*)?["'](\.\/[^"']+\.js)["']/g)) {
      visit(path.posix.join(path.posix.dirname(file), m[1]!));
    }
  };
  for (const root of roots) visit(root);
  return [...seen];
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function initialJs(distDir: string) {
  const files = initialScripts(distDir);
  const sum = (suffix: string) =>
    files.reduce((total, file) => total + (sizeOf(path.join(distDir, file + suffix)) || sizeOf(path.join(distDir, file))), 0);
  const gzipBytes = sum('.gz');
  return {
    bench: 'frontend/initial-js',
    files,
    rawKb: kb(sum('')),
    gzipKb: kb(gzipBytes),
    brotliKb: kb(sum('.br')),
    goalGzipKb: GOAL_INITIAL_JS_GZIP_KB,
    ratio: ratio(gzipBytes / 1024, GOAL_INITIAL_JS_GZIP_KB),
  };
}

/** The system Chromium with a fresh profile and a DevTools port, as Lighthouse wants it. */
async function launchChromium(profileDir: string): Promise<{ port: number; stop(): Promise<void> }> {
  const child = spawn(
    process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    [
      ...CHROMIUM_ARGS,
      // As Playwright does for root: Chromium's sandbox cannot start as root.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--headless=new',
      '--remote-debugging-port=0',
      `--user-data-dir=${profileDir}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`chromium gave no DevTools port:\n${log}`)), 20_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const found = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(log);
      if (found) {
        clearTimeout(timer);
        resolve(Number(found[1]));
      }
    });
    child.once('exit', () => reject(new Error(`chromium exited:\n${log}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    port,
    stop: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function lighthouseRun(url: string) {
  const profileDir = mkdtempSync(path.join(os.tmpdir(), 'evoucher-lh-profile-'));
  const chromium = await launchChromium(profileDir);
  try {
    const result = await lighthouse(url, { port: chromium.port, onlyCategories: ['performance'], logLevel: 'error', output: 'json' });
    if (!result) throw new Error('lighthouse gave no result');
    if (result.lhr.runtimeError) console.error(`lighthouse: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
    // BENCH_LIGHTHOUSE_REPORT=<file>: the whole report of the last run, to see where the time goes.
    if (process.env.BENCH_LIGHTHOUSE_REPORT) writeFileSync(process.env.BENCH_LIGHTHOUSE_REPORT, JSON.stringify(result.lhr));
    const audits = result.lhr.audits;
    const numeric = (id: string) => audits[id]?.numericValue ?? Number.NaN;
    type Request = { transferSize?: number; resourceType?: string };
    const requests = (audits['network-requests']?.details as { items?: Request[] } | undefined)?.items ?? [];
    return {
      lcpMs: numeric('largest-contentful-paint'),
      tbtMs: numeric('total-blocking-time'),
      cls: numeric('cumulative-layout-shift'),
      fcpMs: numeric('first-contentful-paint'),
      score: result.lhr.categories.performance?.score ?? Number.NaN,
      scriptTransferKb: kb(requests.filter((r) => r.resourceType === 'Script').reduce((s, r) => s + (r.transferSize ?? 0), 0)),
      lighthouse: result.lhr.lighthouseVersion,
      chromium: result.lhr.environment.hostUserAgent.match(/Chrome\/[\d.]+/)?.[0] ?? '',
    };
  } finally {
    await chromium.stop();
    rmSync(profileDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

const workDir = mkdtempSync(path.join(os.tmpdir(), 'evoucher-bench-frontend-'));
const distDir = path.join(workDir, 'dist');
let host: HostProcess | undefined;
try {
  await build({
    root: REPO_ROOT,
    configFile: path.join(REPO_ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: distDir, emptyOutDir: true },
  });
  console.log(JSON.stringify(initialJs(distDir)));

  host = await startHost({
    dataDir: workDir,
    databaseUrl: null,
    port: await freePort(),
    env: { DIST_DIR: distDir, LOGIN_RATE_LIMIT_PER_MINUTE: '100000' },
  });
  // localhost: a secure context, as the phone's https origin is (service worker, crypto.randomUUID).
  const url = `${host.baseUrl.replace('127.0.0.1', 'localhost')}/`;
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await lighthouseRun(url));
  const lcpMs = Math.round(median(runs.map((r) => r.lcpMs)));
  const tbtMs = Math.round(median(runs.map((r) => r.tbtMs)));
  const cls = Math.round(median(runs.map((r) => r.cls)) * 1000) / 1000;
  console.log(
    JSON.stringify({
      bench: 'frontend/lighthouse',
      what: 'provider app first visit, Lighthouse mobile defaults (simulated slow 4G, 4x CPU), median of runs',
      runs: RUNS,
      lighthouse: runs[0]!.lighthouse,
      chromium: runs[0]!.chromium,
      lcpMs,
      tbtMs,
      cls,
      fcpMs: Math.round(median(runs.map((r) => r.fcpMs))),
      score: median(runs.map((r) => r.score)),
      scriptTransferKb: median(runs.map((r) => r.scriptTransferKb)),
      goal: GOAL,
      ratio: { lcp: ratio(lcpMs, GOAL.lcpMs), tbt: ratio(tbtMs, GOAL.tbtMs), cls: ratio(cls, GOAL.cls) },
      each: runs.map((r) => ({ lcpMs: Math.round(r.lcpMs), tbtMs: Math.round(r.tbtMs), cls: Math.round(r.cls * 1000) / 1000 })),
    }),
  );
} finally {
  await stopHost(host);
  rmSync(workDir, { recursive: true, force: true });
}
