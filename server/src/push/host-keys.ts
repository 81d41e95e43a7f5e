/**
 * The host's own key pairs, kept in the database so every host process of a cluster uses the same
 * ones: the VAPID pair of Web Push (from VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY, or made on first
 * start) and the Ed25519 keys that sign QR tokens (made when the newest is older than the rotation
 * period). Two processes making a key at once both insert; the id is fixed for VAPID (one wins)
 * and the QR signer always takes the newest row, so either way all processes agree after a read.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import webpush from 'web-push';
import type { HostConfig } from '../config';
import type { Db } from '../db/database';

export interface VapidKeys {
  readonly publicKey: string;
  readonly privateKey: string;
}

const VAPID_KEY_ID = 'vapid';

export async function vapidKeys(db: Db, config: HostConfig, now: number): Promise<VapidKeys> {
  if (config.vapidPublicKey && config.vapidPrivateKey) return { publicKey: config.vapidPublicKey, privateKey: config.vapidPrivateKey };
  const stored = await db.selectFrom('host_keys').select(['public_key', 'private_key']).where('id', '=', VAPID_KEY_ID).executeTakeFirst();
  if (stored) return { publicKey: stored.public_key, privateKey: stored.private_key };
  const made = webpush.generateVAPIDKeys();
  await db
    .insertInto('host_keys')
    .values({ id: VAPID_KEY_ID, purpose: 'vapid', public_key: made.publicKey, private_key: made.privateKey, created_at: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const kept = await db.selectFrom('host_keys').select(['public_key', 'private_key']).where('id', '=', VAPID_KEY_ID).executeTakeFirstOrThrow();
  return { publicKey: kept.public_key, privateKey: kept.private_key };
}

export interface QrKey {
  readonly id: string;
  /** Raw 32-byte Ed25519 public key, base64url. */
  readonly publicKey: string;
  /** PKCS#8 DER, base64url. */
  readonly privateKey: string;
  readonly createdAt: number;
}

function newQrKey(now: number): QrKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return {
    id: `k${randomBytes(6).toString('base64url')}`,
    publicKey: String(jwk.x),
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url'),
    createdAt: now,
  };
}

async function listQrKeys(db: Db): Promise<QrKey[]> {
  const rows = await db
    .selectFrom('host_keys')
    .select(['id', 'public_key', 'private_key', 'created_at'])
    .where('purpose', '=', 'qr')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, publicKey: row.public_key, privateKey: row.private_key, createdAt: Number(row.created_at) }));
}

/** The key to sign with now: the newest, or a new one when the newest is older than the rotation period. */
export async function currentQrKey(db: Db, config: HostConfig, now: number): Promise<QrKey> {
  const [newest] = await listQrKeys(db);
  if (newest && now - newest.createdAt < config.qrKeyRotateMs) return newest;
  const made = newQrKey(now);
  await db
    .insertInto('host_keys')
    .values({ id: made.id, purpose: 'qr', public_key: made.publicKey, private_key: made.privateKey, created_at: made.createdAt })
    .execute();
  return made;
}

/**
 * The keys a QR token may still be signed by: every key used for signing within the longest token
 * life (the offline window) before now — the current one and those rotated out since. A token
 * signed by an older key has expired anyway; its key is no longer published to devices.
 */
export async function verifyingQrKeys(db: Db, config: HostConfig, now: number): Promise<QrKey[]> {
  const keys = await listQrKeys(db);
  const horizon = now - config.offlineLimits.maxAgeMs;
  // Key i signed until key i-1 (the next newer one) was made; the newest signs until now.
  return keys.filter((_key, index) => index === 0 || keys[index - 1]!.createdAt > horizon);
}
