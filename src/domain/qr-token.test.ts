import { generateKeyPairSync, sign, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  assembleQrToken,
  decodeBase64Url,
  encodeBase64Url,
  parseQrToken,
  qrSigningInput,
  verifyQrToken,
  type Ed25519Verifier,
  type QrTokenPayload,
} from './qr-token';

const subtle = webcrypto.subtle as unknown as Ed25519Verifier;

function keyPair(keyId: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { keyId, publicKey: String(publicKey.export({ format: 'jwk' }).x), privateKey };
}

function tokenOf(payload: QrTokenPayload, privateKey: ReturnType<typeof keyPair>['privateKey']): string {
  const { text, bytes } = qrSigningInput(payload);
  return assembleQrToken(text, new Uint8Array(sign(null, bytes, privateKey)));
}

describe('QR tokens', () => {
  const key = keyPair('k1');
  const online: QrTokenPayload = { k: 'k1', j: 'tok-1', t: 'online', i: 1_000, e: 181_000 };

  it('round-trips base64url and refuses non-canonical spellings', () => {
    for (const length of [0, 1, 2, 3, 31, 32, 64]) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 37 + 11) & 0xff);
      expect(decodeBase64Url(encodeBase64Url(bytes))).toEqual(bytes);
      expect(encodeBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    }
    expect(decodeBase64Url('AB')).toBeNull();
    expect(decodeBase64Url('A')).toBeNull();
    expect(decodeBase64Url('a+b/')).toBeNull();
  });

  it('verifies a token signed by a published key while it is valid', async () => {
    const result = await verifyQrToken(tokenOf(online, key.privateKey), [key], 100_000, subtle);
    expect(result).toEqual({ ok: true, value: online });
  });

  it('refuses an expired token (2140), an altered one (2142), an unknown key (2143) and garbage (2142)', async () => {
    const token = tokenOf(online, key.privateKey);
    expect(await verifyQrToken(token, [key], 181_000, subtle)).toMatchObject({ ok: false, code: '2140' });
    const [prefix, , signature] = token.split('.');
    const altered = `${prefix}.${encodeBase64Url(new Uint8Array(Buffer.from(JSON.stringify({ ...online, e: 9_999_999 }))))}.${signature}`;
    expect(await verifyQrToken(altered, [key], 100_000, subtle)).toMatchObject({ ok: false, code: '2142' });
    const other = keyPair('k1');
    expect(await verifyQrToken(token, [{ keyId: 'k1', publicKey: other.publicKey }], 100_000, subtle)).toMatchObject({ ok: false, code: '2142' });
    expect(await verifyQrToken(token, [{ ...keyPair('k2') }], 100_000, subtle)).toMatchObject({ ok: false, code: '2143' });
    for (const garbage of ['', 'EVQ1', 'EVQ1..', 'EVQ2.e30.AA', 'https://pay.example/x']) {
      expect(parseQrToken(garbage)).toMatchObject({ ok: false, code: '2142' });
    }
  });

  it('carries the voucher and program only in offline tokens, and no other field at all', async () => {
    const offline: QrTokenPayload = { k: 'k1', j: 'tok-2', t: 'offline', i: 1_000, e: 2_000_000, v: 'vch-1', p: 'developmental-rehab' };
    expect(await verifyQrToken(tokenOf(offline, key.privateKey), [key], 5_000, subtle)).toEqual({ ok: true, value: offline });
    const withName = tokenOf({ ...online, name: '김명연' } as unknown as QrTokenPayload, key.privateKey);
    expect(parseQrToken(withName)).toMatchObject({ ok: false, code: '2142' });
    const onlineWithVoucher = tokenOf({ ...online, v: 'vch-1', p: 'x' }, key.privateKey);
    expect(parseQrToken(onlineWithVoucher)).toMatchObject({ ok: false, code: '2142' });
  });
});
