import { expect, hostDb, installFakeNfc, login, openVoucher, recipientOf, tagCard, test, voucherOf, won } from './fixtures';
import { journeyWorker } from './journey-data';
import { readStore } from './offline-steps';

const rehab = recipientOf('rcp-06'); // 김명연, 발달재활, 250,000원 (read here, never billed)

const confirmButton = (page: import('@playwright/test').Page) => page.getByRole('button', { name: '확인', exact: true });

test('카드인식 테스트 tells a valid card and whose it is (masked), refuses an unknown one, and bills nothing', async ({ page }) => {
  const before = voucherOf(rehab.id, 'developmental-rehab');
  await login(page);
  await page.getByRole('button', { name: '환경설정' }).click();
  await page.getByRole('button', { name: '카드인식 테스트' }).click();

  await tagCard(page, rehab.cardToken);
  await expect(page.getByText('유효한 카드입니다. (결제되지 않습니다)')).toBeVisible();
  await expect(page.getByTestId('card-masked')).toHaveText('************-dev');
  await expect(page.getByTestId('card-owner')).toHaveText('김**');
  await expect(page.getByTestId('card-programs')).toHaveText('발달재활');

  await page.getByRole('button', { name: '다시 읽기' }).click();
  await tagCard(page, 'EVC-00000000-unk');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('등록되지 않은 카드입니다.');
  await expect(alert).toContainText('오류코드 2001');
  await expect(page.getByTestId('card-owner')).toHaveCount(0);

  expect(voucherOf(rehab.id, 'developmental-rehab')).toEqual(before);
});

test('카드인식 테스트 with no signal answers from the device snapshot: the owner masked, an unknown card its code', async ({ page, context }) => {
  await login(page);
  // The snapshot refreshed at login holds the institution's cards (as hashes).
  await expect.poll(async () => (await readStore(page, 'vouchers')).length).toBeGreaterThan(0);
  // Opened once online, so its lazily loaded screen is in the page before the signal goes.
  await page.getByRole('button', { name: '환경설정' }).click();
  await page.getByRole('button', { name: '카드인식 테스트' }).click();
  await page.getByRole('button', { name: '이전', exact: true }).click();

  await context.setOffline(true);
  await page.getByRole('button', { name: '카드인식 테스트' }).click();
  await tagCard(page, rehab.cardToken);
  await expect(page.getByTestId('card-owner')).toHaveText('김**');
  await expect(page.getByTestId('card-programs')).toHaveText('발달재활');
  await expect(page.getByRole('note')).toContainText('기기에 저장된 정보로 확인했습니다.');

  await page.getByRole('button', { name: '다시 읽기' }).click();
  await tagCard(page, 'EVC-00000000-unk');
  await expect(page.getByRole('alert')).toContainText('오류코드 2001');
  await expect(page.getByTestId('card-owner')).toHaveCount(0);
  await context.setOffline(false);
});

test('서비스 추가/삭제 takes a program off the home screen and puts it back', async ({ page }) => {
  await login(page);
  const bath = page.getByRole('button', { name: '방문목욕', exact: true });
  await expect(bath).toBeVisible();

  await page.getByRole('button', { name: '환경설정' }).click();
  await page.getByRole('button', { name: '서비스 추가/삭제' }).click();
  await page.getByRole('checkbox', { name: '방문목욕' }).uncheck();
  await expect(page.getByTestId('services-shown')).toHaveText('홈 화면에 8개 중 7개 사업이 보입니다.');
  await page.getByRole('button', { name: '이전', exact: true }).click();
  await page.getByRole('button', { name: '이전', exact: true }).click();
  await expect(page.getByRole('button', { name: '발달재활', exact: true })).toBeVisible();
  await expect(bath).toHaveCount(0);

  // Kept on the device: a reload still leaves it off.
  await page.reload();
  await expect(page.getByRole('button', { name: '발달재활', exact: true })).toBeVisible();
  await expect(bath).toHaveCount(0);

  await page.getByRole('button', { name: '환경설정' }).click();
  await page.getByRole('button', { name: '서비스 추가/삭제' }).click();
  await page.getByRole('checkbox', { name: '방문목욕' }).check();
  await page.getByRole('button', { name: '이전', exact: true }).click();
  await page.getByRole('button', { name: '이전', exact: true }).click();
  await expect(bath).toBeVisible();
});

test('시도추가지원 is a switch kept on the device: it survives a reload', async ({ page }) => {
  await login(page);
  await page.getByRole('button', { name: '환경설정' }).click();
  const topUp = page.getByRole('switch', { name: '시도추가지원' });
  await expect(topUp).not.toBeChecked();
  await topUp.check();
  // Leaving and coming back reads it from the device again (a read after the write, so after its commit).
  await page.getByRole('button', { name: '이전', exact: true }).click();
  await page.getByRole('button', { name: '환경설정' }).click();
  await expect(topUp).toBeChecked();

  await page.reload();
  await page.getByRole('button', { name: '환경설정' }).click();
  await expect(topUp).toBeChecked();

  await topUp.uncheck();
  await page.getByRole('button', { name: '이전', exact: true }).click();
  await page.getByRole('button', { name: '환경설정' }).click();
  await expect(topUp).not.toBeChecked();
  await page.reload();
  await page.getByRole('button', { name: '환경설정' }).click();
  await expect(topUp).not.toBeChecked();
});

test('패스워드 변경 takes effect on the next login', async ({ page }) => {
  const worker = { ...(await journeyWorker('wrk-e2e-password', '01077770001', 'before-pass1!', '7001')), next: 'after-pass2@' };

  await login(page, worker);
  await page.getByRole('button', { name: '환경설정' }).click();
  await page.getByRole('button', { name: '패스워드 변경' }).click();

  // A wrong current password is refused by the host, in Korean, with its code.
  await page.getByLabel('현재 비밀번호').fill('wrong-pass9!');
  await page.getByLabel('새 비밀번호', { exact: true }).fill(worker.next);
  await page.getByLabel('새 비밀번호 확인').fill(worker.next);
  await confirmButton(page).click();
  await expect(page.getByRole('alert')).toContainText('현재 비밀번호가 올바르지 않습니다.');
  await expect(page.getByRole('alert')).toContainText('오류코드 1020');

  await page.getByLabel('현재 비밀번호').fill(worker.password);
  await confirmButton(page).click();
  await expect(page.getByText('비밀번호가 변경되었습니다.', { exact: false })).toBeVisible();

  // This session goes on; the next login takes the new password only.
  await page.getByRole('button', { name: '환경설정' }).click();
  await page.getByRole('button', { name: '로그아웃' }).click();
  await page.getByLabel('아이디').fill(worker.phone);
  await page.getByLabel('비밀번호').fill(worker.password);
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page.getByRole('alert')).toContainText('오류코드 1002');
  await page.getByLabel('비밀번호').fill(worker.next);
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();
});

test('자동로그인 해제 keeps the session and only makes its cookie end with the browser', async ({ page, context }) => {
  await login(page);
  const sessionCookie = async () => (await context.cookies()).find((c) => c.name === 'evs');
  expect((await sessionCookie())?.expires).toBeGreaterThan(Date.now() / 1000);

  await page.getByRole('button', { name: '환경설정' }).click();
  await expect(page.getByTestId('auto-login')).toHaveText('사용');
  await page.getByRole('button', { name: '자동로그인 해제' }).click();
  await expect(page.getByText('자동로그인이 해제되었습니다.', { exact: false })).toBeVisible();
  await expect(page.getByTestId('auto-login')).toHaveText('해제됨');
  await expect(page.getByRole('button', { name: '자동로그인 해제' })).toBeDisabled();
  // Still on 환경설정, still logged in: the same session, its cookie now a browser-session one.
  await expect(page.getByLabel('아이디')).toHaveCount(0);
  const cookie = await sessionCookie();
  expect(cookie?.expires).toBe(-1);

  // The host still takes this session's work.
  await page.getByRole('button', { name: '이전', exact: true }).click();
  await openVoucher(page, '발달재활', rehab.cardToken);
  await expect(page.getByTestId('balance')).toHaveText(won(voucherOf(rehab.id, 'developmental-rehab').balanceKrw));
  await page.getByRole('button', { name: '취소', exact: true }).click();

  // A reload within the browser session keeps it too.
  await page.reload();
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();
});

test('a re-install on the same device keeps its 단말번호 instead of counting a new terminal', async ({ browser }) => {
  const worker = await journeyWorker('wrk-e2e-reinstall', '01077770002', 'reinstall-pass1!', '7002');
  const first = await browser.newContext();
  await first.addInitScript(installFakeNfc);
  const before = await first.newPage();
  await login(before, worker);
  await before.getByRole('button', { name: '환경설정' }).click();
  const terminalNumber = (await before.getByTestId('terminal-number').textContent())?.trim() ?? '';
  expect(terminalNumber).toMatch(/^\d{10}$/);
  await first.close();

  // The app re-installed: its storage (and the device id it kept) is gone; a fresh profile registers anew.
  const second = await browser.newContext();
  const page = await second.newPage();
  await login(page, worker);
  await expect(page.getByText('앱을 다시 설치한 같은 기기입니까?')).toBeVisible();
  await expect(page.getByTestId('reinstall-terminal-number')).toHaveText(terminalNumber);
  await page.getByRole('button', { name: '같은 기기입니다 (단말번호 유지)' }).click();
  await expect(page.getByText(`단말번호 ${terminalNumber}를 이어서 사용합니다.`)).toBeVisible();
  await page.getByRole('button', { name: '환경설정' }).click();
  await expect(page.getByTestId('terminal-number')).toHaveText(terminalNumber);

  // The next start registers this device as that terminal, and the institution counts one.
  await page.reload();
  await page.getByRole('button', { name: '환경설정' }).click();
  await expect(page.getByTestId('terminal-number')).toHaveText(terminalNumber);
  const db = hostDb();
  try {
    const { n } = db.prepare(`SELECT COUNT(DISTINCT s.terminal_id) AS n FROM sessions s WHERE s.worker_id = ?`).get(worker.id) as { n: number };
    expect(n).toBe(1);
  } finally {
    db.close();
  }
  await second.close();
});
