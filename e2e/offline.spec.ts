import { test, type BrowserContext } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { E2E_PORT } from '../playwright.config';
import { DEMO_WORKERS } from '../server/src/demo/demo-data';
import { backdateOpenService, expect, hostDb, installFakeNfc, login, openVoucher, recipientOf, typeOnKeypad, voucherOf, won } from './fixtures';
import { installApp, launchProfile, payAmountOffline, readStore } from './offline-steps';

/**
 * 통신음영지역 in a real profile: the app is installed online (service worker in control), then
 * payments are taken with the network cut (context.setOffline), the page is closed and reopened
 * with no network (served by the service worker), and on coming back the outbox syncs to the host.
 * A persistent context (a real user-data dir) is used because only it proves IndexedDB survives.
 * Recipients charged here: 김명연 (발달재활), 이도윤 (부모상담), 오세훈 (가사간병), 강하준 (low);
 * the balances are read before and compared as differences, so earlier files may charge them too.
 */
test.describe.configure({ mode: 'serial' });

const rehab = recipientOf('rcp-06'); // 김명연, 발달재활
const parent = recipientOf('rcp-08'); // 이도윤, 부모상담
const homeCare = recipientOf('rcp-05'); // 오세훈, 가사간병방문지원
const lowBalance = recipientOf('rcp-09'); // 강하준, 발달재활, 10,000원

const BASE_URL = `http://localhost:${E2E_PORT}`;

let userDataDir: string;
let context: BrowserContext;

test.beforeAll(async () => {
  userDataDir = mkdtempSync(path.join(tmpdir(), 'evoucher-offline-'));
  context = await launchProfile(userDataDir, BASE_URL);
});

test.afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

interface VoucherRowSeen {
  voucherId: string;
  recipientId: string;
  programId: string;
  balanceKrw: number;
  openService: { id: string; startedAt: number } | null;
}

test('three card payments taken offline survive closing the app and sync once the network is back', async () => {
  const page = context.pages()[0] ?? (await context.newPage());
  await installApp(page);

  const before = {
    rehab: voucherOf(rehab.id, 'developmental-rehab').balanceKrw,
    parent: voucherOf(parent.id, 'parent-counseling').balanceKrw,
    homeCare: voucherOf(homeCare.id, 'home-care').balanceKrw,
  };

  // A 가사간병 visit starts online, an hour ago; the device learns it from the snapshot at start.
  await openVoucher(page, '가사간병방문지원', homeCare.cardToken);
  await page.getByRole('button', { name: '서비스 시작' }).click();
  await expect(page.getByText('서비스가 시작되었습니다', { exact: false })).toBeVisible();
  backdateOpenService(homeCare.id, 60);
  await page.reload();
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();
  await expect
    .poll(async () => {
      const rows = await readStore<VoucherRowSeen>(page, 'vouchers');
      const row = rows.find((r) => r.recipientId === homeCare.id);
      return row?.openService ? Date.now() - row.openService.startedAt > 59 * 60_000 : false;
    })
    .toBe(true);

  // 통신음영지역.
  await context.setOffline(true);
  await expect(page.getByRole('status').filter({ hasText: '오프라인 — 결제는 기기에 저장되고 통신이 되면 전송됩니다' })).toBeVisible();

  // QR and biometric payment say they need the network.
  await page.getByRole('button', { name: '발달재활', exact: true }).click();
  await expect(page.getByText('QR결제와 생체인증결제는 통신이 필요합니다', { exact: false })).toBeVisible();
  await expect(page.getByText('오류코드 2123')).toBeVisible();
  await page.getByRole('button', { name: '이전' }).click();

  await payAmountOffline(page, '발달재활', rehab.cardToken, 12_000, before.rehab);
  await expect(page.getByTestId('pending-count')).toHaveText('전송 대기 1건');
  await payAmountOffline(page, '부모상담', parent.cardToken, 10_000, before.parent);
  await expect(page.getByTestId('pending-count')).toHaveText('전송 대기 2건');

  // The visit started online is paid offline: the split runs from the host's start.
  await openVoucher(page, '가사간병방문지원', homeCare.cardToken);
  await expect(page.getByText('잔액 (전송 대기 반영, 임시)')).toBeVisible();
  await expect(page.getByTestId('service-started')).toBeVisible();
  await page.getByRole('button', { name: '서비스 결제' }).click();
  await expect(page.getByTestId('total-time')).toHaveText(/^1시간 [01]분$/);
  await page.getByRole('button', { name: '가사 남은 시간 모두', exact: true }).click();
  const homeCareAmountKrw = Number(((await page.getByTestId('payment-amount').textContent()) ?? '').replace(/[^0-9]/g, ''));
  expect(homeCareAmountKrw).toBeGreaterThanOrEqual(17_800);
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByText('결제가 기기에 저장되었습니다. 통신이 되면 자동으로 전송됩니다.')).toBeVisible();
  await expect(page.getByTestId('pending-count')).toHaveText('전송 대기 3건');

  // Nothing reached the host.
  expect(voucherOf(rehab.id, 'developmental-rehab').balanceKrw).toBe(before.rehab);
  expect(voucherOf(parent.id, 'parent-counseling').balanceKrw).toBe(before.parent);
  expect(voucherOf(homeCare.id, 'home-care').balanceKrw).toBe(before.homeCare);

  // Close the app; open it again with no network: the service worker serves it, the queue is there.
  await page.close();
  const reopened = await context.newPage();
  await reopened.goto('/');
  await expect(reopened.getByRole('button', { name: '환경설정' })).toBeVisible();
  await expect(reopened.getByRole('status').filter({ hasText: '오프라인' })).toBeVisible();
  await expect(reopened.getByTestId('pending-count')).toHaveText('전송 대기 3건');
  const outbox = await readStore<{
    syncState: string;
    workerId: string;
    command: { kind: string; workerId: string; mode: string; reason: string; amountKrw: number };
  }>(reopened, 'commands');
  expect(outbox).toHaveLength(3);
  expect(
    outbox.every(
      (item) =>
        item.syncState === 'queued' && item.command.kind === 'payment' && item.command.mode === 'offline' && item.command.reason === 'dead-zone',
    ),
  ).toBe(true);
  // Each carries the worker who captured it.
  expect(outbox.every((item) => item.workerId === 'wrk-kim' && item.command.workerId === 'wrk-kim')).toBe(true);
  expect(outbox.map((item) => item.command.amountKrw).sort((a, b) => a - b)).toEqual([10_000, 12_000, homeCareAmountKrw].sort((a, b) => a - b));

  // Logging out now would strand the payments: refused, saying why.
  await reopened.getByRole('button', { name: '환경설정' }).click();
  await reopened.getByRole('button', { name: '로그아웃' }).click();
  await expect(reopened.getByRole('alert')).toContainText('전송 대기 중인 결제가 있어 로그아웃할 수 없습니다');
  await expect(reopened.getByRole('alert')).toContainText('오류코드 2124');
  await reopened.getByRole('button', { name: '전송 현황' }).click();
  await expect(reopened.getByTestId('sync-pending-count')).toHaveText('3건');
  await expect(reopened.getByTestId('sync-pending-amount')).toHaveText(won(22_000 + homeCareAmountKrw));

  // Back in signal: the outbox syncs (the online event, and 지금 전송).
  await context.setOffline(false);
  await reopened.getByRole('button', { name: '지금 전송' }).click();
  await expect(reopened.getByTestId('sync-pending-count')).toHaveText('0건');
  await expect(reopened.getByTestId('pending-count')).toHaveCount(0);
  await expect(reopened.getByTestId('receipt-approval-number')).toHaveCount(3);
  for (const number of await reopened.getByTestId('receipt-approval-number').allInnerTexts()) expect(number).toMatch(/^\d{12}$/);
  await expect(reopened.getByRole('status').filter({ hasText: '오프라인' })).toHaveCount(0);

  // The host charged each exactly once, and its balances, its ledger and the device agree.
  const after = {
    rehab: voucherOf(rehab.id, 'developmental-rehab'),
    parent: voucherOf(parent.id, 'parent-counseling'),
    homeCare: voucherOf(homeCare.id, 'home-care'),
  };
  expect(after.rehab).toEqual({ balanceKrw: before.rehab - 12_000, ledgerSumKrw: before.rehab - 12_000 });
  expect(after.parent).toEqual({ balanceKrw: before.parent - 10_000, ledgerSumKrw: before.parent - 10_000 });
  expect(after.homeCare).toEqual({ balanceKrw: before.homeCare - homeCareAmountKrw, ledgerSumKrw: before.homeCare - homeCareAmountKrw });
  await expect
    .poll(async () => {
      const rows = await readStore<VoucherRowSeen>(reopened, 'vouchers');
      const of = (id: string) => rows.find((r) => r.recipientId === id)?.balanceKrw;
      return [of(rehab.id), of(parent.id), of(homeCare.id)];
    })
    .toEqual([after.rehab.balanceKrw, after.parent.balanceKrw, after.homeCare.balanceKrw]);
  expect(await readStore(reopened, 'commands')).toHaveLength(0);

  // The payment closed the visit started online.
  const db = hostDb();
  try {
    const open = db
      .prepare(
        `SELECT COUNT(*) AS n FROM open_services WHERE closed_by_payment_id IS NULL
          AND voucher_id IN (SELECT id FROM vouchers WHERE recipient_id = ?)`,
      )
      .get(homeCare.id) as { n: number };
    expect(Number(open.n)).toBe(0);
    const modes = db
      .prepare(
        `SELECT mode, COUNT(*) AS n FROM payments WHERE voucher_id IN (SELECT id FROM vouchers WHERE recipient_id IN (?, ?, ?)) AND mode = 'offline' GROUP BY mode`,
      )
      .all(rehab.id, parent.id, homeCare.id) as { mode: string; n: number }[];
    expect(modes).toEqual([{ mode: 'offline', n: 3 }]);
  } finally {
    db.close();
  }
});

test('a payment the host refuses on sync shows its reason and code and stays until acknowledged', async ({ browser }) => {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto('/');
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();
  const known = voucherOf(lowBalance.id, 'developmental-rehab').balanceKrw;
  expect(known).toBeGreaterThanOrEqual(8_000);
  await expect
    .poll(async () => (await readStore<VoucherRowSeen>(page, 'vouchers')).find((r) => r.recipientId === lowBalance.id)?.balanceKrw)
    .toBe(known);

  // Offline, the device's last known balance allows 8,000원.
  await context.setOffline(true);
  await payAmountOffline(page, '발달재활', lowBalance.cardToken, 8_000, known);
  await expect(page.getByTestId('pending-count')).toHaveText('전송 대기 1건');

  // Meanwhile another worker, online on another device, charges the same voucher 5,000원.
  const other = await browser.newContext({ baseURL: BASE_URL, locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
  try {
    await other.addInitScript(installFakeNfc);
    const otherPage = await other.newPage();
    await login(otherPage, DEMO_WORKERS[1]!);
    await openVoucher(otherPage, '발달재활', lowBalance.cardToken);
    await otherPage.getByRole('button', { name: '서비스 결제' }).click();
    await otherPage.getByRole('button', { name: '정상결제' }).click();
    await typeOnKeypad(otherPage, '5000');
    await otherPage.getByRole('button', { name: '확인', exact: true }).click();
    await expect(otherPage.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
  } finally {
    await other.close();
  }

  // Back in signal: the host refuses the capture (잔액 부족) and charges nothing for it.
  await context.setOffline(false);
  const home = page.getByRole('alert').filter({ hasText: '전송이 거절된 결제가 1건 있습니다' });
  await expect(home).toBeVisible({ timeout: 20_000 });
  expect(voucherOf(lowBalance.id, 'developmental-rehab')).toEqual({ balanceKrw: known - 5_000, ledgerSumKrw: known - 5_000 });

  await home.getByRole('button', { name: '전송 현황' }).click();
  const refused = page.getByTestId('refused-item');
  await expect(refused).toHaveCount(1);
  await expect(refused).toContainText('바우처 잔액이 부족합니다.');
  await expect(refused).toContainText('오류코드 2101');
  await expect(refused).toContainText(won(8_000));

  // It stays — across a reload too — until the worker acknowledges it; logout waits for that.
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: '전송이 거절된 결제가 1건 있습니다' })).toBeVisible();
  await page.getByRole('button', { name: '환경설정' }).click();
  await page.getByRole('button', { name: '로그아웃' }).click();
  await expect(page.getByRole('alert')).toContainText('오류코드 2124');
  await page.getByRole('alert').getByRole('button', { name: '전송 현황' }).click();
  await page.getByTestId('refused-item').getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByTestId('refused-item')).toHaveCount(0);
  expect(await readStore(page, 'commands')).toHaveLength(0);

  // With nothing left on its way, logout goes through and wipes the worker's data from the device.
  await page.getByRole('button', { name: '이전' }).click();
  await page.getByRole('button', { name: '로그아웃' }).click();
  await expect(page.getByLabel('아이디')).toBeVisible();
  await expect.poll(async () => (await readStore(page, 'vouchers')).length).toBe(0);
  expect(await readStore(page, 'receipts')).toHaveLength(0);
  expect(await readStore(page, 'meta')).toHaveLength(0);
});
