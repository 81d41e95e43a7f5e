import type { Browser, Page } from '@playwright/test';
import { expect, hostDb, installFakeNfc, login, openVoucher, test } from './fixtures';
import { journeyRecipient, paymentsOn } from './journey-data';
import { DEMO_WORKERS, type DemoWorker } from '../server/src/demo/demo-data';

/**
 * 활동보조 2인이상: two workers, each on their own phone, each with their own visit on one recipient
 * at the same time. 김하늘 starts hers; 박서준 tags the same card and sees no start, starts his own;
 * each bills their own visit. Then a mistaken start is discarded (시작 취소) and started again at once.
 */
const [KIM, PARK] = DEMO_WORKERS as [DemoWorker, DemoWorker];
const PROGRAM = '활동보조 2인이상';

async function phoneOf(browser: Browser, worker: DemoWorker): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript(installFakeNfc);
  const page = await context.newPage();
  await login(page, worker);
  return page;
}

/** Moves a worker's open service on a voucher back in time, as if the visit had started `minutes` ago. */
function backdateVisit(voucherId: string, workerId: string, minutes: number) {
  const db = hostDb();
  try {
    const changed = db
      .prepare(
        `UPDATE open_services SET started_at = started_at - ?
         WHERE voucher_id = ? AND worker_id = ? AND closed_by_payment_id IS NULL AND abandoned_at IS NULL`,
      )
      .run(minutes * 60_000, voucherId, workerId).changes;
    if (changed !== 1) throw new Error(`expected one open service of ${workerId}, found ${changed}`);
  } finally {
    db.close();
  }
}

async function startVisit(page: Page, cardToken: string) {
  await openVoucher(page, PROGRAM, cardToken);
  await expect(page.getByTestId('service-started')).toHaveCount(0);
  await page.getByRole('button', { name: '서비스 시작' }).click();
  await expect(page.getByText('서비스가 시작되었습니다.', { exact: false })).toBeVisible();
}

/** 서비스 결제 of the worker's own one-hour visit, all 사회활동지원. */
async function payVisit(page: Page, cardToken: string) {
  await openVoucher(page, PROGRAM, cardToken);
  await expect(page.getByTestId('service-started')).toBeVisible();
  await page.getByRole('button', { name: '서비스 결제' }).click();
  await expect(page.getByText('1시간 0분').first()).toBeVisible();
  await page.getByLabel('사회활동지원 시').fill('1');
  await page.getByRole('button', { name: '확인', exact: true }).click();
  await expect(page.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
  await page.getByRole('button', { name: '확인', exact: true }).click();
}

test('two workers on two phones each start and bill their own visit on one 활동보조 2인이상 card', async ({ browser }) => {
  test.setTimeout(120_000);
  const recipient = journeyRecipient('rcp-e2e-two1', '두사람', 'activity-support-multi', '9410000000007201', 500_000);
  const kim = await phoneOf(browser, KIM);
  const park = await phoneOf(browser, PARK);

  await startVisit(kim, recipient.cardToken);
  // 박서준 tags the same card on his phone: 김하늘's start is not his to see, nor to bill.
  await openVoucher(park, PROGRAM, recipient.cardToken);
  await expect(park.getByTestId('service-started')).toHaveCount(0);
  await expect(park.getByRole('button', { name: '시작 취소' })).toHaveCount(0);
  await park.getByRole('button', { name: '취소', exact: true }).click();
  await startVisit(park, recipient.cardToken);

  backdateVisit(recipient.voucherId, KIM.id, 60);
  backdateVisit(recipient.voucherId, PARK.id, 60);
  await payVisit(kim, recipient.cardToken);
  await payVisit(park, recipient.cardToken);

  const payments = paymentsOn(recipient.voucherId);
  expect(payments.map((payment) => payment.workerId).sort()).toEqual([KIM.id, PARK.id]);
  expect(payments.every((payment) => payment.mode === 'normal' && payment.amountKrw > 0)).toBe(true);
  await kim.context().close();
  await park.context().close();
});

test('a mistaken 서비스 시작 is discarded (시작 취소) after a confirmation, audited, and started again at once', async ({ browser }) => {
  const recipient = journeyRecipient('rcp-e2e-two2', '취소님', 'activity-support-multi', '9410000000009202', 500_000);
  const kim = await phoneOf(browser, KIM);
  await startVisit(kim, recipient.cardToken);

  await openVoucher(kim, PROGRAM, recipient.cardToken);
  await expect(kim.getByTestId('service-started')).toBeVisible();
  await kim.getByRole('button', { name: '시작 취소' }).click();
  await expect(kim.getByRole('alertdialog')).toContainText('시작한 서비스를 취소할까요?');
  await kim.getByRole('button', { name: '시작 취소 확인' }).click();
  await expect(kim.getByText('시작한 서비스를 취소했습니다.', { exact: false })).toBeVisible();

  const db = hostDb();
  try {
    const audit = db.prepare('SELECT worker_id, terminal_id FROM service_discards WHERE voucher_id = ?').all(recipient.voucherId) as {
      worker_id: string;
      terminal_id: string;
    }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ worker_id: KIM.id, terminal_id: expect.any(String) });
  } finally {
    db.close();
  }
  // Nothing blocks a new start.
  await startVisit(kim, recipient.cardToken);
  await kim.context().close();
});
