/**
 * A push service on this machine for the host tests: HTTPS with a self-signed certificate made by
 * openssl (web-push refuses plain http endpoints), recording what it receives, answering each path
 * with the status the test chose. And a fake browser subscription whose keys decrypt the payloads.
 */
import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { decrypt } from 'http_ece';

export interface ReceivedPush {
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

export interface PushEndpoint {
  readonly caFile: string;
  readonly origin: string;
  readonly received: ReceivedPush[];
  /** The statuses answered to a path, one per request (the last repeats). */
  answer(path: string, ...statuses: number[]): void;
  close(): Promise<void>;
}

export async function startPushEndpoint(): Promise<PushEndpoint> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evoucher-push-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const received: ReceivedPush[] = [];
  const answers = new Map<string, number[]>();
  const server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = request.url ?? '';
      received.push({ path: at, headers: request.headers, body: Buffer.concat(chunks) });
      const queue = answers.get(at) ?? [201];
      response.statusCode = queue.length > 1 ? queue.shift()! : queue[0]!;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    caFile: cert,
    origin: `https://127.0.0.1:${port}`,
    received,
    answer: (at, ...statuses) => void answers.set(at, statuses),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface FakeSubscription {
  readonly endpoint: string;
  readonly keys: { p256dh: string; auth: string };
  readonly ecdh: ECDH;
}

/** What PushManager.subscribe() gives a browser: a P-256 key pair and a 16-byte auth secret. */
export function fakeSubscription(endpoint: string): FakeSubscription {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16).toString('base64url');
  return { endpoint, keys: { p256dh: ecdh.getPublicKey('base64url'), auth }, ecdh };
}

/** Decrypts an aes128gcm push body as the browser would. */
export function decryptPush(subscription: FakeSubscription, body: Buffer): string {
  return decrypt(body, { version: 'aes128gcm', privateKey: subscription.ecdh, authSecret: subscription.keys.auth }).toString('utf8');
}

/** Checks the VAPID header as a push service does: an ES256 JWT signed by the key it names. */
export function checkVapid(authorization: string): { valid: boolean; key: string; claims: { aud: string; sub: string; exp: number } } {
  const match = /^vapid t=([^,]+), k=(.+)$/.exec(authorization);
  if (!match) throw new Error(`not a VAPID header: ${authorization}`);
  const [jwt, key] = [match[1]!, match[2]!];
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const point = Buffer.from(key, 'base64url');
  const publicKey = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
    format: 'jwk',
  });
  const valid = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  return { valid, key, claims: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) };
}
