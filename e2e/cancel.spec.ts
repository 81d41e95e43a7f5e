import type { Page, Route } from '@playwright/test';
import { expect, login, openVoucher, startTapCount, tapsSince, test, typeOnKeypad, voucherOf, won } from './fixtures';
import { journeyRecipient } from './journey-data';
import { installApp, payAmountOffline, readStore } from './offline-steps';

/**
 * 거래 취소 (SPEC §5.7) in the browser against the real host: 당일거래 취소 and 직접거래 취소 give
 * the money back exactly once, a second cancel is refused, and with no signal a payment still in
 * the outbox is taken out of it, while a cancel the host could not be reached for waits in the
 * outbox and is applied once.
 */

/** A 정상결제 of an amount program; answers its 승인번호. */
async function payAmount(page: Page, programName: string, cardToken: string, amountKrw: number): Promise<string> {
  await openVoucher(page, programName, cardToken);
  await page.getByRole('button', { name: '서비스 결제' }).click();
  await page.getByRole('button', { name: '정상결제' }).click();
  await typeOnKeypad(page, String(amountKrw));
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
  const approvalNumber = (await page.getByTestId('approval-number').textContent()) ?? '';
  await page.getByRole('button', { name: '확인', exact: true }).click();
  return approvalNumber;
}

function countTaps(page: Page) {
  let taps = 0;
  return {
    async tap(name: string | RegExp, exact = true) {
      taps += 1;
      await page.getByRole('button', { name, exact }).click();
    },
    get count() {
      return taps;
    },
  };
}

test('당일거래 취소 gives the money back once, in 5 taps, and the payment cannot be cancelled twice', async ({ page }) => {
  const recipient = journeyRecipient('rcp-e2e-cancel-day', '취소일', 'developmental-rehab', '9410000000008101', 100_000);
  await login(page);
  const approvalNumber = await payAmount(page, '발달재활', recipient.cardToken, 7_000);
  expect(voucherOf(recipient.id, 'developmental-rehab').balanceKrw).toBe(93_000);

  await openVoucher(page, '발달재활', recipient.cardToken);
  const taps = countTaps(page);
  await startTapCount(page);
  await taps.tap('거래 취소');
  await taps.tap('당일거래 취소');
  await expect(page.getByRole('heading', { name: '당일거래내역' })).toBeVisible();
  await taps.tap(/^시작 \d\d:\d\d 종료 \d\d:\d\d 결제금액 7,000원/, false);
  await expect(page.getByTestId('cancel-approval-number')).toHaveText(approvalNumber);
  await taps.tap('확인');
  await expect(page.getByText('거래가 취소되었습니다.')).toBeVisible();
  await expect(page.getByTestId('cancel-amount')).toHaveText(won(7_000));
  await expect(page.getByTestId('balance')).toHaveText(won(100_000));
  expect(voucherOf(recipient.id, 'developmental-rehab')).toEqual({ balanceKrw: 100_000, ledgerSumKrw: 100_000 });
  await taps.tap('확인');
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();
  expect(taps.count).toBeLessThanOrEqual(5);
  expect(await tapsSince(page)).toBe(taps.count);

  // Listed again, it is marked 취소됨 and not offered; by its 승인번호 the host refuses it (2131).
  await openVoucher(page, '발달재활', recipient.cardToken);
  await page.getByRole('button', { name: '거래 취소' }).click();
  await page.getByRole('button', { name: '당일거래 취소' }).click();
  await expect(page.getByRole('button', { name: /결제금액 7,000원/ })).toBeDisabled();
  await page.getByRole('button', { name: '이전', exact: true }).click();
  await page.getByRole('button', { name: '직접거래 취소' }).click();
  await typeOnKeypad(page, approvalNumber);
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('오류코드 2131');
  expect(voucherOf(recipient.id, 'developmental-rehab')).toEqual({ balanceKrw: 100_000, ledgerSumKrw: 100_000 });
});

test('직접거래 취소 by 승인번호 refuses a mistyped number on the spot and cancels the right one', async ({ page }) => {
  const recipient = journeyRecipient('rcp-e2e-cancel-direct', '취소이', 'developmental-rehab', '9410000000008102', 100_000);
  await login(page);
  const approvalNumber = await payAmount(page, '발달재활', recipient.cardToken, 12_000);

  await openVoucher(page, '발달재활', recipient.cardToken);
  await page.getByRole('button', { name: '거래 취소' }).click();
  await page.getByRole('button', { name: '직접거래 취소' }).click();
  // One digit off: the check digit no longer holds, so 확인 stays off.
  const wrong = `${approvalNumber.slice(0, 11)}${(Number(approvalNumber[11]) + 1) % 10}`;
  await typeOnKeypad(page, wrong);
  await expect(page.getByText('승인번호가 올바르지 않습니다.')).toBeVisible();
  await expect(page.getByRole('button', { name: '확인', exact: true })).toBeDisabled();
  for (let i = 0; i < 12; i++) await page.getByRole('button', { name: '지우기' }).click();
  await typeOnKeypad(page, approvalNumber);
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByRole('heading', { name: '거래 취소 확인' })).toBeVisible();
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByText('거래가 취소되었습니다.')).toBeVisible();
  await expect(page.getByTestId('cancelled-approval-number')).toHaveText(approvalNumber);
  expect(voucherOf(recipient.id, 'developmental-rehab')).toEqual({ balanceKrw: 100_000, ledgerSumKrw: 100_000 });
});

test('with no signal a waiting payment leaves the outbox, and a cancel the host could not be reached for is applied once', async ({
  page,
  context,
}) => {
  const recipient = journeyRecipient('rcp-e2e-cancel-off', '취소삼', 'developmental-rehab', '9410000000008103', 100_000);
  await installApp(page);
  const approvalNumber = await payAmount(page, '발달재활', recipient.cardToken, 9_000);

  // No signal: a new payment waits in the outbox; 당일거래 취소 shows it and takes it out.
  await context.setOffline(true);
  await payAmountOffline(page, '발달재활', recipient.cardToken, 4_000);
  await openVoucher(page, '발달재활', recipient.cardToken);
  await page.getByRole('button', { name: '거래 취소' }).click();
  await expect(page.getByRole('button', { name: '직접거래 취소' })).toBeDisabled();
  await page.getByRole('button', { name: '당일거래 취소' }).click();
  await page.getByRole('button', { name: /결제금액 4,000원/ }).click();
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByText('전송 대기 중이던 결제를 이 기기에서 지웠습니다.', { exact: false })).toBeVisible();
  expect((await readStore(page, 'commands')).length).toBe(0);
  await page.getByRole('button', { name: '확인', exact: true }).click();

  // Back online, the approved payment is cancelled, but the answer never reaches the device.
  await context.setOffline(false);
  await openVoucher(page, '발달재활', recipient.cardToken);
  await page.getByRole('button', { name: '거래 취소' }).click();
  await page.getByRole('button', { name: '당일거래 취소' }).click();
  await page.route('**/api/payments/cancel', (route: Route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: /결제금액 9,000원/ }).click();
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('오류코드 0104');
  await expect(page.getByRole('button', { name: '이전', exact: true })).toBeDisabled();
  await page.getByRole('button', { name: '전송 대기로 저장' }).click();
  await expect(page.getByText('취소가 이 기기에 저장되었습니다.', { exact: false })).toBeVisible();
  await page.unrouteAll({ behavior: 'wait' });
  await page.getByRole('button', { name: '확인', exact: true }).click();

  // The syncer sends the queued cancel: the money comes back once, and the outbox empties.
  await expect.poll(() => voucherOf(recipient.id, 'developmental-rehab').balanceKrw, { timeout: 20_000 }).toBe(100_000);
  await expect.poll(async () => (await readStore(page, 'commands')).length, { timeout: 20_000 }).toBe(0);
  expect(voucherOf(recipient.id, 'developmental-rehab')).toEqual({ balanceKrw: 100_000, ledgerSumKrw: 100_000 });
  expect(approvalNumber).toMatch(/^\d{12}$/);
});
