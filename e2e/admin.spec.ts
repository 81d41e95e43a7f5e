import { seoulMonth } from '../src/domain/time';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, E2E_PORT } from '../playwright.config';
import { DEMO_ADMIN } from '../server/src/demo/demo-data';
import { demoWorker, expect, installFakeNfc, login, openVoucher, tagCard, test, typeOnKeypad, won } from './fixtures';
import { journeyRecipient } from './journey-data';

/**
 * 기관 관리 (issue 12): the institution console at /admin/ sets a centre up and watches it — a worker
 * it adds logs in to the provider app; a card it writes to an NFC tag pays there, and once revoked is
 * refused online (2002) and, after the device's next snapshot, offline too; a flagged offline capture
 * shows in 예외 with its audit trail; a month exports as CSV that Excel opens in Korean.
 * The console runs in a context of its own (its own cookie, and it stays online while the phone does not).
 */

/** Web NFC writing: the fake reader of the fixtures, plus a `write` that records what it was given. */
function recordNfcWrites() {
  const written: string[] = [];
  const Reader = (window as unknown as { NDEFReader: { prototype: Record<string, unknown> } }).NDEFReader;
  Reader.prototype.write = async (message: { records: { recordType: string; data: string }[] }) => {
    for (const record of message.records) if (record.recordType === 'text') written.push(record.data);
  };
  Object.assign(window, { __written: () => [...written] });
}

async function openConsole(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  await context.addInitScript(installFakeNfc);
  await context.addInitScript(recordNfcWrites);
  const page = await context.newPage();
  await page.goto('/admin/');
  await page.getByLabel('관리자 아이디').fill(DEMO_ADMIN.loginId);
  await page.getByLabel('비밀번호').fill(DEMO_ADMIN.password);
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page.getByRole('heading', { name: '성남주간보호센터-발달' })).toBeVisible();
  return { context, page };
}

const tab = (page: Page, name: string) => page.getByRole('navigation', { name: '관리 메뉴' }).getByRole('button', { name });

test('a worker added in the console logs in to the provider app', async ({ browser, page }) => {
  const desk = await openConsole(browser);
  const admin = desk.page;
  const form = admin.getByRole('form', { name: '제공인력 등록' });
  await form.getByLabel('이름').fill('정다운');
  await form.getByLabel('아이디(스마트폰 번호)').fill('010-4444-5555');
  await form.getByLabel('초기 비밀번호').fill('dawoon12!');
  await form.getByLabel('제공인력 결제 ID').fill('1010');
  await form.getByLabel('발달재활').check();
  await form.getByRole('button', { name: '제공인력 등록' }).click();
  await expect(admin.getByText('정다운 제공인력을 등록했습니다.', { exact: false })).toBeVisible();
  const row = admin.getByRole('row', { name: /정다운/ });
  await expect(row).toContainText('01044445555');
  await expect(row).toContainText('발달재활');

  await login(page, { ...demoWorker, phone: '01044445555', password: 'dawoon12!' });
  await expect(page.getByRole('button', { name: '발달재활', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: '활동보조', exact: true })).toHaveCount(0);
  await desk.context.close();
});

test('a card written to an NFC tag pays; revoked, it is refused online (2002) and after the next snapshot', async ({ browser, page, context }) => {
  const desk = await openConsole(browser);
  const admin = desk.page;
  await tab(admin, '이용자·카드').click();
  const form = admin.getByRole('form', { name: '이용자 등록' });
  await form.getByLabel('이름').fill('윤하린');
  await form.getByLabel('스마트폰 번호').fill('01022223333');
  await form.getByLabel('사업').selectOption({ label: '발달재활' });
  await form.getByLabel('이번 달 바우처 금액(원)').fill('200000');
  await form.getByRole('button', { name: '이용자 등록' }).click();
  await expect(admin.getByText('윤하린 이용자를 등록했습니다.', { exact: false })).toBeVisible();
  await expect(admin.getByRole('row', { name: /윤하린/ })).toContainText(won(200_000));

  // 카드 발급 → NFC 카드에 쓰기 → 태그 확인 (the tag read back is the card just issued).
  await admin.getByRole('button', { name: '윤하린 카드 발급' }).click();
  const dialog = admin.getByRole('dialog', { name: '윤하린 카드' });
  await expect(dialog.getByText(/^94\d{2} \d{4} \d{4} \d{4}$/)).toBeVisible();
  await dialog.getByRole('button', { name: 'NFC 카드에 쓰기' }).click();
  await expect(dialog.getByText('카드에 썼습니다.', { exact: false })).toBeVisible();
  const written = await admin.evaluate(() => (window as unknown as { __written(): string[] }).__written());
  expect(written).toHaveLength(1);
  const token = written[0]!;
  expect(token).toMatch(/^EVC-/);
  await dialog.getByRole('button', { name: '태그 확인' }).click();
  await tagCard(admin, token);
  await expect(dialog.getByText('윤하린 이용자의 사용 중인 카드입니다.')).toBeVisible();

  // The tag pays in the provider app.
  await login(page);
  await openVoucher(page, '발달재활', token);
  await expect(page.getByTestId('balance')).toHaveText(won(200_000));
  await page.getByRole('button', { name: '서비스 결제' }).click();
  await page.getByRole('button', { name: '정상결제' }).click();
  await typeOnKeypad(page, '20000');
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
  await page.getByRole('button', { name: '확인', exact: true }).click();

  // With no signal the device knows the card from its snapshot (refreshed at start, after the first screen).
  const refreshed = page.waitForResponse((response) => response.url().endsWith('/api/device/snapshot') && response.status() === 200);
  await page.reload();
  await refreshed;
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();
  await context.setOffline(true);
  await openVoucher(page, '발달재활', token);
  await expect(page.getByTestId('balance')).toHaveText(won(180_000));
  await context.setOffline(false);
  await page.goto('/');
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();

  // Lost: the console stops it.
  await admin.getByRole('dialog', { name: '윤하린 카드' }).getByRole('button', { name: '닫기' }).click();
  await admin.getByRole('button', { name: /윤하린 \d{4} 카드 정지/ }).click();
  await expect(admin.getByRole('row', { name: /윤하린/ })).toContainText('정지');

  // Online: refused at once.
  await page.getByRole('button', { name: '발달재활', exact: true }).click();
  await page.getByRole('button', { name: '카드', exact: true }).click();
  await tagCard(page, token);
  await expect(page.getByRole('alert')).toContainText('사용이 정지된 카드입니다.');
  await expect(page.getByRole('alert')).toContainText('2002');

  // The device's next snapshot no longer has it: with no signal it is refused too.
  const snapshot = page.waitForResponse((response) => response.url().endsWith('/api/device/snapshot') && response.status() === 200);
  await page.goto('/');
  await snapshot;
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();
  await context.setOffline(true);
  await page.getByRole('button', { name: '발달재활', exact: true }).click();
  await page.getByRole('button', { name: '카드', exact: true }).click();
  await tagCard(page, token);
  await expect(page.getByRole('alert')).toContainText('2001');
  await context.setOffline(false);
  await desk.context.close();
});

test('a flagged offline capture shows in 예외 with its audit trail, and the month exports as CSV', async ({ browser, page }) => {
  // A capture that reached the host more than 72 hours after it was taken: recorded, flagged for review.
  await login(page);
  // A recipient of this journey alone: the demo's balances belong to the payment journeys.
  const rehab = journeyRecipient('rcp-e2e-adm-flag', '김예외', 'developmental-rehab', '9410000000008401', 100_000);
  const capturedAt = Date.now() - 73 * 3_600_000;
  // The demo holds this month's vouchers only: in a month's first three days the capture would be last month's.
  test.skip(seoulMonth(capturedAt) !== seoulMonth(Date.now()), 'a capture 73 hours old falls in last month');
  const paymentId = crypto.randomUUID();
  const synced = await page.request.post('/api/sync/payments', {
    data: {
      items: [
        {
          paymentId,
          programId: 'developmental-rehab',
          card: { kind: 'nfc', token: rehab.cardToken },
          method: 'card',
          mode: 'offline',
          reason: 'dead-zone',
          serviceStartAt: capturedAt - 50 * 60_000,
          serviceEndAt: capturedAt,
          minutesByType: {},
          amountKrw: 3_000,
          capturedAt,
        },
      ],
      sentAt: Date.now(),
    },
  });
  expect((await synced.json()).results[0]).toMatchObject({ status: 'approved', flaggedForReview: true });

  const desk = await openConsole(browser);
  const admin = desk.page;
  await tab(admin, '예외').click();
  const row = admin.getByRole('row', { name: /검토 필요/ }).filter({ hasText: '72시간 경과' });
  await expect(row).toContainText(demoWorker.name);
  await expect(row).toContainText(won(3_000));
  await row.getByRole('button', { name: /감사 추적/ }).click();
  const trail = admin.getByRole('region', { name: '감사 추적' });
  await expect(trail.getByRole('heading', { name: `감사 추적 ${paymentId}` })).toBeVisible();
  await expect(trail).toContainText('payment.captured');
  await expect(trail).toContainText('검토 필요(late)');
  await expect(admin.getByText(/소급결제 비율/)).toBeVisible();

  await tab(admin, '내보내기·대사').click();
  await expect(admin.getByText(/모두 잔액과 원장 합계가 일치합니다/)).toBeVisible();
  const download = admin.waitForEvent('download');
  await admin.getByRole('link', { name: '결제내역 CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^payments-\d{4}-\d{2}-01_\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = readFileSync((await file.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
  expect(lines[0]).toBe(
    '승인번호,결제일시,서비스일자,서비스시작,서비스종료,사업,이용자,제공인력,결제ID,단말번호,결제방식,카드인식,금액(원),소급결제사유,검토필요,검토사유,결제번호',
  );
  const capture = lines.find((line) => line.endsWith(paymentId))!;
  expect(capture).toContain(',발달재활,김예외,김하늘,1001,');
  expect(capture).toContain(',오프라인결제,태깅,3000,dead-zone,Y,late,');
  await desk.context.close();
});

test('the console is installable on its own scope, apart from the provider app', async () => {
  // Chromium never offers to install from an incognito profile: a real profile directory.
  const profile = mkdtempSync(path.join(os.tmpdir(), 'evoucher-admin-'));
  const base = `http://localhost:${E2E_PORT}`;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    baseURL: base,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/admin/');
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    await expect.poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors).toEqual([]);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.url).toBe(`${base}/admin.webmanifest`);
    expect(JSON.parse(manifest.data ?? '{}')).toMatchObject({ id: '/admin/', scope: '/admin/', start_url: '/admin/' });
    // Under the service worker a reload of /admin/ is still the console, not the provider app's shell.
    await page.reload();
    await expect(page.getByRole('heading', { name: '관리자 로그인' })).toBeVisible();
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
