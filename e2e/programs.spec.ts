import type { Page } from '@playwright/test';
import { backdateOpenService, expect, login, openVoucher, tagCard, test, typeOnKeypad, voucherOf, won } from './fixtures';
import { admin, journeyRecipient, paymentsOn } from './journey-data';
import { DEMO_WORKER_CARDS } from '../server/src/demo/demo-data';

/**
 * Every program of SPEC §4 paid in the browser against the real host: 방문간호 by its duration
 * band, 방문목욕 택1 on its one split screen, 언어발달 and 부모상담 by amount, and 가사간병방문지원 on
 * a shared tablet, where the worker enters with the 제공인력카드 — tagged, or its number typed.
 * Each journey has recipients of its own (journeyRecipient), so no balance is shared with another spec.
 */

/** Starts the visit, then moves its start `minutes` back and opens 서비스 결제 on the split screen. */
async function startAndReturnAfter(page: Page, programName: string, recipient: { id: string; cardToken: string }, minutes: number) {
  await openVoucher(page, programName, recipient.cardToken);
  await page.getByRole('button', { name: '서비스 시작' }).click();
  await expect(page.getByRole('button', { name: programName, exact: true })).toBeVisible();
  backdateOpenService(recipient.id, minutes);
  await openVoucher(page, programName, recipient.cardToken);
  await page.getByRole('button', { name: '서비스 결제' }).click();
}

async function expectPaid(page: Page, balanceKrw: number) {
  await expect(page.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
  await expect(page.getByTestId('approval-number')).toHaveText(/^\d{12}$/);
  await expect(page.getByTestId('balance')).toHaveText(won(balanceKrw));
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();
}

test('a 45-minute 방문간호 visit is priced by its 30–60 minute band: 53,770원', async ({ page }) => {
  const nursing = journeyRecipient('rcp-e2e-prg-nur', '간호가', 'visiting-nursing', '9410000000009301', 600_000);
  await login(page);
  await startAndReturnAfter(page, '방문간호', nursing, 45);

  await expect(page.getByTestId('total-time')).toHaveText('0시간 45분');
  const confirm = page.getByRole('button', { name: '확인', exact: true });
  await page.getByLabel('기본간호 분').fill('30');
  await expect(confirm).toBeDisabled();
  await page.getByLabel('치료적간호 분').fill('15');
  await expect(confirm).toBeEnabled();
  // The band of the whole visit, not a price per type or per minute.
  await expect(page.getByTestId('payment-amount')).toHaveText(won(53_770));
  await confirm.click();

  await expectPaid(page, 600_000 - 53_770);
  expect(voucherOf(nursing.id, 'visiting-nursing')).toEqual({ balanceKrw: 546_230, ledgerSumKrw: 546_230 });
});

test('방문목욕 takes exactly one of 차량내입욕 and 가정내입욕 on its one screen (2105), at the per-visit price', async ({ page }) => {
  const bath = journeyRecipient('rcp-e2e-prg-bth', '목욕가', 'visiting-bath', '9410000000009302', 400_000);
  await login(page);
  await startAndReturnAfter(page, '방문목욕', bath, 60);

  const confirm = page.getByRole('button', { name: '확인', exact: true });
  await expect(page.getByText('차량내입욕', { exact: true })).toBeVisible();
  await expect(page.getByText('가정내입욕', { exact: true })).toBeVisible();
  await expect(page.getByText('차량내입욕 및 가정내입욕 중 택1 만 가능', { exact: false })).toBeVisible();
  // Both filled, adding up to the visit: still refused on the screen, nothing can be sent.
  await page.getByLabel('차량내입욕 분').fill('30');
  await page.getByLabel('가정내입욕 분').fill('30');
  await expect(page.getByRole('alert')).toContainText('오류코드 2105');
  await expect(confirm).toBeDisabled();
  expect(paymentsOn(bath.voucherId)).toEqual([]);

  // One type only: the per-visit price of 차량내입욕.
  await page.getByLabel('가정내입욕 분').fill('');
  await page.getByLabel('차량내입욕 분').fill('');
  await page.getByLabel('차량내입욕 시').fill('1');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(confirm).toBeEnabled();
  await expect(page.getByTestId('payment-amount')).toHaveText(won(88_990));
  await confirm.click();

  await expectPaid(page, 400_000 - 88_990);
  expect(voucherOf(bath.id, 'visiting-bath')).toEqual({ balanceKrw: 311_010, ledgerSumKrw: 311_010 });
});

for (const { name, programId, card, amountKrw } of [
  { name: '언어발달', programId: 'language-development', card: '9410000000009303', amountKrw: 22_000 },
  { name: '부모상담', programId: 'parent-counseling', card: '9410000000009304', amountKrw: 16_000 },
]) {
  test(`a ${name} session is paid by its amount (정상결제)`, async ({ page }) => {
    const recipient = journeyRecipient(`rcp-e2e-prg-${programId}`, '금액가', programId, card, 200_000);
    await login(page);
    await openVoucher(page, name, recipient.cardToken);
    await expect(page.getByTestId('balance')).toHaveText(won(200_000));
    await page.getByRole('button', { name: '서비스 결제' }).click();
    await page.getByRole('button', { name: '정상결제' }).click();
    await expect(page.getByText('결제 금액을 입력해 주세요.')).toBeVisible();
    await typeOnKeypad(page, String(amountKrw));
    await page.getByRole('button', { name: '확인', exact: true }).click();

    await expectPaid(page, 200_000 - amountKrw);
    expect(voucherOf(recipient.id, programId)).toEqual({ balanceKrw: 200_000 - amountKrw, ledgerSumKrw: 200_000 - amountKrw });
  });
}

test('가사간병방문지원 on a shared tablet: the worker enters with the 제공인력카드, tagged and then typed', async ({ page }) => {
  test.setTimeout(90_000);
  const PARK = { id: 'wrk-park', paymentId: '1002', name: '박서준' };
  const parkCard = DEMO_WORKER_CARDS.find((card) => card.workerId === PARK.id)!;
  const homeCare = journeyRecipient('rcp-e2e-prg-hom', '가사가', 'home-care', '9410000000009305', 480_000);

  // A tablet signed in once, then made the institution's shared terminal (the administrator's host command).
  await login(page);
  await page.getByRole('button', { name: '환경설정' }).click();
  const terminalNumber = (await page.getByTestId('terminal-number').textContent())?.trim() ?? '';
  expect(admin('share', terminalNumber)).toContain(`${terminalNumber}\tactive\tshared (all workers)`);
  await page.goto('/');
  await expect(page.getByText('공용 단말기')).toBeVisible();

  // 서비스 시작: the recipient's card, then the worker's card tagged — no 결제 ID keypad.
  await page.getByRole('button', { name: '가사간병방문지원', exact: true }).click();
  await page.getByRole('button', { name: '카드', exact: true }).click();
  await tagCard(page, homeCare.cardToken);
  await expect(page.getByRole('heading', { name: '제공인력카드 태깅' })).toBeVisible();
  await expect(page.getByText('제공인력카드를 태깅해 주세요')).toBeVisible();
  await expect(page.getByLabel('제공인력 결제 ID')).toHaveCount(0);
  // The recipient's card is no worker card: refused, and the reader waits for the next one.
  await tagCard(page, homeCare.cardToken);
  await expect(page.getByRole('alert')).toContainText('오류코드 0273');
  await tagCard(page, parkCard.token);
  await expect(page.getByTestId('voucher-worker')).toHaveText(`${PARK.name} (${PARK.paymentId})`);
  await page.getByRole('button', { name: '서비스 시작' }).click();
  await expect(page.getByRole('button', { name: '가사간병방문지원', exact: true })).toBeVisible();

  // An hour later, the same worker enters by typing the worker card's number and bills the visit.
  backdateOpenService(homeCare.id, 60);
  await page.getByRole('button', { name: '가사간병방문지원', exact: true }).click();
  await page.getByRole('button', { name: '카드', exact: true }).click();
  await tagCard(page, homeCare.cardToken);
  await expect(page.getByRole('heading', { name: '제공인력카드 태깅' })).toBeVisible();
  await page.getByRole('button', { name: '카드번호 직접 입력' }).click();
  await expect(page.getByLabel('제공인력카드 번호 16자리')).toBeVisible();
  await typeOnKeypad(page, parkCard.cardNumber);
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByTestId('voucher-worker')).toHaveText(`${PARK.name} (${PARK.paymentId})`);
  await page.getByRole('button', { name: '서비스 결제' }).click();
  await expect(page.getByTestId('total-time')).toHaveText('1시간 0분');
  await page.getByLabel('가사 시').fill('1');
  await expect(page.getByTestId('payment-amount')).toHaveText(won(17_800));
  await page.getByRole('button', { name: '확인', exact: true }).click();

  await expectPaid(page, 480_000 - 17_800);
  expect(paymentsOn(homeCare.voucherId)).toEqual([{ workerId: PARK.id, mode: 'normal', amountKrw: 17_800 }]);
  expect(voucherOf(homeCare.id, 'home-care')).toEqual({ balanceKrw: 462_200, ledgerSumKrw: 462_200 });
});
