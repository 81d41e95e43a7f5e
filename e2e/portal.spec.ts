/**
 * The recipient portal (이용자 포털, /portal/) in Chromium against the real host: sign-up, 생체인증
 * 등록 with the CDP virtual authenticator, a biometric approval that fails user verification and
 * then succeeds, a QR code the worker's side redeems, the 알림함 receiving the payment live (SSE),
 * the service worker's push handler (CDP ServiceWorker.deliverPushMessage), and installability.
 * The worker's side is driven through the host API here; its screens come with the provider app.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, request as apiRequest, type APIRequestContext } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { webcrypto } from 'node:crypto';
import { verifyQrToken, type Ed25519Verifier } from '../src/domain/qr-token';
import { expect, recipientOf, test } from './fixtures';
import { BASE, portalSignUp, requestRecipient, virtualAuthenticator } from './request-steps';

/** A worker signed in on a registered terminal, through the API (the provider app's own journeys cover its screens). */
async function workerApi(): Promise<APIRequestContext> {
  const api = await apiRequest.newContext({ baseURL: BASE });
  const deviceId = randomUUID();
  expect((await api.post('/api/terminals/register', { data: { deviceId, model: 'UT-99L' } })).ok()).toBe(true);
  const login = await api.post('/api/auth/login', { data: { phone: '01087654321', password: 'evoucher2!', autoLogin: true, deviceId } });
  expect(login.ok(), await login.text()).toBe(true);
  return api;
}

test('the portal is installable on its own scope', async () => {
  // Chromium never offers to install from an incognito profile: a real profile directory.
  const profile = mkdtempSync(path.join(os.tmpdir(), 'evoucher-portal-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    baseURL: BASE,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/portal/');
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    await expect.poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors).toEqual([]);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.url).toBe(`${BASE}/portal/manifest.webmanifest`);
    expect(JSON.parse(manifest.data ?? '{}')).toMatchObject({ id: '/portal/', scope: '/portal/', start_url: '/portal/' });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('sign-up, 생체인증 등록, and a biometric approval that fails user verification once, then succeeds', async ({ page }) => {
  const { cdp, authenticatorId } = await virtualAuthenticator(page);
  await portalSignUp(page, recipientOf('rcp-03'));

  await page.getByRole('button', { name: '로그인 및 인증관리' }).click();
  await expect(page.getByText('등록되지 않음')).toBeVisible();
  await page.getByRole('button', { name: '생체인증 등록' }).click();
  await expect(page.getByText('생체인증이 등록되었습니다.')).toBeVisible();
  await expect(page.getByText('등록됨 (1개)')).toBeVisible();
  expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials).toHaveLength(1);
  await page.getByRole('button', { name: '이전' }).click();

  const worker = await workerApi();
  const r = recipientOf('rcp-03');
  const sent = await worker.post('/api/biometric/requests', { data: { phone: r.phone, programId: r.programId, amountCapKrw: 80_000 } });
  expect(sent.ok(), await sent.text()).toBe(true);
  const { requestId } = (await sent.json()) as { requestId: string };

  // The open portal hears of it over SSE.
  await expect(page.getByText('생체인증결제 승인 요청이 도착했습니다.')).toBeVisible();
  await page.getByRole('button', { name: '요청 보기' }).click();
  await expect(page.getByRole('heading', { name: '생체인증결제 승인' })).toBeVisible();
  await expect(page.getByText('80,000원')).toBeVisible();

  await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
  await page.getByRole('button', { name: '생체인증으로 승인' }).click();
  await expect(page.getByText('생체인증이 완료되지 않았습니다. 다시 시도해 주세요.')).toBeVisible();
  expect((await (await worker.get(`/api/biometric/requests/${requestId}`)).json()).status).toBe('pending');

  await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: true });
  await page.getByRole('button', { name: '생체인증으로 승인' }).click();
  await expect(page.getByText('승인했습니다.', { exact: false })).toBeVisible();
  const result = (await (await worker.get(`/api/biometric/requests/${requestId}`)).json()) as {
    status: string;
    voucher: { programId: string; recipientMasked: string };
  };
  expect(result.status).toBe('approved');
  expect(result.voucher).toMatchObject({ programId: r.programId, recipientMasked: '정**' });
  await worker.dispose();
});

test('a QR code the worker redeems once, and the payment arriving in the 알림함 live', async ({ page }) => {
  const r = requestRecipient('rcp-portal-qr', '01029990701', '9410000000070701', 'language-development');
  await portalSignUp(page, r);
  const worker = await workerApi();
  const sent = await worker.post('/api/qr/requests', { data: { phone: r.phone, programId: r.programId } });
  expect(sent.ok(), await sent.text()).toBe(true);

  await expect(page.getByText('QR결제 요청이 도착했습니다.')).toBeVisible();
  await page.getByRole('button', { name: '요청 보기' }).click();
  const qr = page.getByRole('img', { name: 'QR결제' });
  await expect(qr).toBeVisible();
  await expect(page.getByRole('timer')).toContainText(/남은 시간 [23]분/);
  const token = await qr.getAttribute('data-token');
  expect(token).toMatch(/^EVQ1\./);

  const redeemed = await worker.post('/api/qr/redeem', { data: { token } });
  expect(redeemed.ok(), await redeemed.text()).toBe(true);
  const { lookupId } = (await redeemed.json()) as { lookupId: string };
  expect((await (await worker.post('/api/qr/redeem', { data: { token } })).json()).code).toBe('2141');

  await page.getByRole('button', { name: '이전' }).click();
  await expect(page.getByRole('heading', { name: '내 바우처' })).toBeVisible();
  const now = Date.now();
  const paid = await worker.post('/api/payments', {
    data: {
      paymentId: randomUUID(),
      lookupId,
      method: 'qr',
      mode: 'normal',
      openServiceId: null,
      serviceEndAt: now,
      minutesByType: {},
      amountKrw: 15_000,
      deviceAt: now,
    },
  });
  expect(paid.ok(), await paid.text()).toBe(true);
  const receipt = (await paid.json()) as { approvalNumber: string };

  await expect(page.getByText('새 결제 알림이 도착했습니다.')).toBeVisible();
  await page.getByRole('button', { name: '알림 보기' }).click();
  const facts = page.getByRole('definition');
  await expect(page.getByRole('heading', { name: '결제 완료' })).toBeVisible();
  await expect(facts.filter({ hasText: receipt.approvalNumber })).toBeVisible();
  await expect(facts.filter({ hasText: '성남주간보호센터-발달' })).toBeVisible();
  await expect(facts.filter({ hasText: '박서준' })).toBeVisible();
  await expect(facts.filter({ hasText: '15,000원' })).toBeVisible();
  await worker.dispose();
});

test('the service worker shows a push as a notification that names nothing, opening the portal on it', async ({ page, context }) => {
  await context.grantPermissions(['notifications'], { origin: BASE });
  await page.goto('/portal/');
  await page.evaluate(() => navigator.serviceWorker.ready);
  const cdp = await context.newCDPSession(page);
  const registered = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const found = registrations.find((r) => r.scopeURL === `${BASE}/`);
      if (found) resolve(found.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  const registrationId = await registered;
  await cdp.send('ServiceWorker.deliverPushMessage', { origin: BASE, registrationId, data: JSON.stringify({ type: 'inbox', messageId: 'msg-1' }) });
  await expect
    .poll(async () =>
      page.evaluate(async () => {
        const reg = await navigator.serviceWorker.ready;
        return (await reg.getNotifications()).map((n) => ({ title: n.title, body: n.body, data: n.data as unknown }));
      }),
    )
    .toEqual([
      { title: '사회서비스 전자바우처', body: '결제 알림이 도착했습니다. 눌러서 알림함에서 확인해 주세요.', data: { url: '/portal/#inbox/msg-1' } },
    ]);
});

test('with no network the portal still opens and shows an offline QR token the provider app can verify', async ({ page, context }) => {
  const r = requestRecipient('rcp-portal-off', '01029990702', '9410000000070702', 'language-development');
  await portalSignUp(page, r);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // Signed in, the portal has fetched its offline tokens; the worker's device has the host's keys from its snapshot.
  const worker = await workerApi();
  const snapshot = (await (await worker.get('/api/device/snapshot')).json()) as { qrKeys: { keyId: string; publicKey: string }[] };
  await worker.dispose();
  await expect.poll(() => page.evaluate(() => indexedDB.databases().then((dbs) => dbs.length))).toBeGreaterThan(0);
  await page.reload();
  await expect(page.getByRole('heading', { name: '내 바우처' })).toBeVisible();

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: '로그인' })).toBeVisible();
  await page.getByRole('button', { name: '오프라인 QR결제' }).click();
  await page.getByRole('button', { name: '언어발달 QR코드 보기', exact: false }).click();
  const qr = page.getByRole('img', { name: '오프라인 QR결제' });
  await expect(qr).toBeVisible();
  const token = String(await qr.getAttribute('data-token'));
  const verified = await verifyQrToken(token, snapshot.qrKeys, Date.now(), webcrypto.subtle as unknown as Ed25519Verifier);
  expect(verified.ok && verified.value.t).toBe('offline');
  expect(verified.ok && verified.value.v).toBe(r.voucherId);
  await context.setOffline(false);
});

test('로그인 keeps the 아이디 with 아이디저장 and a lasting session with 자동로그인; 생체인증 해제 removes the enrolment', async ({
  page,
  context,
}) => {
  await virtualAuthenticator(page);
  const r = requestRecipient('rcp-portal-login', '01029990703', '9410000000070703');
  await portalSignUp(page, r);
  await page.getByRole('button', { name: '로그인 및 인증관리' }).click();
  await page.getByRole('button', { name: '생체인증 등록' }).click();
  await expect(page.getByText('등록됨 (1개)')).toBeVisible();
  await page.getByRole('button', { name: '생체인증 해제' }).click();
  await expect(page.getByText('생체인증이 해제되었습니다.')).toBeVisible();
  await expect(page.getByText('등록되지 않음')).toBeVisible();
  await page.getByRole('button', { name: '이전' }).click();

  const sessionCookie = async () => (await context.cookies()).find((cookie) => cookie.name === 'evr');
  const logIn = async (options: { saveId: boolean; autoLogin: boolean }) => {
    await expect(page.getByRole('heading', { name: '로그인' })).toBeVisible();
    await page.getByLabel('아이디 (스마트폰 번호)').fill(r.phone);
    await page.getByLabel('비밀번호').fill('portal-e2e1!');
    await page.getByLabel('아이디저장').setChecked(options.saveId);
    await page.getByLabel('자동로그인').setChecked(options.autoLogin);
    await page.getByRole('button', { name: '로그인', exact: true }).click();
    await expect(page.getByRole('heading', { name: '내 바우처' })).toBeVisible();
  };

  // 자동로그인: a cookie that outlives the browser.
  await page.getByRole('button', { name: '로그아웃' }).click();
  await logIn({ saveId: true, autoLogin: true });
  expect((await sessionCookie())?.expires).toBeGreaterThan(Date.now() / 1000 + 24 * 3600);
  // 아이디저장: the number is there at the next 로그인, the password never is.
  await page.getByRole('button', { name: '로그아웃' }).click();
  await expect(page.getByLabel('아이디 (스마트폰 번호)')).toHaveValue(r.phone);
  await expect(page.getByLabel('비밀번호')).toHaveValue('');
  await expect(page.getByLabel('아이디저장')).toBeChecked();
  // Without either: a cookie that ends with the browser, and no number kept.
  await logIn({ saveId: false, autoLogin: false });
  expect((await sessionCookie())?.expires).toBe(-1);
  await page.getByRole('button', { name: '로그아웃' }).click();
  await page.reload();
  await expect(page.getByLabel('아이디 (스마트폰 번호)')).toHaveValue('');
});
