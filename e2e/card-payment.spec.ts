import {
  backdateOpenService,
  expect,
  login,
  openVoucher,
  recipientOf,
  startTapCount,
  tagCard,
  tapsSince,
  test,
  typeOnKeypad,
  voucherOf,
  won,
} from './fixtures';

const activity = recipientOf('rcp-01'); // 이영희, 활동보조, 1,932,800원
const rehab = recipientOf('rcp-06'); // 김명연, 발달재활, 250,000원
const lowBalance = recipientOf('rcp-09'); // 강하준, 발달재활, 10,000원

test('a 활동보조 visit is started and paid with the time split across service types', async ({ page }) => {
  await login(page);
  await openVoucher(page, '활동보조', activity.cardToken);
  await expect(page.getByText('이**')).toBeVisible();
  await expect(page.getByTestId('balance')).toHaveText(won(1_932_800));
  await page.getByRole('button', { name: '서비스 시작' }).click();
  await expect(page.getByRole('button', { name: '활동보조', exact: true })).toBeVisible();

  // The visit lasted two hours: move its start back instead of waiting.
  backdateOpenService(activity.id, 120);
  // SPEC §9: the seed needs 6 taps at the end of a visit (program, 카드, tag, 서비스 결제, 확인, 확인);
  // the hour and minute fields are typed, not tapped.
  await startTapCount(page);
  await openVoucher(page, '활동보조', activity.cardToken);
  const tags = 1;
  await page.getByRole('button', { name: '서비스 결제' }).click();

  await expect(page.getByText('2시간 0분').first()).toBeVisible();
  const confirm = page.getByRole('button', { name: '확인', exact: true });
  await page.getByLabel('사회활동지원 시').fill('1');
  await expect(confirm).toBeDisabled(); // 잔여시간 1시간 0분
  await page.getByLabel('신체활동지원 분').fill('30');
  await expect(confirm).toBeDisabled();
  await page.getByLabel('가사활동지원 분').fill('30');
  await expect(confirm).toBeEnabled();
  await expect(page.getByText(won(34_540)).first()).toBeVisible();
  await confirm.click();

  await expect(page.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
  await expect(page.getByTestId('approval-number')).toHaveText(/^\d{12}$/);
  await expect(page.getByTestId('balance')).toHaveText(won(1_932_800 - 34_540));
  expect(voucherOf(activity.id, 'activity-support')).toEqual({ balanceKrw: 1_898_260, ledgerSumKrw: 1_898_260 });

  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByRole('button', { name: '활동보조', exact: true })).toBeVisible();
  expect((await tapsSince(page)) + tags).toBeLessThanOrEqual(6);
});

test('a 발달재활 session is paid by entering the amount', async ({ page }) => {
  await login(page);
  await openVoucher(page, '발달재활', rehab.cardToken);
  await expect(page.getByTestId('balance')).toHaveText(won(250_000));
  await page.getByRole('button', { name: '서비스 결제' }).click();
  await page.getByRole('button', { name: '정상결제' }).click();
  await expect(page.getByText('결제 금액을 입력해 주세요.')).toBeVisible();
  await typeOnKeypad(page, '15000');
  await page.getByRole('button', { name: '확인', exact: true }).click();

  await expect(page.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
  await expect(page.getByTestId('approval-number')).toHaveText(/^\d{12}$/);
  await expect(page.getByTestId('balance')).toHaveText(won(235_000));
  expect(voucherOf(rehab.id, 'developmental-rehab')).toEqual({ balanceKrw: 235_000, ledgerSumKrw: 235_000 });
});

test('a payment over the balance is refused in Korean and charges nothing', async ({ page }) => {
  await login(page);
  await openVoucher(page, '발달재활', lowBalance.cardToken);
  await page.getByRole('button', { name: '서비스 결제' }).click();
  await page.getByRole('button', { name: '정상결제' }).click();
  await typeOnKeypad(page, '15000');
  await page.getByRole('button', { name: '확인', exact: true }).click();

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('바우처 잔액이 부족합니다.');
  await expect(alert).toContainText('2101');
  expect(voucherOf(lowBalance.id, 'developmental-rehab')).toEqual({ balanceKrw: 10_000, ledgerSumKrw: 10_000 });
});

test('an unknown card is refused with its code', async ({ page }) => {
  await login(page);
  await page.getByRole('button', { name: '활동보조', exact: true }).click();
  await page.getByRole('button', { name: '카드', exact: true }).click();
  await tagCard(page, 'EVC-00000000-unk');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('등록되지 않은 카드입니다.');
  await expect(alert).toContainText('2001');
});
