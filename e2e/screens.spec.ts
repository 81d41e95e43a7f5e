/**
 * Every provider-app screen the demo data reaches, seen as a new user on a phone would see it: at
 * 320, 360 and 412 px wide nothing is wider than the screen, nothing a worker reads or taps lies
 * under the bottom bar (이전 | 확인), a banner or a toast, and axe finds no serious or critical
 * violation. One walk through the app (a typed card: desktop Chromium has no Web NFC); each
 * screen is checked at the three widths by resizing the one page. With SCREENS_SHOTS_DIR=<dir>
 * it also saves what each width shows first and at the end of the screen, to look at.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { backdateOpenService, demoWorker, recipientOf, typeOnKeypad } from './fixtures';
import { layoutProblems } from './layout-checks';

const activity = recipientOf('rcp-01'); // 이영희, 활동보조
const rehab = recipientOf('rcp-06'); // 김명연, 발달재활

/** Common phone sizes (CSS px): a small Android / iPhone SE, a mid Android, a large Android. */
const VIEWPORTS = [
  { width: 320, height: 568 },
  { width: 360, height: 740 },
  { width: 412, height: 915 },
] as const;

const SHOTS = process.env.SCREENS_SHOTS_DIR;

/**
 * axe's default rules and its experimental ones that judge what a worker meets here, among them
 * label-content-name-mismatch: a button's accessible name must contain the text it shows, or
 * voice control ("활동보조 눌러") misses it.
 */
const EXPERIMENTAL_RULES = [
  'label-content-name-mismatch',
  'p-as-heading',
  'td-has-header',
  'table-fake-caption',
  'css-orientation-lock',
  'focus-order-semantics',
];

async function axeSerious(page: Page): Promise<string[]> {
  const rules = Object.fromEntries(EXPERIMENTAL_RULES.map((id) => [id, { enabled: true }]));
  const results = await new AxeBuilder({ page }).options({ rules }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The checks of one screen at every width; the page ends at 360 px, the width the walk uses. */
async function checkScreen(page: Page, screen: string) {
  const problems: string[] = [];
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    for (const problem of await layoutProblems(page)) problems.push(`${viewport.width}px: ${problem}`);
    if (SHOTS) {
      // What the phone shows first, then at the end of the screen (the bar is sticky: a full-page
      // capture would draw it over the middle).
      await page.screenshot({ path: `${SHOTS}/${screen}-${viewport.width}.png` });
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.screenshot({ path: `${SHOTS}/${screen}-${viewport.width}-end.png` });
      await page.evaluate(() => window.scrollTo(0, 0));
    }
  }
  await page.setViewportSize(VIEWPORTS[1]);
  problems.push(...(await axeSerious(page)).map((v) => `axe: ${v}`));
  expect.soft(problems, screen).toEqual([]);
}

const confirmButton = (page: Page) => page.getByRole('button', { name: '확인', exact: true });

async function typeCard(page: Page, programName: string, cardNumber: string) {
  await page.getByRole('button', { name: programName, exact: true }).click();
  await page.getByRole('button', { name: '카드', exact: true }).click();
  await expect(page.getByLabel('카드번호 16자리')).toBeVisible();
  await typeOnKeypad(page, cardNumber);
  await confirmButton(page).click();
  await expect(page.getByTestId('countdown')).toBeVisible();
}

test('every screen fits 320–412 px phones, hides nothing under bars or toasts, and passes axe', async ({ browser }) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ viewport: VIEWPORTS[1], locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
  const page = await context.newPage();

  // First visit: 등록 확인, then 로그인 with the one-time "works offline" toast over it.
  await page.goto('/');
  await expect(page.getByLabel('아이디')).toBeVisible();
  // The note comes when the service worker, installed with the whole app, takes the page over; the
  // first install's precache progress (some of it after the takeover) is never taken for an update.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  const offlineNote = page.getByText('오프라인에서도 사용할 수 있습니다.');
  await expect(offlineNote).toBeVisible();
  await expect(page.getByRole('region', { name: 'SW 업데이트 알림' })).toHaveCount(0);
  await checkScreen(page, 'login-first-visit');

  await page.getByRole('button', { name: '카드인식 테스트' }).click();
  await expect(page.getByLabel('카드번호 16자리')).toBeVisible();
  await checkScreen(page, 'card-test');
  await typeOnKeypad(page, rehab.cardNumber);
  await confirmButton(page).click();
  // Before login the host says only whether the card is valid: whose it is waits for a login.
  await expect(page.getByText('유효한 카드입니다. (결제되지 않습니다)')).toBeVisible();
  await expect(page.getByTestId('card-masked')).toHaveText('************0006');
  await expect(page.getByTestId('card-owner')).toHaveText('로그인 후 확인할 수 있습니다');
  await checkScreen(page, 'card-test-read');
  await page.getByRole('button', { name: '이전', exact: true }).click();
  await expect(offlineNote).toBeHidden({ timeout: 10_000 });
  await checkScreen(page, 'login');

  await page.getByLabel('아이디').fill(demoWorker.phone);
  await page.getByLabel('비밀번호').fill(demoWorker.password);
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();
  await checkScreen(page, 'home');

  // 활동보조: 결제유형 선택 → 카드 태깅 (typed) → 바우처 → 서비스 시작, later 서비스 결제 (time split).
  await page.getByRole('button', { name: '활동보조', exact: true }).click();
  await expect(page.getByRole('button', { name: '카드', exact: true })).toBeVisible();
  await checkScreen(page, 'method');
  await page.getByRole('button', { name: '카드', exact: true }).click();
  await expect(page.getByLabel('카드번호 16자리')).toBeVisible();
  await checkScreen(page, 'card-tag');
  await typeOnKeypad(page, activity.cardNumber);
  await confirmButton(page).click();
  await expect(page.getByTestId('countdown')).toBeVisible();
  await checkScreen(page, 'voucher');
  // With no start, 서비스 결제 leads to 소급결제: its 제공시간 screen of a time program, then back.
  await page.getByRole('button', { name: '서비스 결제' }).click();
  await page.getByRole('button', { name: '소급결제' }).click();
  await page.getByRole('button', { name: '다음', exact: true }).click();
  await expect(page.getByTestId('provided-time')).toBeVisible();
  await checkScreen(page, 'retro-time');
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: '이전', exact: true }).click();
  await page.getByRole('button', { name: '서비스 시작' }).click();
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();
  await checkScreen(page, 'home-service-started');

  backdateOpenService(activity.id, 125);
  await typeCard(page, '활동보조', activity.cardNumber);
  await checkScreen(page, 'voucher-started');
  await page.getByRole('button', { name: '서비스 결제' }).click();
  await expect(page.getByTestId('remaining-time')).toBeVisible();
  await checkScreen(page, 'split');
  await page.getByRole('button', { name: '사회활동지원 남은 시간 모두' }).click();
  await expect(confirmButton(page)).toBeEnabled();
  await checkScreen(page, 'split-filled');
  await confirmButton(page).click();
  await expect(page.getByTestId('approval-number')).toHaveText(/^\d{12}$/);
  const approvalNumbers = [(await page.getByTestId('approval-number').textContent()) ?? ''];
  await checkScreen(page, 'complete');
  await confirmButton(page).click();

  // 발달재활: 서비스 결제 by amount.
  await typeCard(page, '발달재활', rehab.cardNumber);
  await page.getByRole('button', { name: '서비스 결제' }).click();
  await checkScreen(page, 'payment-mode');
  // The 소급결제 screens, walked up to the reason and back, paying nothing.
  await page.getByRole('button', { name: '소급결제' }).click();
  await expect(page.getByTestId('retro-ratio')).toBeVisible();
  await checkScreen(page, 'retro-notice');
  await page.getByRole('button', { name: '다음', exact: true }).click();
  await checkScreen(page, 'retro-date');
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await page.getByRole('radio', { name: '카드 분실·훼손 등' }).check();
  await checkScreen(page, 'retro-reason');
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: '이전', exact: true }).click();
  await page.getByRole('button', { name: '정상결제' }).click();
  await expect(page.getByText('결제 금액을 입력해 주세요.')).toBeVisible();
  await typeOnKeypad(page, '15000');
  await checkScreen(page, 'amount');
  await confirmButton(page).click();
  await expect(page.getByTestId('approval-number')).toHaveText(/^\d{12}$/);
  approvalNumbers.push((await page.getByTestId('approval-number').textContent()) ?? '');
  await confirmButton(page).click();

  // 오늘 결제내역 (with this walk's two payments, maybe others of the day): every 승인번호 whole, on screen.
  await page.getByRole('button', { name: '오늘 결제내역' }).click();
  const approvals = approvalNumbers.map((n) => page.getByTestId('today-approval-number').filter({ hasText: n }));
  for (const approval of approvals) await expect(approval).toHaveCount(1);
  await checkScreen(page, 'today');
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    for (const approval of approvals) {
      await approval.scrollIntoViewIfNeeded();
      await expect(approval).toBeInViewport({ ratio: 1 });
      const cut = await approval.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
      expect(cut, `승인번호 cut at ${viewport.width}px`).toBe(false);
    }
  }
  await page.getByRole('button', { name: '이전', exact: true }).click();

  await page.getByRole('button', { name: '전송 현황' }).click();
  await expect(page.getByTestId('sync-pending-count')).toBeVisible();
  await checkScreen(page, 'sync');
  await page.getByRole('button', { name: '이전', exact: true }).click();

  await page.getByRole('button', { name: '환경설정' }).click();
  await expect(page.getByTestId('sw-version')).toBeVisible();
  await checkScreen(page, 'settings');
  await page.getByRole('button', { name: '카드인식 테스트' }).click();
  await expect(page.getByLabel('카드번호 16자리')).toBeVisible();
  await checkScreen(page, 'settings-card-test');

  await page.goto('/portal/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await checkScreen(page, 'portal');

  await context.close();
});
