import { chromium, type BrowserContext, type Page } from '@playwright/test';
import config, { CHROMIUM_ARGS } from '../playwright.config';
import { expect, installFakeNfc, login, openVoucher, typeOnKeypad, won } from './fixtures';

/**
 * Steps shared by the journeys that need a real browser profile (offline, update): only a
 * persistent context proves that IndexedDB and the service worker survive closing the app.
 */

/** A headless Chromium on its own user-data dir, with the fake NFC reader installed. */
export async function launchProfile(userDataDir: string, baseURL: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: config.use?.launchOptions?.executablePath ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    baseURL,
    locale: 'ko-KR',
    timezoneId: 'Asia/Seoul',
  });
  await context.addInitScript(installFakeNfc);
  return context;
}

/** Logs in online and reloads once the service worker is ready, so that it controls the page. */
export async function installApp(page: Page): Promise<void> {
  await login(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

/** Reads a whole object store of the device database with the plain IndexedDB API (not the app's code). */
export function readStore<T = Record<string, unknown>>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('evoucher');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(name)) {
            db.close();
            resolve([]);
            return;
          }
          const all = db.transaction(name, 'readonly').objectStore(name).getAll();
          all.onsuccess = () => {
            resolve(all.result as T[]);
            db.close();
          };
          all.onerror = () => reject(all.error);
        };
      }),
    store,
  );
}

/**
 * An amount payment taken with no signal: the voucher comes from the device, 확인 saves it to the
 * outbox. Given the balance the device knew, it also checks the provisional balance before and after.
 */
export async function payAmountOffline(page: Page, programName: string, cardToken: string, amountKrw: number, knownBalanceKrw?: number) {
  await openVoucher(page, programName, cardToken);
  if (knownBalanceKrw !== undefined) {
    await expect(page.getByText('잔액 (전송 대기 반영, 임시)')).toBeVisible();
    await expect(page.getByTestId('balance')).toHaveText(won(knownBalanceKrw));
    await expect(page.getByText('결제는 이 기기에 저장되고 통신이 되면 전송됩니다', { exact: false }).first()).toBeVisible();
  }
  await page.getByRole('button', { name: '서비스 결제' }).click();
  await page.getByRole('button', { name: '정상결제' }).click();
  await typeOnKeypad(page, String(amountKrw));
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByText('결제가 기기에 저장되었습니다. 통신이 되면 자동으로 전송됩니다.')).toBeVisible();
  if (knownBalanceKrw !== undefined) {
    await expect(page.getByTestId('approval-number')).toHaveText('전송 후 발급');
    await expect(page.getByTestId('balance')).toHaveText(won(knownBalanceKrw - amountKrw));
  }
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();
}
