/**
 * 생체인증결제 in the provider app, in Chromium against the real host: the worker sends the request
 * with the amount to approve, waits, and the recipient approves in the portal (another context)
 * with the CDP virtual authenticator; the voucher screen opens on the provider's page and the
 * payment is recorded as biometric. A failed user verification leaves the worker waiting; a
 * request past its time ends in 인증 유효시간 초과 (2144) and asks for the number again.
 */
import type { Browser, Page } from '@playwright/test';
import { expect, hostDb, installFakeNfc, login, startTapCount, tapsSince, test, typeOnKeypad } from './fixtures';
import { BASE, enrolBiometric, methodsOn, portalSignUp, requestRecipient, virtualAuthenticator } from './request-steps';

async function providerPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE, locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
  await context.addInitScript(installFakeNfc);
  const page = await context.newPage();
  await login(page);
  return page;
}

/** 발달재활 → 생체인증결제 → the number → the amount → 전송 확인: the waiting screen. */
async function requestApproval(provider: Page, phone: string, amountCapKrw: string) {
  await provider.getByRole('button', { name: '발달재활', exact: true }).click();
  await provider.getByRole('button', { name: '생체인증결제' }).click();
  await typeOnKeypad(provider, phone);
  await provider.getByRole('button', { name: '확인', exact: true }).click();
  await expect(provider.getByRole('heading', { name: '승인 요청 금액' })).toBeVisible();
  await typeOnKeypad(provider, amountCapKrw);
  await provider.getByRole('button', { name: '확인', exact: true }).click();
  await expect(provider.getByText('생체인증결제 요청을 보냈습니다', { exact: false })).toBeVisible();
  await provider.getByRole('button', { name: '확인', exact: true }).click();
  await expect(provider.getByRole('heading', { name: '생체인증 대기' })).toBeVisible();
}

async function openRequest(portal: Page) {
  await expect(portal.getByText('생체인증결제 승인 요청이 도착했습니다.')).toBeVisible();
  await portal.getByRole('button', { name: '요청 보기' }).click();
  await expect(portal.getByRole('heading', { name: '생체인증결제 승인' })).toBeVisible();
}

test('an approved 생체인증결제 opens the voucher screen on the waiting provider in ≤ 5 taps, and pays as biometric', async ({
  page: portal,
  browser,
}) => {
  await virtualAuthenticator(portal);
  const r = requestRecipient('rcp-e2e-bio-pay', '01029990821', '9410000000071201');
  await portalSignUp(portal, r);
  await enrolBiometric(portal);
  const provider = await providerPage(browser);
  try {
    // SPEC §9: program → 생체인증결제 → phone + 확인 → (amount + 확인) → 전송 확인 → wait → success: ≤ 5 taps.
    await startTapCount(provider);
    await requestApproval(provider, r.phone, '30000');
    await openRequest(portal);
    await expect(portal.getByText('30,000원')).toBeVisible();
    await portal.getByRole('button', { name: '생체인증으로 승인' }).click();
    await expect(portal.getByText('승인했습니다.', { exact: false })).toBeVisible();

    await expect(provider.getByText('5분 안에 결제 또는 취소를 완료하십시오', { exact: false })).toBeVisible();
    await expect(provider.getByText('한**')).toBeVisible();
    expect(await tapsSince(provider)).toBeLessThanOrEqual(5);

    await provider.getByRole('button', { name: '서비스 결제' }).click();
    await provider.getByRole('button', { name: '정상결제' }).click();
    await expect(provider.getByText('이용자 승인 금액 30,000원')).toBeVisible();
    await typeOnKeypad(provider, '40000');
    await expect(provider.getByRole('alert')).toContainText('2147');
    await expect(provider.getByRole('button', { name: '확인', exact: true })).toBeDisabled();
    for (let i = 0; i < 5; i++) await provider.getByRole('button', { name: '지우기' }).click();
    await typeOnKeypad(provider, '20000');
    await provider.getByRole('button', { name: '확인', exact: true }).click();
    await expect(provider.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
    expect(methodsOn(r.voucherId)).toEqual([{ method: 'biometric', amountKrw: 20_000 }]);
  } finally {
    await provider.context().close();
  }
});

test('거래취소 by 생체인증: approved in the portal, today’s biometric payment is cancelled from the voucher screen, and the portal is told', async ({
  page: portal,
  browser,
}) => {
  await virtualAuthenticator(portal);
  const r = requestRecipient('rcp-e2e-bio-cancel', '01029990824', '9410000000071204');
  await portalSignUp(portal, r);
  await enrolBiometric(portal);
  const provider = await providerPage(browser);
  try {
    await requestApproval(provider, r.phone, '20000');
    await openRequest(portal);
    await portal.getByRole('button', { name: '생체인증으로 승인' }).click();
    await provider.getByRole('button', { name: '서비스 결제' }).click();
    await provider.getByRole('button', { name: '정상결제' }).click();
    await typeOnKeypad(provider, '20000');
    await provider.getByRole('button', { name: '확인', exact: true }).click();
    await expect(provider.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
    await provider.getByRole('button', { name: '확인', exact: true }).click();
    await portal.getByRole('button', { name: '내 바우처로' }).click();

    // Seed §7 거래취소: 생체인증결제 → the number → the recipient's approval → 거래 취소 → 당일거래 취소 → the payment → 확인.
    await requestApproval(provider, r.phone, '20000');
    await openRequest(portal);
    await expect(portal.getByText('결제(취소)를 진행합니다', { exact: false })).toBeVisible();
    await portal.getByRole('button', { name: '생체인증으로 승인' }).click();
    await expect(portal.getByText('승인했습니다.', { exact: false })).toBeVisible();
    await provider.getByRole('button', { name: '거래 취소' }).click();
    await provider.getByRole('button', { name: '당일거래 취소' }).click();
    await expect(provider.getByRole('heading', { name: '당일거래내역' })).toBeVisible();
    await provider.getByRole('button', { name: /결제금액 20,000원/ }).click();
    await provider.getByRole('button', { name: '확인', exact: true }).click();
    await expect(provider.getByText('거래가 취소되었습니다.')).toBeVisible();
    await expect(provider.getByTestId('balance')).toHaveText('300,000원');

    const db = hostDb();
    try {
      const cancelled = db
        .prepare('SELECT COUNT(*) AS n FROM cancellations WHERE payment_id IN (SELECT id FROM payments WHERE voucher_id = ?)')
        .get(r.voucherId) as { n: number };
      expect(cancelled.n).toBe(1);
    } finally {
      db.close();
    }
    await portal.getByRole('button', { name: '내 바우처로' }).click();
    await expect(portal.getByText('새 결제 알림이 도착했습니다.')).toBeVisible();
    await portal.getByRole('button', { name: '알림 보기' }).click();
    await expect(portal.getByRole('heading', { name: '결제 취소' })).toBeVisible();
  } finally {
    await provider.context().close();
  }
});

test('a failed user verification leaves the provider waiting; the approval then goes through', async ({ page: portal, browser }) => {
  const { cdp, authenticatorId } = await virtualAuthenticator(portal);
  const r = requestRecipient('rcp-e2e-bio-uv', '01029990822', '9410000000071202');
  await portalSignUp(portal, r);
  await enrolBiometric(portal);
  const provider = await providerPage(browser);
  try {
    await requestApproval(provider, r.phone, '50000');
    await openRequest(portal);
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
    await portal.getByRole('button', { name: '생체인증으로 승인' }).click();
    await expect(portal.getByText('생체인증이 완료되지 않았습니다. 다시 시도해 주세요.')).toBeVisible();
    // Two rounds of the provider's polling later it is still waiting.
    await provider.waitForTimeout(4_500);
    await expect(provider.getByRole('heading', { name: '생체인증 대기' })).toBeVisible();

    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: true });
    await portal.getByRole('button', { name: '생체인증으로 승인' }).click();
    await expect(provider.getByText('5분 안에 결제 또는 취소를 완료하십시오', { exact: false })).toBeVisible();
  } finally {
    await provider.context().close();
  }
});

test('no approval in time: 인증 유효시간 초과 (2144), and the number is asked again', async ({ page: portal, browser }) => {
  await virtualAuthenticator(portal);
  const r = requestRecipient('rcp-e2e-bio-ttl', '01029990823', '9410000000071203');
  await portalSignUp(portal, r);
  await enrolBiometric(portal);
  const provider = await providerPage(browser);
  try {
    await requestApproval(provider, r.phone, '40000');
    // The request's 3 minutes pass (APPROVAL_TTL_SECONDS): moved on the host instead of waited for.
    const db = hostDb();
    try {
      const moved = db
        .prepare(`UPDATE payment_requests SET expires_at = ? WHERE recipient_id = ? AND status = 'pending'`)
        .run(Date.now() - 1_000, r.id).changes;
      expect(moved).toBe(1);
    } finally {
      db.close();
    }
    const alert = provider.getByRole('alert');
    await expect(alert).toContainText('인증 유효시간 초과');
    await expect(alert).toContainText('2144');
    await expect(provider.getByRole('heading', { name: '이용자 스마트폰 번호' })).toBeVisible();
    await expect(provider.getByLabel('스마트폰 번호')).toHaveValue(r.phone);
  } finally {
    await provider.context().close();
  }
});
