/**
 * Signing and redeeming QR tokens (src/domain/qr-token.ts is the format and the one verifier, run
 * here with Node's WebCrypto and on the device with the browser's). Online tokens belong to one
 * QR결제 request and live ≤ 3 minutes; offline tokens belong to one voucher and live for the
 * offline window. Every token is stored when issued (what it may pay) and redeemed at most once:
 * qr_redemptions has the token id as its primary key, so of two redemptions, on any host process,
 * exactly one inserts.
 */
import { createPrivateKey, randomBytes, sign, webcrypto } from 'node:crypto';
import {
  assembleQrToken,
  qrSigningInput,
  verifyQrToken,
  type Ed25519Verifier,
  type QrPublicKey,
  type QrTokenPayload,
} from '../../../src/domain/qr-token';
import type { Result } from '../../../src/domain/result';
import type { HostConfig } from '../config';
import type { Db } from '../db/database';
import { currentQrKey, verifyingQrKeys, type QrKey } from '../push/host-keys';

export const nodeVerifier = webcrypto.subtle as unknown as Ed25519Verifier;

function signWith(key: QrKey, payload: QrTokenPayload): string {
  const { text, bytes } = qrSigningInput(payload);
  const privateKey = createPrivateKey({ key: Buffer.from(key.privateKey, 'base64url'), format: 'der', type: 'pkcs8' });
  return assembleQrToken(text, new Uint8Array(sign(null, bytes, privateKey)));
}

export interface IssueTokenInput {
  readonly kind: 'online' | 'offline';
  readonly recipientId: string;
  readonly requestId: string | null;
  readonly voucher: { readonly id: string; readonly programId: string } | null;
  readonly ttlMs: number;
}

export async function issueQrToken(db: Db, config: HostConfig, now: number, input: IssueTokenInput): Promise<{ token: string; expiresAt: number }> {
  const key = await currentQrKey(db, config, now);
  const payload: QrTokenPayload = {
    k: key.id,
    j: randomBytes(16).toString('base64url'),
    t: input.kind,
    i: now,
    e: now + input.ttlMs,
    ...(input.voucher ? { v: input.voucher.id, p: input.voucher.programId } : {}),
  };
  await db
    .insertInto('qr_tokens')
    .values({
      id: payload.j,
      kind: input.kind,
      recipient_id: input.recipientId,
      request_id: input.requestId,
      voucher_id: input.voucher?.id ?? null,
      key_id: key.id,
      issued_at: payload.i,
      expires_at: payload.e,
    })
    .execute();
  return { token: signWith(key, payload), expiresAt: payload.e };
}

/**
 * The same token again for a stored offline token (Ed25519 signatures are deterministic): a
 * portal that lost its tokens gets them back instead of more of them. null once its key is gone.
 */
export async function reissueOfflineToken(
  db: Db,
  row: { id: string; key_id: string; issued_at: number; expires_at: number; voucher_id: string | null },
  programId: string,
): Promise<string | null> {
  const key = await db
    .selectFrom('host_keys')
    .select(['id', 'public_key', 'private_key', 'created_at'])
    .where('id', '=', row.key_id)
    .executeTakeFirst();
  if (!key || !row.voucher_id) return null;
  return signWith(
    { id: key.id, publicKey: key.public_key, privateKey: key.private_key, createdAt: Number(key.created_at) },
    { k: key.id, j: row.id, t: 'offline', i: Number(row.issued_at), e: Number(row.expires_at), v: row.voucher_id, p: programId },
  );
}

/** The public keys devices verify with (snapshot): every key a live token may be signed by. */
export async function publishedQrKeys(db: Db, config: HostConfig, now: number): Promise<QrPublicKey[]> {
  // Make sure there is a current key, so a device that syncs before any token was issued has it.
  await currentQrKey(db, config, now);
  return (await verifyingQrKeys(db, config, now)).map((key) => ({ keyId: key.id, publicKey: key.publicKey }));
}

/** Signature, key and validity at `at` (the capture time for an offline token); 2142 / 2143 / 2140. */
export async function checkQrToken(db: Db, config: HostConfig, token: string, at: number, now: number): Promise<Result<QrTokenPayload>> {
  const keys = (await verifyingQrKeys(db, config, now)).map((key) => ({ keyId: key.id, publicKey: key.publicKey }));
  return verifyQrToken(token, keys, at, nodeVerifier);
}

/** Records the one redemption of a token; false when it was redeemed already (by anyone, for anything). */
export async function redeemOnce(
  db: Db,
  tokenId: string,
  by: { workerId: string; terminalId: string; reference: string | null },
  now: number,
): Promise<boolean> {
  const inserted = await db
    .insertInto('qr_redemptions')
    .values({ token_id: tokenId, worker_id: by.workerId, terminal_id: by.terminalId, reference: by.reference, redeemed_at: now })
    .onConflict((oc) => oc.column('token_id').doNothing())
    .returning('token_id')
    .execute();
  return inserted.length === 1;
}
