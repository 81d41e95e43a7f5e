import { backdateOpenService, expect, login, tagCard, test, voucherOf, won } from './fixtures';
import { journeyRecipient, journeyVoucher, paymentsOn } from './journey-data';

/**
 * 시도추가지원 (SPEC §5.3, changed in this release): with the switch on in 환경설정, a program with a
 * province's top-up asks 추가지원 유형 first, then 결제 수단, then the card — and the visit is drawn
 * on the top-up voucher alone.
 */
test('with 시도추가지원 on, the order is 추가지원 유형 → 결제 수단 → 카드, and the visit draws on the top-up', async ({ page }) => {
  const recipient = journeyRecipient('rcp-e2e-topup', '추가일', 'activity-support', '9410000000008301', 800_000);
  const topUpVoucher = journeyVoucher(recipient.id, 'activity-support-topup', 300_000);
  await login(page);
  await page.getByRole('button', { name: '환경설정' }).click();
  await page.getByRole('switch', { name: '시도추가지원' }).click();
  await expect(page.getByRole('switch', { name: '시도추가지원' })).toBeChecked();
  await page.getByRole('button', { name: '이전', exact: true }).click();

  const openTopUp = async () => {
    await page.getByRole('button', { name: '활동보조', exact: true }).click();
    await expect(page.getByRole('heading', { name: '추가지원 유형 선택' })).toBeVisible();
    await page.getByRole('button', { name: '시도추가지원 (활동보조)' }).click();
    await expect(page.getByRole('heading', { name: '결제유형 선택' })).toBeVisible();
    await page.getByRole('button', { name: '카드', exact: true }).click();
    await tagCard(page, recipient.cardToken);
    await expect(page.getByTestId('balance')).toBeVisible();
  };
  await openTopUp();
  await expect(page.getByTestId('balance')).toHaveText(won(300_000));
  await page.getByRole('button', { name: '서비스 시작' }).click();
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();

  backdateOpenService(recipient.id, 60);
  await openTopUp();
  await page.getByRole('button', { name: '서비스 결제' }).click();
  await page.getByRole('button', { name: '사회활동지원 남은 시간 모두' }).click();
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
  await expect(page.getByTestId('balance')).toHaveText(won(300_000 - 17_270));
  expect(paymentsOn(topUpVoucher).map((p) => p.amountKrw)).toEqual([17_270]);
  expect(voucherOf(recipient.id, 'activity-support')).toEqual({ balanceKrw: 800_000, ledgerSumKrw: 800_000 });
  expect(voucherOf(recipient.id, 'activity-support-topup')).toEqual({ balanceKrw: 282_730, ledgerSumKrw: 282_730 });

  // 이전 from 결제 수단 goes back to 추가지원 유형; the national voucher is one tap away.
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await page.getByRole('button', { name: '활동보조', exact: true }).click();
  await page.getByRole('button', { name: '시도추가지원 (활동보조)' }).click();
  await page.getByRole('button', { name: '이전', exact: true }).click();
  await page.getByRole('button', { name: '활동보조 (기본 바우처)' }).click();
  await page.getByRole('button', { name: '카드', exact: true }).click();
  await tagCard(page, recipient.cardToken);
  await expect(page.getByTestId('balance')).toHaveText(won(800_000));
});
