import { test, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { E2E_PORT } from '../playwright.config';
import { expect, tagCard, typeOnKeypad, won } from './fixtures';
import { admin, journeyRecipient, paymentsOn } from './journey-data';
import { installApp, launchProfile, readStore } from './offline-steps';

/**
 * A care-centre tablet in the hall: signed in once, made the institution's shared terminal by the
 * administrator's host command, and then used by two workers — each payment asks the 제공인력
 * 결제 ID after the card (or 직전ID선택), and is recorded under that worker, online and offline.
 * A real profile (persistent context), so the offline part runs on the service worker.
 */
test.describe.configure({ mode: 'serial' });

const BASE_URL = `http://localhost:${E2E_PORT}`;
const KIM = { id: 'wrk-kim', paymentId: '1001', name: '김하늘' };
const PARK = { id: 'wrk-park', paymentId: '1002', name: '박서준' };

let userDataDir: string;
let context: BrowserContext;

test.beforeAll(async () => {
  userDataDir = mkdtempSync(path.join(tmpdir(), 'evoucher-shared-'));
  context = await launchProfile(userDataDir, BASE_URL);
});

test.afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

/** One amount payment on the tablet: card, then the worker's 결제 ID (typed, or 직전ID선택), then the amount. */
async function payOnTablet(page: Page, programName: string, cardToken: string, who: string | 'last', amountKrw: number, offline = false) {
  await page.getByRole('button', { name: programName, exact: true }).click();
  await page.getByRole('button', { name: '카드', exact: true }).click();
  await tagCard(page, cardToken);
  await expect(page.getByRole('heading', { name: '제공인력 결제 ID 입력' })).toBeVisible();
  if (who === 'last') await page.getByRole('button', { name: /^직전ID선택 \(\d+\)$/ }).click();
  else await typeOnKeypad(page, who);
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByTestId('voucher-worker')).toBeVisible();
  await page.getByRole('button', { name: '서비스 결제' }).click();
  await page.getByRole('button', { name: '정상결제' }).click();
  await typeOnKeypad(page, String(amountKrw));
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(
    page.getByText(offline ? '결제가 기기에 저장되었습니다. 통신이 되면 자동으로 전송됩니다.' : '서비스 결제가 완료되었습니다.'),
  ).toBeVisible();
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();
}

test('two workers pay on one shared tablet, each payment under the worker whose ID was entered, online and offline', async () => {
  test.setTimeout(120_000);
  const rehab = journeyRecipient('rcp-e2e-sh1', '공용가', 'developmental-rehab', '9410000000009101', 100_000);
  const language = journeyRecipient('rcp-e2e-sh2', '공용나', 'language-development', '9410000000009102', 100_000);

  const page = context.pages()[0] ?? (await context.newPage());
  await installApp(page);
  await page.getByRole('button', { name: '환경설정' }).click();
  await expect(page.getByTestId('terminal-profile')).toHaveText('개인');
  const terminalNumber = (await page.getByTestId('terminal-number').textContent())?.trim() ?? '';

  // The institution administrator makes it the shared terminal (host command); the next start knows.
  expect(admin('share', terminalNumber)).toContain(`${terminalNumber}\tactive\tshared (all workers)`);
  await page.reload();
  await expect(page.getByText('공용 단말기')).toBeVisible();
  await page.getByRole('button', { name: '환경설정' }).click();
  await expect(page.getByTestId('terminal-profile')).toHaveText('공용 (제공인력 결제 ID)');
  await page.getByRole('button', { name: '이전', exact: true }).click();

  // 김하늘 types her ID; the voucher screen names her.
  await payOnTablet(page, '발달재활', rehab.cardToken, KIM.paymentId, 10_000);
  // The next payment: 직전ID선택 is her ID.
  await page.getByRole('button', { name: '언어발달', exact: true }).click();
  await page.getByRole('button', { name: '카드', exact: true }).click();
  await tagCard(page, language.cardToken);
  await expect(page.getByRole('button', { name: `직전ID선택 (${KIM.paymentId})` })).toBeVisible();
  await page.getByRole('button', { name: '이전', exact: true }).click();
  await page.getByRole('button', { name: '이전', exact: true }).click();
  await page.getByRole('button', { name: '이전', exact: true }).click();
  await payOnTablet(page, '언어발달', language.cardToken, 'last', 11_000);

  // 박서준: an ID of nobody here is refused (0273) and nothing opens; then his own.
  await page.getByRole('button', { name: '발달재활', exact: true }).click();
  await page.getByRole('button', { name: '카드', exact: true }).click();
  await tagCard(page, rehab.cardToken);
  await typeOnKeypad(page, '9999');
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('제공인력과 단말기 정보가 일치하지 않습니다.');
  await expect(page.getByRole('alert')).toContainText('오류코드 0273');
  await typeOnKeypad(page, PARK.paymentId);
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByTestId('voucher-worker')).toHaveText(`${PARK.name} (${PARK.paymentId})`);
  await expect(page.getByTestId('balance')).toHaveText(won(90_000));
  await page.getByRole('button', { name: '서비스 결제' }).click();
  await page.getByRole('button', { name: '정상결제' }).click();
  await typeOnKeypad(page, '12000');
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
  await page.getByRole('button', { name: '확인', exact: true }).click();

  expect(paymentsOn(rehab.voucherId)).toEqual([
    { workerId: KIM.id, mode: 'normal', amountKrw: 10_000 },
    { workerId: PARK.id, mode: 'normal', amountKrw: 12_000 },
  ]);
  expect(paymentsOn(language.voucherId)).toEqual([{ workerId: KIM.id, mode: 'normal', amountKrw: 11_000 }]);

  // 통신음영지역: the IDs are checked against the device's snapshot, each capture queued under its worker.
  await context.setOffline(true);
  await expect(page.getByRole('status').filter({ hasText: '오프라인' })).toBeVisible();
  await payOnTablet(page, '언어발달', language.cardToken, 'last', 13_000, true); // 박서준, 직전ID
  await payOnTablet(page, '발달재활', rehab.cardToken, KIM.paymentId, 14_000, true);
  const queued = await readStore<{ workerId: string; command: { workerId: string; amountKrw: number } }>(page, 'commands');
  expect(queued.map((item) => [item.workerId, item.command.workerId, item.command.amountKrw]).sort()).toEqual([
    [KIM.id, KIM.id, 14_000],
    [PARK.id, PARK.id, 13_000],
  ]);

  // Back in signal: the tablet's one session sends both, and the host applies each as its own worker's.
  await context.setOffline(false);
  await page.getByTestId('pending-count').click();
  await page.getByRole('button', { name: '지금 전송' }).click();
  await expect(page.getByTestId('sync-pending-count')).toHaveText('0건', { timeout: 15_000 });
  // 0건 waiting may still be in flight (the page's own sync on 'online' may have taken them): until it is answered.
  await expect.poll(() => paymentsOn(rehab.voucherId).length + paymentsOn(language.voucherId).length, { timeout: 15_000 }).toBe(5);
  expect(paymentsOn(rehab.voucherId)).toEqual([
    { workerId: KIM.id, mode: 'normal', amountKrw: 10_000 },
    { workerId: PARK.id, mode: 'normal', amountKrw: 12_000 },
    { workerId: KIM.id, mode: 'offline', amountKrw: 14_000 },
  ]);
  expect(paymentsOn(language.voucherId)).toEqual([
    { workerId: KIM.id, mode: 'normal', amountKrw: 11_000 },
    { workerId: PARK.id, mode: 'offline', amountKrw: 13_000 },
  ]);

  // Revoked by the administrator: the tablet says 0304 and takes no new payment.
  admin('revoke', terminalNumber);
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: '오류코드 0304' })).toBeVisible();
});
