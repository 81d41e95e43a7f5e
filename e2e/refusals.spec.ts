import { test as plain } from '@playwright/test';
import { demoWorker, expect, login, recipientOf, tagCard, test, voucherOf, won } from './fixtures';

const language = recipientOf('rcp-07'); // 윤서연, 언어발달, 220,000원, no NFC on this device
const bath = recipientOf('rcp-04'); // 한지우, 방문목욕

test('a wrong password is refused in Korean and logs nobody in', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('아이디').fill(demoWorker.phone);
  await page.getByLabel('비밀번호').fill('not-the-password');
  await page.getByRole('button', { name: '로그인' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('아이디 또는 비밀번호가 올바르지 않습니다.');
  await expect(alert).toContainText('1002');
  await expect(page.getByRole('button', { name: '환경설정' })).toHaveCount(0);
});

test('the voucher screen closes itself when its five minutes run out', async ({ page }) => {
  await page.clock.install();
  await login(page);
  await page.getByRole('button', { name: '방문목욕', exact: true }).click();
  await page.getByRole('button', { name: '카드', exact: true }).click();
  await tagCard(page, bath.cardToken);
  await expect(page.getByText('5분 안에 결제 또는 취소를 완료하십시오', { exact: false })).toBeVisible();
  await page.clock.fastForward('05:01');
  await expect(page.getByText('결제 유효시간이 지나 자동 종료되었습니다.')).toBeVisible();
  await expect(page.getByRole('button', { name: '서비스 결제' })).toHaveCount(0);
  expect(voucherOf(bath.id, 'visiting-bath').balanceKrw).toBe(400_000);
});

plain('a device without NFC pays with the typed card number', async ({ page }) => {
  await login(page);
  await page.getByRole('button', { name: '언어발달', exact: true }).click();
  await page.getByRole('button', { name: '카드', exact: true }).click();
  await expect(page.getByLabel('카드번호 16자리')).toBeVisible();
  for (const d of language.cardNumber) await page.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByTestId('balance')).toHaveText(won(220_000));
  await page.getByRole('button', { name: '서비스 결제' }).click();
  await page.getByRole('button', { name: '정상결제' }).click();
  for (const d of '20000') await page.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
  await expect(page.getByTestId('balance')).toHaveText(won(200_000));
  expect(voucherOf(language.id, 'language-development')).toEqual({ balanceKrw: 200_000, ledgerSumKrw: 200_000 });
});
