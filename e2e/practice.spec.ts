import type { Browser, Page } from '@playwright/test';
import { DEMO_WORKERS } from '../server/src/demo/demo-data';
import { expect, hostDb, installFakeNfc, login, openVoucher, recipientOf, tagCard, test, typeOnKeypad, voucherOf, won } from './fixtures';
import { journeyRecipient } from './journey-data';
import { readStore } from './offline-steps';

/**
 * 연습모드: a trainee walks the payment flows with the real screens on practice cards — an amount
 * session, a time visit started and paid, one with no signal — and nothing real moves: the host's
 * balances, ledger, payments and notifications, the device's real outbox (which holds a refusal
 * the worker has not read yet), not one request to a money endpoint. Leaving practice returns to
 * real work cleanly.
 */

/** What the host holds that practice must never change. */
function hostState() {
  const db = hostDb();
  try {
    const one = (sql: string) => Number((db.prepare(sql).get() as { n: number }).n);
    return {
      balances: one('SELECT COALESCE(SUM(balance_krw), 0) AS n FROM vouchers'),
      ledger: one('SELECT COUNT(*) AS n FROM ledger_entries'),
      payments: one('SELECT COUNT(*) AS n FROM payments'),
      commands: one('SELECT COUNT(*) AS n FROM commands'),
      events: one('SELECT COUNT(*) AS n FROM domain_events'),
      inbox: one('SELECT COUNT(*) AS n FROM inbox_messages'),
      lookups: one('SELECT COUNT(*) AS n FROM lookups'),
    };
  } finally {
    db.close();
  }
}

/** The number of rows of a store of a device database, read with the plain IndexedDB API. */
function countStore(page: Page, database: string, store: string): Promise<number> {
  return page.evaluate(
    ([name, table]) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(name!);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(table!)) {
            db.close();
            resolve(0);
            return;
          }
          const count = db.transaction(table!, 'readonly').objectStore(table!).count();
          count.onsuccess = () => {
            resolve(count.result);
            db.close();
          };
          count.onerror = () => reject(count.error);
        };
      }),
    [database, store],
  );
}

const confirm = (page: Page) => page.getByRole('button', { name: '확인', exact: true });

/** 서비스 결제 of an amount program on an open voucher screen: 정상결제, the amount, 확인. */
async function payAmount(page: Page, amountKrw: number) {
  await page.getByRole('button', { name: '서비스 결제' }).click();
  await page.getByRole('button', { name: '정상결제' }).click();
  await typeOnKeypad(page, String(amountKrw));
  await confirm(page).click();
}

/**
 * Puts a real item in the real outbox that stays there: a payment captured with no signal that the
 * host refuses on sync (잔액 부족: another worker's online payment got there first), not yet
 * acknowledged in 전송 현황.
 */
async function leaveRefusedCapture(page: Page, browser: Browser, setOffline: (offline: boolean) => Promise<void>) {
  const recipient = journeyRecipient('rcp-e2e-pr1', '연습가', 'developmental-rehab', '9410000000007501', 10_000);
  await login(page);
  await expect
    .poll(async () => (await readStore<{ recipientId: string }>(page, 'vouchers')).some((row) => row.recipientId === recipient.id))
    .toBe(true);
  await setOffline(true);
  await openVoucher(page, '발달재활', recipient.cardToken);
  await expect(page.getByTestId('balance')).toHaveText(won(10_000));
  await payAmount(page, 8_000);
  await expect(page.getByText('결제가 기기에 저장되었습니다. 통신이 되면 자동으로 전송됩니다.')).toBeVisible();
  await confirm(page).click();

  const other = await browser.newContext();
  try {
    await other.addInitScript(installFakeNfc);
    const otherPage = await other.newPage();
    await login(otherPage, DEMO_WORKERS[1]!);
    await openVoucher(otherPage, '발달재활', recipient.cardToken);
    await payAmount(otherPage, 5_000);
    await expect(otherPage.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
  } finally {
    await other.close();
  }

  await setOffline(false);
  await expect(page.getByRole('alert').filter({ hasText: '전송이 거절된 결제가 1건 있습니다' })).toBeVisible({ timeout: 20_000 });
  const outbox = await readStore<{ syncState: string; refusal?: { code: string } }>(page, 'commands');
  expect(outbox).toHaveLength(1);
  expect(outbox[0]).toMatchObject({ syncState: 'refused', refusal: { code: '2101' } });
  return outbox;
}

test('a practice payment leaves real balances, the ledger, the notifications and the outbox untouched', async ({ page, context, browser }) => {
  test.setTimeout(120_000);
  const realOutbox = await leaveRefusedCapture(page, browser, (offline) => context.setOffline(offline));
  const before = hostState();

  await page.getByRole('button', { name: '환경설정' }).click();
  await page.getByRole('button', { name: '연습모드' }).click();
  await page.getByRole('button', { name: '연습 시작' }).click();
  const banner = page.getByRole('region', { name: '연습모드' });
  await expect(banner).toContainText('연습모드 — 실제 결제가 아닙니다');
  await expect(page.getByText('연습모드를 시작했습니다. 실제 결제는 되지 않습니다.')).toBeVisible();

  // From here on, nothing may reach a money endpoint of the host.
  const reached: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (/^\/api\/(cards|payments|services|sync|device|auth|terminals)/.test(url.pathname)) reached.push(url.pathname);
  });

  // An amount session, on a practice card: the real screens, a marked approval number.
  await openVoucher(page, '발달재활', 'PRACTICE-developmental-rehab');
  await expect(banner).toBeVisible();
  await expect(page.getByTestId('balance')).toHaveText(won(1_000_000));
  await payAmount(page, 15_000);
  await expect(page.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
  await expect(page.getByTestId('approval-number')).toHaveText(/^99999\d{7}$/);
  await expect(page.getByTestId('practice-mark')).toHaveText('연습');
  await expect(page.getByTestId('balance')).toHaveText(won(985_000));
  await confirm(page).click();

  // A time visit: 서비스 시작 (recorded an hour ago in practice), then 서비스 결제 with the split.
  await openVoucher(page, '활동보조', 'PRACTICE-activity-support');
  await page.getByRole('button', { name: '서비스 시작' }).click();
  await expect(page.getByText('서비스가 시작되었습니다', { exact: false })).toBeVisible();
  await openVoucher(page, '활동보조', 'PRACTICE-activity-support');
  await page.getByRole('button', { name: '서비스 결제' }).click();
  await page.getByRole('button', { name: '사회활동지원 남은 시간 모두' }).click();
  await confirm(page).click();
  await expect(page.getByTestId('approval-number')).toHaveText(/^99999\d{7}$/);
  await expect(page.getByTestId('payment-amount')).toHaveText(won(17_270));
  await confirm(page).click();

  // With no signal: captured into practice's own outbox, sent to the practice host when back.
  await context.setOffline(true);
  await openVoucher(page, '발달재활', 'PRACTICE-developmental-rehab');
  await payAmount(page, 10_000);
  await expect(page.getByText('결제가 기기에 저장되었습니다. 통신이 되면 자동으로 전송됩니다.')).toBeVisible();
  await confirm(page).click();
  expect(await countStore(page, 'evoucher-practice', 'commands')).toBe(1);
  expect(await readStore(page, 'commands')).toEqual(realOutbox);
  await context.setOffline(false);
  await expect.poll(() => countStore(page, 'evoucher-practice', 'commands')).toBe(0);

  // Nothing real moved, nothing reached the host.
  expect(reached).toEqual([]);
  expect(hostState()).toEqual(before);
  expect(await readStore(page, 'commands')).toEqual(realOutbox);

  // 연습 종료: real mode again, the practice data gone, real work as before.
  await banner.getByRole('button', { name: '연습 종료' }).click();
  await expect(page.getByText('연습모드를 마쳤습니다. 실제 결제 화면으로 돌아왔습니다.')).toBeVisible();
  await expect(banner).toHaveCount(0);
  await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name))).not.toContain('evoucher-practice');
  const rehab = recipientOf('rcp-06');
  await openVoucher(page, '발달재활', rehab.cardToken);
  await expect(page.getByTestId('balance')).toHaveText(won(voucherOf(rehab.id, 'developmental-rehab').balanceKrw));
  await page.getByRole('button', { name: '취소', exact: true }).click();
  expect(reached.filter((path) => path === '/api/cards/lookup')).toHaveLength(1);
  expect(hostState()).toEqual({ ...before, lookups: before.lookups + 1 });
  // The refusal is still there for the worker to read, exactly as it was.
  expect(await readStore(page, 'commands')).toEqual(realOutbox);
  await expect(page.getByRole('alert').filter({ hasText: '전송이 거절된 결제가 1건 있습니다' })).toBeVisible();
});

test('a practice card is unknown to the real host', async ({ page }) => {
  await login(page);
  await page.getByRole('button', { name: '발달재활', exact: true }).click();
  await page.getByRole('button', { name: '카드', exact: true }).click();
  await tagCard(page, 'PRACTICE-developmental-rehab');
  await expect(page.getByRole('alert')).toContainText('오류코드 2001');
});
