import { test, type BrowserContext, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BACKGROUND_SYNC_TAG } from '../src/sync/triggers';
import { freePort, REPO_ROOT, startHost, stopHost, type HostProcess } from '../server/test/host-process';
import { expect, openVoucher, recipientOf, won } from './fixtures';
import { installApp, launchProfile, payAmountOffline, readStore } from './offline-steps';

/**
 * SW 업데이트 (SPEC §5.9) in a real profile. Version 1 (the normal build) is installed online and
 * two card payments are queued with no signal. Version 2 is then deployed: the same sources with
 * one more Dexie schema version whose upgrade rewrites every outbox command, built with
 * EVOUCHER_APP_VERSION=0.1.1-e2e, served by a restarted host on the same data. Back online the
 * app finds the new version and offers 업데이트; tapped on a voucher screen it waits until the
 * payment screen is left, then reloads into v2. The queue survives the upgrade and syncs once.
 *
 * The spec runs its own host behind a small gate (one origin for the whole test, so the service
 * worker and IndexedDB carry over the restart). Until v2 is running, the gate turns away sync
 * batches with 401 — the answer the syncer keeps items for without a backoff — so that what v2
 * finds in the outbox is exactly what v1 queued; the service worker's own Background Sync would
 * otherwise send the queue the moment the network is back, before the update.
 */
const NEXT_VERSION = '0.1.1-e2e';
const rehab = recipientOf('rcp-06'); // 김명연, 발달재활
const language = recipientOf('rcp-07'); // 윤서연, 언어발달

let root: string;
let context: BrowserContext | undefined;
let host: HostProcess | undefined;
let gate: Gate | undefined;

test.afterEach(async () => {
  // Each step runs even if an earlier one fails, so no host process outlives the test.
  await context?.close().catch(() => undefined);
  await stopHost(host).catch(() => undefined);
  await gate?.close().catch(() => undefined);
  if (root) rmSync(root, { recursive: true, force: true });
});

interface Gate {
  readonly port: number;
  upstreamPort: number;
  /** While true, sync batches are answered 401 and never reach the host. */
  holdSync: boolean;
  close(): Promise<void>;
}

/** A reverse proxy on a fixed port in front of whichever host process is current. */
async function startGate(upstreamPort: number): Promise<Gate> {
  const port = await freePort();
  const server = http.createServer((request, response) => {
    if (state.holdSync && request.method === 'POST' && request.url?.startsWith('/api/sync/')) {
      request.resume();
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: '1003', message: 'sync held by the test gate' }));
      return;
    }
    const upstream = http.request(
      { host: '127.0.0.1', port: state.upstreamPort, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const state: Gate = {
    port,
    upstreamPort,
    holdSync: false,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return state;
}

/**
 * Builds "v2" from a copy of the working tree into `outDir`: db.ts gains version(n + 1) with a new
 * table and an upgrade that touches every outbox row (and counts them), as a shipped schema
 * change would. node_modules is a symlink, so the build takes seconds.
 */
function buildNextVersion(workDir: string, outDir: string): Promise<void> {
  mkdirSync(workDir, { recursive: true });
  const tsconfigs = readdirSync(REPO_ROOT).filter((name) => /^tsconfig.*\.json$/.test(name));
  for (const entry of ['index.html', 'portal', 'admin', 'public', 'src', 'workers', 'tools', 'package.json', 'vite.config.ts', ...tsconfigs]) {
    cpSync(path.join(REPO_ROOT, entry), path.join(workDir, entry), { recursive: true });
  }
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(workDir, 'node_modules'), 'dir');

  const dbFile = path.join(workDir, 'src/db/db.ts');
  const source = readFileSync(dbFile, 'utf8');
  const latest = Math.max(...[...source.matchAll(/db\.version\((\d+)\)/g)].map((m) => Number(m[1])));
  const end = '\n  return db;\n}';
  if (!Number.isFinite(latest) || !source.includes(end)) throw new Error('src/db/db.ts changed shape: update buildNextVersion');
  const nextVersion = `
  db.version(${latest + 1}).stores({ e2eUpgrade: 'id' }).upgrade(async (tx) => {
    const rows = await tx.table('commands').toCollection().modify((item: Record<string, unknown>) => {
      item.upgradedTo = '${NEXT_VERSION}';
    });
    await tx.table('e2eUpgrade').put({ id: 'commands', rows });
  });`;
  writeFileSync(dbFile, source.replace(end, `${nextVersion}${end}`));

  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
      {
        cwd: workDir,
        env: { ...process.env, EVOUCHER_APP_VERSION: NEXT_VERSION, EVOUCHER_BUILD_ID: 'e2e-v2' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`v2 build failed (${code}):\n${log}`))));
  });
}

/** The version the controlling service worker reports (GET_VERSION), or null without one. */
function controllerVersion(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      new Promise<string | null>((resolve) => {
        const controller = navigator.serviceWorker.controller;
        if (!controller) return resolve(null);
        const channel = new MessageChannel();
        channel.port1.onmessage = (event) => resolve((event.data as { version: string }).version);
        controller.postMessage({ type: 'GET_VERSION' }, [channel.port2]);
        setTimeout(() => resolve(null), 10_000);
      }),
  );
}

/** What Chromium does when the network returns to a page that asked for Background Sync, on demand (CDP). */
async function dispatchBackgroundSync(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  const registrations: { registrationId: string; isDeleted: boolean }[] = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => registrations.push(...event.registrations));
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => registrations.filter((r) => !r.isDeleted).length).toBeGreaterThan(0);
  const { registrationId } = registrations.filter((r) => !r.isDeleted).at(-1)!;
  await cdp.send('ServiceWorker.dispatchSyncEvent', {
    origin: new URL(page.url()).origin,
    registrationId,
    tag: BACKGROUND_SYNC_TAG,
    lastChance: false,
  });
  await cdp.detach();
}

function hostBalance(dataDir: string, recipientId: string): number {
  const db = new Database(path.join(dataDir, 'evoucher.sqlite'), { readonly: true });
  try {
    const row = db.prepare('SELECT balance_krw AS balance FROM vouchers WHERE recipient_id = ? ORDER BY month DESC LIMIT 1').get(recipientId) as {
      balance: number;
    };
    return Number(row.balance);
  } finally {
    db.close();
  }
}

test('an update deployed while payments wait offline keeps the queue through the Dexie upgrade, waits for the payment screen, and syncs once', async () => {
  root = mkdtempSync(path.join(tmpdir(), 'evoucher-update-'));
  const dataDir = path.join(root, 'data');
  const v1Dir = path.join(root, 'v1');
  const v2Dir = path.join(root, 'v2');
  expect(existsSync(path.join(REPO_ROOT, 'dist/sw.js')), 'build v1 first (npm run build)').toBe(true);
  cpSync(path.join(REPO_ROOT, 'dist'), v1Dir, { recursive: true });
  const v2Built = buildNextVersion(path.join(root, 'v2-src'), v2Dir);
  v2Built.catch(() => undefined);

  // v1 online: install, let the service worker take control, learn the vouchers.
  host = await startHost({ dataDir, databaseUrl: null, port: await freePort(), env: { DIST_DIR: v1Dir } });
  gate = await startGate(Number(new URL(host.baseUrl).port));
  // The browser must revalidate sw.js on every check, or it would not see v2 for up to a day.
  expect((await fetch(`${host.baseUrl}/sw.js`)).headers.get('cache-control')).toBe('no-cache');
  context = await launchProfile(path.join(root, 'profile'), `http://localhost:${gate.port}`);
  const page = context.pages()[0] ?? (await context.newPage());
  await installApp(page);
  await expect.poll(() => controllerVersion(page)).toBe('0.1.0');
  await expect.poll(async () => (await readStore(page, 'vouchers')).length).toBeGreaterThan(0);
  const before = { rehab: hostBalance(dataDir, rehab.id), language: hostBalance(dataDir, language.id) };

  // 통신음영지역: two card payments wait in the outbox.
  await context.setOffline(true);
  await payAmountOffline(page, '발달재활', rehab.cardToken, 15_000);
  await payAmountOffline(page, '언어발달', language.cardToken, 20_000);
  await expect(page.getByTestId('pending-count')).toHaveText('전송 대기 2건');
  const queuedIds = (await readStore<{ id: string }>(page, 'commands')).map((item) => item.id).sort();
  expect(queuedIds).toHaveLength(2);

  // Deploy v2: same data, new build, the host restarted behind the same origin.
  gate.holdSync = true;
  await v2Built;
  await stopHost(host, 'SIGTERM');
  host = await startHost({ dataDir, databaseUrl: null, port: await freePort(), env: { DIST_DIR: v2Dir } });
  gate.upstreamPort = Number(new URL(host.baseUrl).port);

  // Back in signal: the new version is found and downloaded, but nothing takes over by itself.
  await context.setOffline(false);
  const prompt = page.getByRole('region', { name: 'SW 업데이트 알림' });
  await expect(prompt.getByRole('button', { name: '업데이트' })).toBeVisible({ timeout: 20_000 });
  await expect(prompt).toContainText('새 버전이 있습니다.');
  // The new worker reported its precache file by file (PRECACHE_PROGRESS), so the download is known complete.
  await expect(prompt).toContainText('다운로드 완료');
  expect(await controllerVersion(page), 'v1 still controls the page').toBe('0.1.0');

  // 업데이트 tapped on a voucher screen: it waits until the payment screen is left.
  await openVoucher(page, '발달재활', rehab.cardToken);
  await prompt.getByRole('button', { name: '업데이트' }).click();
  await expect(prompt).toContainText('결제를 마친 뒤 업데이트됩니다.');
  await page.waitForTimeout(500);
  expect(await controllerVersion(page), 'v1 still controls the page during the payment').toBe('0.1.0');
  await expect(page.getByRole('button', { name: '서비스 결제' })).toBeVisible();
  await page.evaluate(() => Object.assign(window, { __beforeUpdate: true })); // gone after the reload
  await page.getByRole('button', { name: '취소', exact: true }).click();

  // Leaving the payment screen applies it: v2 takes over and the page reloads into it.
  // Watched from the page only: messages to the old worker would keep it busy, and Chromium
  // activates a skip-waiting worker once the old one is idle.
  await expect.poll(() => page.evaluate(() => '__beforeUpdate' in window).catch(() => true), { timeout: 15_000 }).toBe(false);
  await expect.poll(() => controllerVersion(page)).toBe(NEXT_VERSION);
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();
  await expect(prompt).toHaveCount(0);

  // The queue came through the schema upgrade untouched in number and content.
  await expect(page.getByTestId('pending-count')).toHaveText('전송 대기 2건');
  // (v2's start-up sync may be mid-flight against the closed gate: 'sending' is still in the queue.)
  const upgraded = await readStore<{ id: string; syncState: string; upgradedTo?: string }>(page, 'commands');
  expect(upgraded.map((item) => item.id).sort()).toEqual(queuedIds);
  expect(upgraded.map((item) => item.upgradedTo)).toEqual([NEXT_VERSION, NEXT_VERSION]);
  expect(upgraded.map((item) => item.syncState).filter((state) => state !== 'queued' && state !== 'sending')).toEqual([]);
  expect(await readStore(page, 'e2eUpgrade')).toEqual([{ id: 'commands', rows: 2 }]);

  // 단말정보 shows the new version.
  await page.getByRole('button', { name: '환경설정' }).click();
  await expect(page.getByTestId('sw-version')).toContainText(NEXT_VERSION);
  await expect(page.getByTestId('payment-version')).toHaveText('1042');
  await page.getByRole('button', { name: '이전' }).click();

  // The host takes batches again. No page trigger is due (v2's start-up run met the closed gate;
  // the timer is a minute away), so what sends the upgraded queue is v2's service worker on a
  // Background Sync event, running the same syncer — each payment once.
  gate.holdSync = false;
  await page.getByTestId('pending-count').click();
  await expect(page.getByTestId('sync-pending-count')).toHaveText('2건');
  await dispatchBackgroundSync(context, page);
  await expect(page.getByTestId('sync-pending-count')).toHaveText('0건', { timeout: 15_000 });
  await expect(page.getByTestId('receipt-approval-number')).toHaveCount(2);
  for (const number of await page.getByTestId('receipt-approval-number').allInnerTexts()) expect(number).toMatch(/^\d{12}$/);
  expect(await readStore(page, 'commands')).toHaveLength(0);

  const db = new Database(path.join(dataDir, 'evoucher.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare(`SELECT id, status, mode, amount_krw AS amount FROM payments WHERE id IN (?, ?) ORDER BY amount_krw`)
      .all(...queuedIds) as { id: string; status: string; mode: string; amount: number }[];
    expect(rows.map(({ status, mode, amount }) => ({ status, mode, amount }))).toEqual([
      { status: 'approved', mode: 'offline', amount: 15_000 },
      { status: 'approved', mode: 'offline', amount: 20_000 },
    ]);
  } finally {
    db.close();
  }
  expect(hostBalance(dataDir, rehab.id)).toBe(before.rehab - 15_000);
  expect(hostBalance(dataDir, language.id)).toBe(before.language - 20_000);
  await expect(page.getByText(won(before.rehab - 15_000)).first()).toBeVisible();
});
