import type { Page } from '@playwright/test';
import { seoulDate, seoulInstant } from '../src/domain/time';
import { expect, hostDb, login, openVoucher, startTapCount, tapsSince, test, typeOnKeypad, voucherOf, won } from './fixtures';
import { journeyRecipient } from './journey-data';
import { installApp, readStore } from './offline-steps';

/**
 * 소급결제 (SPEC §5.4) in the browser against the real host: 서비스 결제 → 소급결제 → 주의 사항 →
 * the service's dates and times on the keypad → 소급결제사유 → the split or the amount → completion.
 * The journeys count the worker's taps (digit keys excluded), as SPEC §9 counts the seed's.
 */

/** Taps on anything but a digit key, as SPEC §9 counts them. */
function tapCounter(page: Page) {
  let taps = 0;
  return {
    async tap(name: string, options: { exact?: boolean } = { exact: true }) {
      taps += 1;
      await page.getByRole('button', { name, ...options }).click();
    },
    async choose(label: string) {
      taps += 1;
      await page.getByRole('radio', { name: label }).check();
    },
    get count() {
      return taps;
    },
  };
}

/** Types a two-digit value into one of the 소급결제 fields: select it, then the keypad. */
async function typeField(page: Page, label: string, digits: string) {
  await page.getByLabel(label, { exact: true }).click();
  await typeOnKeypad(page, digits);
}

function paymentRow(recipientId: string): { mode: string; reason: string | null; service_date: string } {
  const db = hostDb();
  try {
    return db
      .prepare(
        `SELECT p.mode, p.reason, p.service_date FROM payments p JOIN vouchers v ON v.id = p.voucher_id
         WHERE v.recipient_id = ? ORDER BY p.recorded_at DESC LIMIT 1`,
      )
      .get(recipientId) as { mode: string; reason: string | null; service_date: string };
  } finally {
    db.close();
  }
}

const two = (n: number) => String(n).padStart(2, '0');

test('a 활동보조 visit across midnight is paid retroactively with its reason, in the taps the table allows', async ({ page }) => {
  const today = seoulDate(Date.now());
  const day = Number(today.slice(8, 10));
  // The service: 23:30 of one day to 00:30 of the next, both inside this month and in the past.
  const endDay = Date.now() > seoulInstant(today, 0, 45) ? day : day - 1;
  test.skip(endDay < 2, 'no midnight of this month is in the past yet');
  const recipient = journeyRecipient('rcp-e2e-retro-act', '소급일', 'activity-support', '9410000000008201', 500_000);
  await login(page);
  await openVoucher(page, '활동보조', recipient.cardToken);
  const taps = tapCounter(page);
  await startTapCount(page);

  await taps.tap('서비스 결제');
  await expect(page.getByRole('button', { name: '정상결제' })).toBeDisabled();
  await taps.tap('소급결제');
  await expect(page.getByText('소급결제가 빈번할 경우 부정수급 점검 우선 대상이 되며', { exact: false })).toBeVisible();
  await expect(page.getByTestId('retro-ratio')).toContainText('이번 달 우리 기관 소급결제 비율');
  await taps.tap('다음');

  await typeField(page, '시작날짜 일', two(endDay - 1));
  await typeField(page, '시작시간 시', '23');
  await typeField(page, '시작시간 분', '30');
  await typeField(page, '종료날짜 일', two(endDay));
  await typeField(page, '종료시간 시', '00');
  await typeField(page, '종료시간 분', '30');
  await expect(page.getByTestId('provided-time')).toHaveText('1시간 0분');
  await taps.tap('확인');

  await expect(page.getByRole('heading', { name: '소급결제사유' })).toBeVisible();
  await expect(page.getByRole('radio')).toHaveCount(8);
  await taps.choose('단말기 분실·고장 등');
  await taps.tap('확인');

  await expect(page.getByTestId('total-time')).toHaveText('1시간 0분');
  await taps.tap('사회활동지원 남은 시간 모두');
  await expect(page.getByText(won(17_270)).first()).toBeVisible();
  await taps.tap('확인');

  await expect(page.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
  await expect(page.getByTestId('payment-amount')).toHaveText(won(17_270));
  expect(voucherOf(recipient.id, 'activity-support')).toEqual({ balanceKrw: 500_000 - 17_270, ledgerSumKrw: 500_000 - 17_270 });
  expect(paymentRow(recipient.id)).toEqual({ mode: 'retroactive', reason: 'terminal-lost', service_date: `${today.slice(0, 8)}${two(endDay - 1)}` });
  await taps.tap('확인');
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();
  // After the voucher screen: 서비스 결제, 소급결제, 다음, 확인, a reason + 확인, the split, 확인, completion 확인.
  expect(taps.count).toBeLessThanOrEqual(9);
  expect(await tapsSince(page)).toBe(taps.count);
});

test('a 발달재활 session is paid retroactively by its date and amount; a refused reason says why', async ({ page }) => {
  const today = seoulDate(Date.now());
  const day = Number(today.slice(8, 10));
  test.skip(day < 2, 'no earlier day of this month yet');
  const recipient = journeyRecipient('rcp-e2e-retro-dev', '소급이', 'developmental-rehab', '9410000000008202', 200_000);
  await login(page);
  await openVoucher(page, '발달재활', recipient.cardToken);
  const taps = tapCounter(page);

  await taps.tap('서비스 결제');
  await taps.tap('소급결제');
  await taps.tap('다음');
  await expect(page.getByRole('heading', { name: '실제 서비스 제공일자' })).toBeVisible();
  // Yesterday: the day field is selected first.
  await typeOnKeypad(page, two(day - 1));
  await taps.tap('확인');

  // 대상자 카드 미소지 is for the service day only.
  await page.getByRole('radio', { name: '대상자 카드 미소지 등' }).check();
  await expect(page.getByRole('alert')).toContainText('오류코드 3107');
  await expect(page.getByRole('button', { name: '확인', exact: true })).toBeDisabled();
  await taps.choose('카드 분실·훼손 등');
  await taps.tap('확인');

  await expect(page.getByText('결제 금액을 입력해 주세요.')).toBeVisible();
  await typeOnKeypad(page, '15000');
  await taps.tap('확인');
  await expect(page.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
  expect(voucherOf(recipient.id, 'developmental-rehab')).toEqual({ balanceKrw: 185_000, ledgerSumKrw: 185_000 });
  expect(paymentRow(recipient.id)).toEqual({ mode: 'retroactive', reason: 'card-lost', service_date: `${today.slice(0, 8)}${two(day - 1)}` });
  await taps.tap('확인');
  // SPEC §9: 9 taps after the voucher screen in the seed.
  expect(taps.count).toBeLessThanOrEqual(9);
});

test('a 소급결제 taken with no signal waits on the device and is checked and applied once on sync', async ({ page, context }) => {
  const today = seoulDate(Date.now());
  const day = Number(today.slice(8, 10));
  test.skip(day < 2, 'no earlier day of this month yet');
  const recipient = journeyRecipient('rcp-e2e-retro-off', '소급삼', 'developmental-rehab', '9410000000008203', 200_000);
  await installApp(page);
  await context.setOffline(true);
  await openVoucher(page, '발달재활', recipient.cardToken);
  await page.getByRole('button', { name: '서비스 결제' }).click();
  await page.getByRole('button', { name: '소급결제' }).click();
  await expect(page.getByText('이번 달 소급결제 비율을 불러오지 못했습니다.')).toBeVisible();
  await page.getByRole('button', { name: '다음', exact: true }).click();
  await typeOnKeypad(page, two(day - 1));
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await page.getByRole('radio', { name: '서버 접속 실패(0104 오류 등)' }).check();
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await typeOnKeypad(page, '11000');
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByText('결제가 기기에 저장되었습니다. 통신이 되면 자동으로 전송됩니다.')).toBeVisible();
  const [queued] = await readStore<{ command: { mode: string; reason: string } }>(page, 'commands');
  expect(queued?.command).toMatchObject({ mode: 'retroactive', reason: 'server-unreachable' });
  await page.getByRole('button', { name: '확인', exact: true }).click();

  await context.setOffline(false);
  await expect.poll(() => voucherOf(recipient.id, 'developmental-rehab').balanceKrw, { timeout: 20_000 }).toBe(189_000);
  await expect.poll(async () => (await readStore(page, 'commands')).length, { timeout: 20_000 }).toBe(0);
  expect(paymentRow(recipient.id)).toEqual({
    mode: 'retroactive',
    reason: 'server-unreachable',
    service_date: `${today.slice(0, 8)}${two(day - 1)}`,
  });
  expect(voucherOf(recipient.id, 'developmental-rehab')).toEqual({ balanceKrw: 189_000, ledgerSumKrw: 189_000 });
});
