import type { Route } from '@playwright/test';
import { expect, hostDb, login, openVoucher, recipientOf, test, typeOnKeypad, voucherOf, won } from './fixtures';

/**
 * The payment flow under the worker's hands (issue 6): a reload while the payment request is in
 * flight, the back button while it is, and a double tap on 확인 — each ends in exactly one payment
 * that the worker sees with its 승인번호.
 */
const rehab = recipientOf('rcp-06'); // 김명연, 발달재활
const counselingToo = recipientOf('rcp-08'); // 이도윤, 부모상담 (rcp-07's balance belongs to refusals.spec)
const counseling = recipientOf('rcp-08'); // 이도윤, 부모상담

function paymentsOf(recipientId: string): number {
  const db = hostDb();
  try {
    const row = db
      .prepare(`SELECT COUNT(*) AS n FROM payments p JOIN vouchers v ON v.id = p.voucher_id WHERE v.recipient_id = ? AND p.status = 'approved'`)
      .get(recipientId) as { n: number };
    return Number(row.n);
  } finally {
    db.close();
  }
}

async function amountScreen(page: import('@playwright/test').Page, program: string, token: string, amount: string) {
  await openVoucher(page, program, token);
  await page.getByRole('button', { name: '서비스 결제' }).click();
  await page.getByRole('button', { name: '정상결제' }).click();
  await typeOnKeypad(page, amount);
}

test('a reload while the payment request is in flight ends in exactly one payment, shown after the reload', async ({ page }) => {
  await login(page);
  const before = voucherOf(rehab.id, 'developmental-rehab');
  const paymentsBefore = paymentsOf(rehab.id);
  await amountScreen(page, '발달재활', rehab.cardToken, '5000');

  // The first request reaches the host and is applied; its answer is held until the page is gone,
  // so the page never learns it. (Unrouting instead would let Playwright send the held request on
  // to the host, and on a slow machine its answer would reach the page before the reload.)
  let arrived = false;
  let releaseHeld: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (releaseHeld = resolve));
  let requests = 0;
  await page.route('**/api/payments', async (route: Route) => {
    requests += 1;
    if (requests > 1) return route.continue();
    await route.fetch();
    arrived = true;
    await held;
    await route.abort().catch(() => undefined);
  });
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByText('결제 중…')).toBeVisible();
  await expect.poll(() => arrived).toBe(true);
  expect(paymentsOf(rehab.id)).toBe(paymentsBefore + 1);

  await page.reload();
  releaseHeld();
  // At start-up the unanswered request is resent under the same id: the host answers the original.
  await expect(page.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
  await expect(page.getByTestId('approval-number')).toHaveText(/^\d{12}$/);
  await expect(page.getByTestId('payment-amount')).toHaveText(won(5_000));
  await expect(page.getByTestId('balance')).toHaveText(won(before.balanceKrw - 5_000));
  expect(requests).toBe(2);
  expect(paymentsOf(rehab.id)).toBe(paymentsBefore + 1);
  expect(voucherOf(rehab.id, 'developmental-rehab')).toEqual({ balanceKrw: before.balanceKrw - 5_000, ledgerSumKrw: before.balanceKrw - 5_000 });

  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();
  // Settled: a further reload shows nothing to resend.
  await page.reload();
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();
  expect(paymentsOf(rehab.id)).toBe(paymentsBefore + 1);
});

test('while a payment is in flight neither 이전 nor the browser back leaves the screen', async ({ page }) => {
  await login(page);
  await amountScreen(page, '부모상담', counselingToo.cardToken, '3000');
  let release: () => void = () => undefined;
  await page.route('**/api/payments', async (route: Route) => {
    await new Promise<void>((resolve) => (release = resolve));
    await route.continue();
  });
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByText('결제 중…')).toBeVisible();
  await expect(page.getByRole('button', { name: '이전' })).toBeDisabled();

  // The phone's back: the payment screen stays, with its payment in flight.
  await page.goBack();
  await page.waitForTimeout(300);
  await expect(page.getByText('결제 중…')).toBeVisible();
  await expect(page.getByTestId('amount')).toHaveText(won(3_000));
  await expect(page.getByRole('button', { name: '서비스 결제' })).toHaveCount(0);

  release();
  await expect(page.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
  await expect(page.getByTestId('approval-number')).toHaveText(/^\d{12}$/);
});

test('a double tap on 확인 pays once and stops on the completion screen with its 승인번호', async ({ page }) => {
  await login(page);
  const paymentsBefore = paymentsOf(counseling.id);
  await amountScreen(page, '부모상담', counseling.cardToken, '2000');
  // The answer comes back between the two taps.
  await page.route('**/api/payments', async (route: Route) => {
    const response = await route.fetch();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await route.fulfill({ response });
  });
  const confirm = await page.getByRole('button', { name: '확인', exact: true }).boundingBox();
  if (!confirm) throw new Error('no 확인');
  const x = confirm.x + confirm.width / 2;
  const y = confirm.y + confirm.height / 2;
  await page.mouse.click(x, y);
  await expect(page.getByText('서비스 결제가 완료되었습니다.')).toBeVisible({ timeout: 2_000 });
  await page.mouse.click(x, y);
  await page.waitForTimeout(800);
  await expect(page.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
  await expect(page.getByTestId('approval-number')).toHaveText(/^\d{12}$/);
  expect(paymentsOf(counseling.id)).toBe(paymentsBefore + 1);
});
