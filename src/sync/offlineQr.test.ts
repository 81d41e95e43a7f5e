import { generateKeyPairSync, sign, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { writeMeta, type VoucherRow } from '../db/db';
import { freshTestDb } from '../db/testDb.testkit';
import { assembleQrToken, qrSigningInput, type Ed25519Verifier, type QrTokenPayload } from '../domain/qr-token';
import { enqueuePayment } from './enqueue';
import { canVerifyOfflineQr, findVoucherByOfflineQr } from './offlineQr';

const subtle = webcrypto.subtle as unknown as Ed25519Verifier;
const NOW = 1_790_000_000_000;

function keyPair(keyId: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { keyId, publicKey: String(publicKey.export({ format: 'jwk' }).x), privateKey };
}
const hostKey = keyPair('qk-1');
const otherHost = keyPair('qk-1');

function tokenOf(payload: Partial<QrTokenPayload> = {}, key = hostKey): string {
  const full = {
    k: key.keyId,
    j: 'tok-1',
    t: 'offline',
    i: NOW - 60_000,
    e: NOW + 86_400_000,
    v: 'v-rehab',
    p: 'developmental-rehab',
    ...payload,
  } as QrTokenPayload;
  const { text, bytes } = qrSigningInput(full);
  return assembleQrToken(text, new Uint8Array(sign(null, bytes, key.privateKey)));
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
  balanceAt: NOW,
  provisionalBalanceKrw: 250_000,
  pendingCount: 0,
};

async function deviceWithSnapshot() {
  const { db } = freshTestDb();
  await db.vouchers.put(voucher);
  await writeMeta(db, 'qrKeys', [{ keyId: hostKey.keyId, publicKey: hostKey.publicKey }]);
  return db;
}

const find = (db: Awaited<ReturnType<typeof deviceWithSnapshot>>, token: string, programId = 'developmental-rehab', now = NOW) =>
  findVoucherByOfflineQr(db, programId, token, now, subtle);

describe('offline QR tokens on the provider device', () => {
  it('finds the voucher a valid offline token names, with no host', async () => {
    const db = await deviceWithSnapshot();
    expect(await canVerifyOfflineQr(db)).toBe(true);
    expect(await find(db, tokenOf())).toMatchObject({
      ok: true,
      value: { voucherId: 'v-rehab', provisionalBalanceKrw: 250_000, provisional: false },
    });
  });

  it('is not offered before a snapshot brought the host’s keys', async () => {
    const { db } = freshTestDb();
    expect(await canVerifyOfflineQr(db)).toBe(false);
    await db.vouchers.put(voucher);
    expect(await find(db, tokenOf())).toMatchObject({ ok: false, code: '2143' });
  });

  it('refuses each kind of bad token with its code', async () => {
    const db = await deviceWithSnapshot();
    const good = tokenOf();
    const [prefix, payload, signature] = good.split('.');
    const forged = `${prefix}.${payload}.${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'AQ' : 'AA'}`;
    const cases: [string, string, string?, number?][] = [
      ['not a token', '2142'],
      [forged, '2142'],
      [tokenOf({}, otherHost), '2142'],
      [tokenOf({ k: 'qk-retired' }, { ...hostKey, keyId: 'qk-retired' }), '2143'],
      [tokenOf({ e: NOW - 1 }), '2140'],
      [tokenOf({ t: 'online', v: undefined, p: undefined, e: NOW + 60_000 }), '2123'],
      [tokenOf(), '2143', 'home-care'],
      [tokenOf({ v: 'v-elsewhere' }), '2143'],
    ];
    for (const [token, code, programId] of cases) {
      expect({ token: token.slice(0, 30), result: await find(db, token, programId) }).toMatchObject({ result: { ok: false, code } });
    }
  });

  it('refuses a token this device already took (2141), and only that one', async () => {
    const db = await deviceWithSnapshot();
    const token = tokenOf();
    const paid = await enqueuePayment(
      db,
      {
        kind: 'payment',
        workerId: 'wrk-kim',
        paymentId: crypto.randomUUID(),
        programId: 'developmental-rehab',
        method: 'qr',
        qrToken: token,
        mode: 'offline',
        reason: 'dead-zone',
        serviceStartAt: NOW,
        serviceEndAt: NOW,
        minutesByType: {},
        amountKrw: 15_000,
        capturedAt: NOW,
      },
      { voucherId: 'v-rehab', now: () => NOW },
    );
    expect(paid.ok).toBe(true);
    expect(await find(db, token)).toMatchObject({ ok: false, code: '2141' });
    expect(await find(db, tokenOf({ j: 'tok-2' }))).toMatchObject({ ok: true, value: { provisionalBalanceKrw: 235_000, provisional: true } });
  });
});
