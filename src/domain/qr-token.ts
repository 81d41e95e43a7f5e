/**
 * QR 토큰: what the recipient portal shows as a QR code for QR결제 (SPEC §5.5, §8). Host-signed
 * with Ed25519, carrying no personal data: a key id (so keys can rotate), a random token id (the
 * single-use key), its kind, and its validity; an offline token also names the voucher it may pay
 * (an opaque id) and its program. The host verifies it when a worker redeems it online, and the
 * provider app verifies it with no signal at all, with the public keys of its snapshot, through the
 * same function here — WebCrypto's Ed25519, which browsers and Node both have.
 *
 *   EVQ1.<base64url(JSON payload)>.<base64url(signature over "EVQ1.<payload>")>
 */
import { fail, ok, type Result } from './result';

export const QR_TOKEN_PREFIX = 'EVQ1';

export interface QrTokenPayload {
  /** The signing key's id. */
  readonly k: string;
  /** The token's own random id: redeemed at most once. */
  readonly j: string;
  /** online: one QR결제 request, ≤ 3 minutes; offline: a token the portal keeps for no signal. */
  readonly t: 'online' | 'offline';
  readonly i: number;
  readonly e: number;
  /** Offline tokens: the voucher they may pay, and its program. */
  readonly v?: string;
  readonly p?: string;
}

/** A public key the host signs QR tokens with (raw 32-byte Ed25519, base64url), as the snapshot carries it. */
export interface QrPublicKey {
  readonly keyId: string;
  readonly publicKey: string;
}

/** The two WebCrypto calls verification needs; `crypto.subtle` of a browser or of Node fits. */
export interface Ed25519Verifier {
  importKey(format: 'raw', keyData: Uint8Array, algorithm: { name: 'Ed25519' }, extractable: false, usages: ['verify']): Promise<unknown>;
  verify(algorithm: { name: 'Ed25519' }, key: never, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function encodeBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64URL[(n >> 18) & 63]! + B64URL[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += B64URL[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out += B64URL[n & 63]!;
  }
  return out;
}

/** null for anything that is not canonical unpadded base64url. */
export function decodeBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const char of text) {
    value = (value << 6) | B64URL.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (value >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero, so that one token has exactly one spelling.
  if ((value & ((1 << bits) - 1)) !== 0) return null;
  return bytes;
}

/** The payload is ASCII JSON (ids, digits): one byte per character, no TextEncoder needed. */
function asciiBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

function isPayload(value: unknown): value is QrTokenPayload {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  const known = new Set(['k', 'j', 't', 'i', 'e', 'v', 'p']);
  if (Object.keys(p).some((key) => !known.has(key))) return false;
  if (typeof p.k !== 'string' || !ID.test(p.k) || typeof p.j !== 'string' || !ID.test(p.j)) return false;
  if (p.t !== 'online' && p.t !== 'offline') return false;
  if (!Number.isSafeInteger(p.i) || !Number.isSafeInteger(p.e) || (p.e as number) <= (p.i as number)) return false;
  if (p.t === 'offline') return typeof p.v === 'string' && ID.test(p.v) && typeof p.p === 'string' && ID.test(p.p);
  return p.v === undefined && p.p === undefined;
}

/** The text a token's signature covers: "EVQ1.<payload>". */
export function qrSigningInput(payload: QrTokenPayload): { readonly text: string; readonly bytes: Uint8Array } {
  const text = `${QR_TOKEN_PREFIX}.${encodeBase64Url(asciiBytes(JSON.stringify(payload)))}`;
  return { text, bytes: asciiBytes(text) };
}

export function assembleQrToken(signingText: string, signature: Uint8Array): string {
  return `${signingText}.${encodeBase64Url(signature)}`;
}

export interface ParsedQrToken {
  readonly payload: QrTokenPayload;
  readonly signed: Uint8Array;
  readonly signature: Uint8Array;
}

/** The token's parts, or 2142 (not a payment QR code of this system) — nothing checked yet. */
export function parseQrToken(token: string): Result<ParsedQrToken> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== QR_TOKEN_PREFIX) return fail('2142', 'not a QR token');
  const payloadBytes = decodeBase64Url(parts[1]!);
  const signature = decodeBase64Url(parts[2]!);
  if (!payloadBytes || !signature || signature.length !== 64) return fail('2142', 'bad encoding');
  let payload: unknown;
  try {
    payload = JSON.parse(String.fromCharCode(...payloadBytes));
  } catch {
    return fail('2142', 'bad payload');
  }
  if (!isPayload(payload)) return fail('2142', 'bad payload');
  return ok({ payload, signed: asciiBytes(`${parts[0]}.${parts[1]}`), signature });
}

/**
 * Verifies a token: its signature by one of `keys` (2143 when no key of this host has its id:
 * another host's token, or one signed by a key long retired; 2142 when the signature does not
 * hold: altered), then its validity at `now` (2140). Whether it was used already is the host's
 * redeem-once table to say (or, offline, the device's own record of tokens it took).
 */
export async function verifyQrToken(
  token: string,
  keys: readonly QrPublicKey[],
  now: number,
  subtle: Ed25519Verifier,
): Promise<Result<QrTokenPayload>> {
  const parsed = parseQrToken(token);
  if (!parsed.ok) return parsed;
  const { payload, signed, signature } = parsed.value;
  const key = keys.find((candidate) => candidate.keyId === payload.k);
  if (!key) return fail('2143', `unknown key ${payload.k}`);
  const raw = decodeBase64Url(key.publicKey);
  if (raw?.length !== 32) return fail('2143', `unusable key ${payload.k}`);
  let valid = false;
  try {
    const imported = await subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
    valid = await subtle.verify({ name: 'Ed25519' }, imported as never, signature, signed);
  } catch {
    valid = false;
  }
  if (!valid) return fail('2142', 'signature');
  if (now >= payload.e) return fail('2140', `expired at ${payload.e}`);
  if (now < payload.i - 5 * 60_000) return fail('2142', 'issued in the future');
  return ok(payload);
}
