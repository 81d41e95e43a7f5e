/**
 * 오프라인 QR결제 through the real flow: with no signal, a portal's offline QR token checked on the
 * device opens the snapshot voucher, and 확인 queues a capture that carries the token (method qr)
 * and no card; a refused token is shown with its code and the camera stays.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { writeMeta, type VoucherRow } from '../db/db';
import { assembleQrToken, qrSigningInput, type QrTokenPayload } from '../domain/qr-token';
import type { FlowState } from './payment-flow';
import { buttonNamed, clickButton, fakeApp, renderFlow, screenRoot, TEST_SESSION } from './fakeApp.testkit';

const root = screenRoot();
const click = (name: string) => clickButton(root, name);

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const KEY = { keyId: 'qk-1', publicKey: String(publicKey.export({ format: 'jwk' }).x) };

function offlineToken(payload: Partial<QrTokenPayload> = {}): string {
  const now = Date.now();
  const full = {
    k: 'qk-1',
    j: `tok-${crypto.randomUUID()}`,
    t: 'offline',
    i: now - 60_000,
    e: now + 86_400_000,
    v: 'v-rehab',
    p: 'developmental-rehab',
    ...payload,
  } as QrTokenPayload;
  const { text, bytes } = qrSigningInput(full);
  return assembleQrToken(text, new Uint8Array(sign(null, bytes, privateKey)));
}

const voucher: VoucherRow = {
  voucherId: 'v-rehab',
  recipientId: 'rcp-06',
  recipientMasked: '김**',
  programId: 'developmental-rehab',
  serviceCode: '070101',
  voucherMonth: '2026-11',
  balanceKrw: 250_000,
  cardHashes: [],
  openService: null,
  balanceAt: Date.now(),
  provisionalBalanceKrw: 250_000,
  pendingCount: 0,
};

async function until(done: () => boolean | Promise<boolean>, tries = 200) {
  for (let i = 0; i < tries; i++) {
    if (await done()) return;
    await act(async () => new Promise((r) => setTimeout(r, 5)));
  }
  throw new Error('timed out');
}

/** The code the scan screen shows (the camera's own failure in this DOM is shown apart from it). */
const refusedWith = (state: FlowState): string | undefined => (state.step === 'request' ? state.error?.code : undefined);

async function offlineScanScreen() {
  const fetchMock = vi.fn(() => Promise.reject(new Error('must not fetch')));
  vi.stubGlobal('fetch', fetchMock);
  const app = fakeApp({ online: false, session: TEST_SESSION });
  await app.db.vouchers.put(voucher);
  await writeMeta(app.db, 'qrKeys', [KEY]);
  const flow = renderFlow(root, app);
  await flow.send((f) => f.start('developmental-rehab'));
  await flow.send((f) => f.scanOffline());
  expect(flow.app().flow.state).toMatchObject({ step: 'request', stage: 'offlineScan' });
  return { app, flow, fetchMock };
}

describe('오프라인 QR결제 in the payment flow', () => {
  it('opens the snapshot voucher from an offline token and queues a qr capture carrying it, never a card', async () => {
    const { app, flow, fetchMock } = await offlineScanScreen();
    const token = offlineToken();
    await flow.send((f) => f.scannedOffline(token));
    await until(() => flow.app().flow.state.step === 'voucher');
    expect(flow.app().flow.state).toMatchObject({
      step: 'voucher',
      method: 'qr',
      identified: { capture: { offline: true, voucherId: 'v-rehab', card: null, qrToken: token }, voucher: { balanceKrw: 250_000 } },
    });

    await click('서비스 결제');
    await until(() => root.textContent?.includes('정상결제') === true);
    await click('정상결제');
    for (const k of '15000') await click(k);
    await click('확인');
    await until(() => flow.app().flow.state.step === 'done');
    const [item, ...rest] = await app.db.commands.toArray();
    expect(rest).toHaveLength(0);
    expect(item!.command).toMatchObject({ kind: 'payment', method: 'qr', qrToken: token, amountKrw: 15_000, mode: 'offline' });
    expect(item!.command).not.toHaveProperty('card');
    expect(await app.device.provisionalBalanceOf('v-rehab')).toBe(235_000);
    expect(fetchMock).not.toHaveBeenCalled();

    // The same code again on this device: refused before any voucher screen.
    await flow.send((f) => f.finish());
    await flow.send((f) => f.start('developmental-rehab'));
    await flow.send((f) => f.scanOffline());
    await flow.send((f) => f.scannedOffline(token));
    await until(() => refusedWith(flow.app().flow.state) === '2141');
    expect(flow.app().flow.state).toMatchObject({ step: 'request', stage: 'offlineScan', error: { message: '이미 사용된 QR코드입니다.' } });
  });

  it('shows a token for another program as 2143 and keeps the camera open', async () => {
    const { flow, app } = await offlineScanScreen();
    await flow.send((f) => f.scannedOffline(offlineToken({ p: 'home-care' })));
    await until(() => refusedWith(flow.app().flow.state) === '2143');
    expect(flow.app().flow.state).toMatchObject({ step: 'request', stage: 'offlineScan' });
    expect(await app.db.commands.count()).toBe(0);
  });

  it('offers the offline QR code on the number of a QR결제 when the recipient’s phone has no signal, and queues the capture', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new Error('must not fetch'))),
    );
    const app = fakeApp({ online: true, session: TEST_SESSION });
    await app.db.vouchers.put(voucher);
    const flow = renderFlow(root, app);
    await flow.send((f) => f.start('developmental-rehab'));
    await flow.send((f) => f.chooseMethod('qr'));
    // No keys yet: nothing offered.
    expect(buttonNamed(root, '오프라인 QR코드 스캔')).toBeUndefined();
    await flow.send((f) => f.back());
    await writeMeta(app.db, 'qrKeys', [KEY]);
    await flow.send((f) => f.chooseMethod('qr'));
    await until(() => buttonNamed(root, '오프라인 QR코드 스캔') !== undefined);
    await click('오프라인 QR코드 스캔');
    expect(flow.app().flow.state).toMatchObject({ step: 'request', stage: 'offlineScan' });
    const token = offlineToken();
    await flow.send((f) => f.scannedOffline(token));
    await until(() => flow.app().flow.state.step === 'voucher');
    await click('서비스 결제');
    await until(() => root.textContent?.includes('정상결제') === true);
    await click('정상결제');
    for (const k of '15000') await click(k);
    await click('확인');
    await until(() => flow.app().flow.state.step === 'done');
    expect((await app.db.commands.toArray()).map((item) => item.command)).toMatchObject([{ method: 'qr', qrToken: token }]);
    expect(app.device.afterCapture).toHaveBeenCalledTimes(1);
  });
});
