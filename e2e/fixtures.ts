import { test as base, expect, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import path from 'node:path';
import { E2E_DATA_DIR } from '../playwright.config';
import { DEMO_RECIPIENTS, DEMO_WORKERS } from '../server/src/demo/demo-data';

export { expect };
export const demoWorker = DEMO_WORKERS[0]!;
export const recipientOf = (id: string) => DEMO_RECIPIENTS.find((r) => r.id === id)!;

/**
 * Desktop Chromium has no Web NFC, so the journeys inject an `NDEFReader` that behaves like the
 * real one at the browser boundary: `scan()` arms it, `window.__tagCard(token)` delivers a
 * 'reading' event carrying one NDEF text record, as a tag written by the institution would.
 */
export function installFakeNfc() {
  const readers = new Set<EventTarget>();
  class FakeNDEFReader extends EventTarget {
    #onreading: ((e: Event) => void) | null = null;
    get onreading() {
      return this.#onreading;
    }
    set onreading(handler: ((e: Event) => void) | null) {
      if (this.#onreading) this.removeEventListener('reading', this.#onreading);
      this.#onreading = handler;
      if (handler) this.addEventListener('reading', handler);
    }
    onreadingerror = null;
    async scan(options: { signal?: AbortSignal } = {}) {
      readers.add(this);
      options.signal?.addEventListener('abort', () => readers.delete(this));
    }
  }
  Object.assign(window, {
    NDEFReader: FakeNDEFReader,
    __armedReaders: () => readers.size,
    __tagCard(token: string) {
      const data = new TextEncoder().encode(token);
      for (const reader of readers) {
        const event = Object.assign(new Event('reading'), {
          serialNumber: '04:a2:3c:9f:11:80:7e',
          message: { records: [{ recordType: 'text', mediaType: null, id: null, encoding: 'utf-8', lang: 'ko', data: new DataView(data.buffer) }] },
        });
        reader.dispatchEvent(event);
      }
    },
  });
}

/**
 * SPEC §9 counts a flow's taps as the seed's screens need them, digit keys excluded. From now on
 * the page counts every click on a button, radio or switch that is not a digit key of the
 * terminal keypad; `tapsSince` reads the count. (Tagging a card is one more tap, counted by the test.)
 */
export async function startTapCount(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __taps: number; __tapListener?: boolean };
    w.__taps = 0;
    if (w.__tapListener) return;
    w.__tapListener = true;
    document.addEventListener(
      'click',
      (event) => {
        const target = (event.target as Element | null)?.closest('button, input[type="radio"], input[type="checkbox"]');
        if (!target) return;
        const digitKey = target.classList.contains('key') && !target.classList.contains('key-fn');
        if (!digitKey) w.__taps += 1;
      },
      true,
    );
  });
}

export function tapsSince(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __taps: number }).__taps);
}

/** Tags a card once the card screen has armed the reader. */
export async function tagCard(page: Page, token: string) {
  await expect.poll(() => page.evaluate(() => (window as unknown as { __armedReaders(): number }).__armedReaders())).toBeGreaterThan(0);
  await page.evaluate((t) => (window as unknown as { __tagCard(t: string): void }).__tagCard(t), token);
}

/** Opens a program's voucher by tagging its card, up to the screen with the 5-minute notice. */
export async function openVoucher(page: Page, programName: string, cardToken: string) {
  await page.getByRole('button', { name: programName, exact: true }).click();
  await page.getByRole('button', { name: '카드', exact: true }).click();
  await tagCard(page, cardToken);
  await expect(page.getByText('5분 안에 결제 또는 취소를 완료하십시오', { exact: false })).toBeVisible();
}

export async function typeOnKeypad(page: Page, digits: string) {
  for (const d of digits) await page.getByRole('button', { name: d, exact: true }).click();
}

export async function login(page: Page, worker = demoWorker) {
  await page.goto('/');
  await page.getByLabel('아이디').fill(worker.phone);
  await page.getByLabel('비밀번호').fill(worker.password);
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page.getByRole('button', { name: '환경설정' })).toBeVisible();
}

/** The host's own database file, opened beside the running host (WAL allows a second connection). */
export function hostDb(): Database.Database {
  return new Database(path.join(E2E_DATA_DIR, 'evoucher.sqlite'));
}

/** Moves the open service of a voucher back in time, as if the visit had started `minutes` ago. */
export function backdateOpenService(recipientId: string, minutes: number) {
  const db = hostDb();
  try {
    const changed = db
      .prepare(
        `UPDATE open_services SET started_at = started_at - ?
        WHERE closed_by_payment_id IS NULL
          AND voucher_id IN (SELECT id FROM vouchers WHERE recipient_id = ?)`,
      )
      .run(minutes * 60_000, recipientId).changes;
    if (changed !== 1) throw new Error(`expected one open service for ${recipientId}, found ${changed}`);
  } finally {
    db.close();
  }
}

/** The recipient's latest voucher of a program: its balance and the sum of its ledger entries. */
export function voucherOf(recipientId: string, programId: string): { balanceKrw: number; ledgerSumKrw: number } {
  const db = hostDb();
  try {
    const row = db
      .prepare(
        `SELECT v.balance_krw AS balance, (SELECT COALESCE(SUM(l.delta_krw), 0) FROM ledger_entries l WHERE l.voucher_id = v.id) AS ledger
         FROM vouchers v WHERE v.recipient_id = ? AND v.program_id = ? ORDER BY v.month DESC LIMIT 1`,
      )
      .get(recipientId, programId) as { balance: number; ledger: number } | undefined;
    if (!row) throw new Error(`no voucher for ${recipientId}`);
    return { balanceKrw: Number(row.balance), ledgerSumKrw: Number(row.ledger) };
  } finally {
    db.close();
  }
}

export const test = base.extend({
  context: async ({ context }, use) => {
    await context.addInitScript(installFakeNfc);
    await use(context);
  },
});

export const won = (n: number) => `${new Intl.NumberFormat('ko-KR').format(n)}원`;
