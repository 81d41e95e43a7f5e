/**
 * 오프라인 QR결제 with no signal on either phone (SPEC §5.5, §8), in Chromium against the real host:
 * the portal, offline, shows one of its kept offline tokens; the provider app, offline too, reads
 * it through its camera (a second Chromium whose fake camera plays that very token), verifies it
 * with the host's keys from its snapshot and queues the payment; back online, the sync redeems the
 * token once and the payment is recorded once, as qr. The same code again on the device is 2141.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, hostDb, test, typeOnKeypad } from './fixtures';
import { installApp, readStore } from './offline-steps';
import { cameraBrowser, methodsOn, portalSignUp, requestRecipient, writeQrVideo } from './request-steps';

test('with no signal on either phone, an offline QR token pays once: verified on the device, queued, redeemed at sync', async ({
  page: portal,
  context: portalContext,
}) => {
  const r = requestRecipient('rcp-e2e-qr-offline', '01029990861', '9410000000071161');
  await portalSignUp(portal, r);
  // Signed in online, the portal keeps offline tokens; reloaded under its service worker, it opens with no network.
  await portal.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => portal.evaluate(() => indexedDB.databases().then((dbs) => dbs.length))).toBeGreaterThan(0);
  await portal.reload();
  await expect(portal.getByRole('heading', { name: '내 바우처' })).toBeVisible();
  await portalContext.setOffline(true);
  await portal.reload();
  await portal.getByRole('button', { name: '오프라인 QR결제' }).click();
  await portal.getByRole('button', { name: '발달재활 QR코드 보기' }).click();
  const token = String(await portal.getByRole('img', { name: '오프라인 QR결제' }).getAttribute('data-token'));
  expect(token).toMatch(/^EVQ1\./);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'evoucher-qr-offline-'));
  const video = path.join(dir, 'qr.y4m');
  writeQrVideo(token, video);
  const camera = await cameraBrowser(video);
  try {
    const provider = camera.page;
    // Installed and snapshot taken online: the device holds the host's QR keys and this voucher.
    await installApp(provider);
    await expect
      .poll(async () => (await readStore<{ key: string; value: unknown[] }>(provider, 'meta')).find((row) => row.key === 'qrKeys')?.value.length ?? 0)
      .toBeGreaterThan(0);
    await expect
      .poll(async () => (await readStore<{ voucherId: string }>(provider, 'vouchers')).some((row) => row.voucherId === r.voucherId))
      .toBe(true);
    await camera.context.setOffline(true);

    await provider.getByRole('button', { name: '발달재활', exact: true }).click();
    await expect(provider.getByText('이용자 포털의 오프라인 QR코드로', { exact: false })).toBeVisible();
    await provider.getByRole('button', { name: 'QR결제' }).click();
    await expect(provider.getByRole('heading', { name: 'QR코드 스캔' })).toBeVisible();
    await expect(provider.getByText('5분 안에 결제 또는 취소를 완료하십시오', { exact: false })).toBeVisible({ timeout: 20_000 });
    await expect(provider.getByText('한**')).toBeVisible();
    await provider.getByRole('button', { name: '서비스 결제' }).click();
    await provider.getByRole('button', { name: '정상결제' }).click();
    await typeOnKeypad(provider, '15000');
    await provider.getByRole('button', { name: '확인', exact: true }).click();
    await expect(provider.getByText('결제가 기기에 저장되었습니다.')).toBeVisible();
    expect(methodsOn(r.voucherId)).toEqual([]);

    // The same code shown again to this device: refused before any voucher screen.
    await provider.getByRole('button', { name: '확인', exact: true }).click();
    await provider.getByRole('button', { name: '발달재활', exact: true }).click();
    await provider.getByRole('button', { name: 'QR결제' }).click();
    const alert = provider.getByRole('alert');
    await expect(alert).toContainText('이미 사용된 QR코드입니다.', { timeout: 20_000 });
    await expect(alert).toContainText('2141');
    await provider.getByRole('button', { name: '이전' }).click();

    // Signal again: the sync redeems the token and the host records the payment once, as qr.
    await camera.context.setOffline(false);
    await portalContext.setOffline(false);
    await expect.poll(() => methodsOn(r.voucherId), { timeout: 30_000 }).toEqual([{ method: 'qr', amountKrw: 15_000 }]);
    await expect.poll(async () => (await readStore<{ syncState: string }>(provider, 'commands')).map((row) => row.syncState)).not.toContain('queued');
    const db = hostDb();
    try {
      const [redeemed] = db
        .prepare('SELECT COUNT(*) AS n FROM qr_redemptions WHERE reference IN (SELECT id FROM payments WHERE voucher_id = ?)')
        .all(r.voucherId) as {
        n: number;
      }[];
      expect(redeemed?.n).toBe(1);
    } finally {
      db.close();
    }
  } finally {
    await camera.browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
