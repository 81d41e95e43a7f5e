/**
 * A software platform authenticator for the host tests: it answers WebAuthn options the way
 * @simplewebauthn/browser hands a browser's answer to the host (JSON, base64url), with a P-256 key
 * (ES256), 'none' attestation, user presence and — unless told otherwise — user verification.
 * The browser journeys use Chromium's CDP virtual authenticator instead; this one lets the host
 * tests forge what a browser never would (a replayed challenge, a counter going back, no UV).
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

type Cbor = number | string | Uint8Array | Map<Cbor, Cbor> | { [key: string]: Cbor };

function head(major: number, length: number): number[] {
  if (length < 24) return [(major << 5) | length];
  if (length < 256) return [(major << 5) | 24, length];
  return [(major << 5) | 25, length >> 8, length & 0xff];
}

function cbor(value: Cbor): number[] {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = [...Buffer.from(value, 'utf8')];
    return [...head(3, bytes.length), ...bytes];
  }
  if (value instanceof Uint8Array) return [...head(2, value.length), ...value];
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return [...head(5, entries.length), ...entries.flatMap(([k, v]) => [...cbor(k), ...cbor(v)])];
}

const b64 = (bytes: Uint8Array | Buffer): string => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();

function counterBytes(counter: number): number[] {
  return [(counter >>> 24) & 0xff, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff];
}

export interface SoftAuthenticatorOptions {
  readonly origin: string;
  readonly rpId: string;
}

export class SoftAuthenticator {
  private key: { privateKey: KeyObject; publicKey: KeyObject } | null = null;
  private credentialId = new Uint8Array(randomBytes(16));
  counter = 0;
  userVerified = true;

  constructor(private readonly options: SoftAuthenticatorOptions) {}

  get id(): string {
    return b64(this.credentialId);
  }

  private clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin = this.options.origin): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  private flags(attested: boolean): number {
    return 0x01 | (this.userVerified ? 0x04 : 0) | (attested ? 0x40 : 0);
  }

  /** navigator.credentials.create(): a new key pair for the options' challenge. */
  create(options: { challenge: string }, overrides: { origin?: string } = {}) {
    this.key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.credentialId = new Uint8Array(randomBytes(16));
    const jwk = this.key.publicKey.export({ format: 'jwk' });
    const coseKey = new Map<Cbor, Cbor>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, new Uint8Array(Buffer.from(String(jwk.x), 'base64url'))],
      [-3, new Uint8Array(Buffer.from(String(jwk.y), 'base64url'))],
    ]);
    const authData = new Uint8Array([
      ...sha256(this.options.rpId),
      this.flags(true),
      ...counterBytes(this.counter),
      ...new Uint8Array(16),
      0,
      this.credentialId.length,
      ...this.credentialId,
      ...cbor(coseKey),
    ]);
    const attestationObject = new Uint8Array(cbor({ fmt: 'none', attStmt: {}, authData }));
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      response: {
        clientDataJSON: b64(this.clientData('webauthn.create', options.challenge, overrides.origin)),
        attestationObject: b64(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
    };
  }

  /** navigator.credentials.get(): an assertion over the options' challenge, the counter moved on. */
  get(options: { challenge: string }, overrides: { origin?: string; counter?: number } = {}) {
    if (!this.key) throw new Error('no credential yet');
    this.counter = overrides.counter ?? this.counter + 1;
    const authData = new Uint8Array([...sha256(this.options.rpId), this.flags(false), ...counterBytes(this.counter)]);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, overrides.origin);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), this.key.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      response: { clientDataJSON: b64(clientDataJSON), authenticatorData: b64(authData), signature: b64(signature) },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
    };
  }
}
