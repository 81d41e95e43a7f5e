/**
 * QR결제 in the provider app, in Chromium against the real host: the worker sends the request to
 * the recipient's phone number, the portal (another page) shows the host-signed QR code, and the
 * provider's camera — a second Chromium whose fake camera plays a video made from that very token —
 * reads it; the host redeems it and the payment is taken as with a card, recorded as qr.
 * 2003 and 2005 are shown in Korean with their codes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, hostDb, login, startTapCount, tapsSince, test, typeOnKeypad } from './fixtures';
import { cameraBrowser, methodsOn, portalSignUp, requestRecipient, writeQrVideo } from './request-steps';

function videoFile(): { file: string; done: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evoucher-qr-'));
  const file = path.join(dir, 'qr.y4m');
  // Until the portal shows its token the camera would see this (no payment code of this system).
  writeQrVideo('not-yet', file);
  return { file, done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('a QR결제 scanned by the camera from the portal’s real token opens the voucher screen in ≤ 4 taps, and pays as qr', async ({ page: portal }) => {
  const r = requestRecipient('rcp-e2e-qr-pay', '01029990831', '9410000000071120');
  await portalSignUp(portal, r);
  // The camera plays this file from the moment the scan screen opens: rewritten once the portal shows its token.
  const video = videoFile();
  const camera = await cameraBrowser(video.file);
  try {
    const provider = camera.page;
    await login(provider);
    // SPEC §9: program → QR결제 → phone + 확인 → 전송 확인 → scan: 4 taps.
    await startTapCount(provider);
    await provider.getByRole('button', { name: '발달재활', exact: true }).click();
    await provider.getByRole('button', { name: 'QR결제' }).click();
    await typeOnKeypad(provider, r.phone);
    await provider.getByRole('button', { name: '확인', exact: true }).click();
    await expect(provider.getByText('QR결제 요청을 보냈습니다', { exact: false })).toBeVisible();

    await expect(portal.getByText('QR결제 요청이 도착했습니다.')).toBeVisible();
    await portal.getByRole('button', { name: '요청 보기' }).click();
    const token = await portal.getByRole('img', { name: 'QR결제' }).getAttribute('data-token');
    expect(token).toMatch(/^EVQ1\./);
    writeQrVideo(token!, video.file);

    await provider.getByRole('button', { name: '확인', exact: true }).click();
    await expect(provider.getByRole('heading', { name: 'QR코드 스캔' })).toBeVisible();
    await expect(provider.getByText('5분 안에 결제 또는 취소를 완료하십시오', { exact: false })).toBeVisible({ timeout: 20_000 });
    await expect(provider.getByText('한**')).toBeVisible();
    expect(await tapsSince(provider)).toBeLessThanOrEqual(4);

    await provider.getByRole('button', { name: '서비스 결제' }).click();
    await provider.getByRole('button', { name: '정상결제' }).click();
    await typeOnKeypad(provider, '15000');
    await provider.getByRole('button', { name: '확인', exact: true }).click();
    await expect(provider.getByText('서비스 결제가 완료되었습니다.')).toBeVisible();
    expect(methodsOn(r.voucherId)).toEqual([{ method: 'qr', amountKrw: 15_000 }]);
  } finally {
    await camera.browser.close();
    video.done();
  }
});

test('2005 for a number with no portal account and 2003 for a member who never logged in, in Korean', async ({ page: portal }) => {
  const r = requestRecipient('rcp-e2e-qr-2003', '01029990812', '9410000000071102');
  await portalSignUp(portal, r);
  const db = hostDb();
  try {
    db.prepare('UPDATE recipient_accounts SET first_login_at = NULL WHERE recipient_id = ?').run(r.id);
  } finally {
    db.close();
  }
  const video = videoFile();
  const camera = await cameraBrowser(video.file);
  try {
    const provider = camera.page;
    await login(provider);
    await provider.getByRole('button', { name: '발달재활', exact: true }).click();
    await provider.getByRole('button', { name: 'QR결제' }).click();
    await typeOnKeypad(provider, '01029990899');
    await provider.getByRole('button', { name: '확인', exact: true }).click();
    const alert = provider.getByRole('alert');
    await expect(alert).toContainText('대상자가 아니거나 포털 회원이 아닙니다.');
    await expect(alert).toContainText('2005');

    await provider.getByLabel('스마트폰 번호').fill(r.phone);
    await provider.getByRole('button', { name: '확인', exact: true }).click();
    await expect(alert).toContainText('대상자 회원가입 및 로그인 상태를 확인하시기 바랍니다.');
    await expect(alert).toContainText('2003');
    await expect(provider.getByRole('heading', { name: '이용자 스마트폰 번호' })).toBeVisible();
  } finally {
    await camera.browser.close();
    video.done();
  }
});
