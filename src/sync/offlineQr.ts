/**
 * 오프라인 QR결제 on the provider device (SPEC §5.5, §8): with no signal on either phone, the
 * recipient's portal shows one of its kept offline tokens and the device checks it against its
 * last snapshot alone — the host's signature (the snapshot's public keys), its validity, the
 * program, the voucher it names, and that this device has not taken it already. The host redeems
 * each token once more at sync and refuses a second use (2141) whatever the devices did.
 */
import { fail, ok, type Result } from '../domain/result';
import { parseQrToken, verifyQrToken, type Ed25519Verifier } from '../domain/qr-token';
import { readMeta, type DeviceDb } from '../db/db';
import type { VoucherView } from './findVoucherByCard';

/** Whether this device can check an offline QR token at all: its snapshot holds the host's keys. */
export async function canVerifyOfflineQr(db: DeviceDb): Promise<boolean> {
  return ((await readMeta(db, 'qrKeys')) ?? []).length > 0;
}

/**
 * The snapshot voucher an offline QR token may pay for `programId`, or why not: 2142 (not a payment
 * code of this system, or altered), 2143 (a key this device does not know, another program, or a
 * voucher not in the snapshot), 2140 (expired), 2123 (an online token: only the host can redeem
 * it), 2141 (this device took it already).
 */
export async function findVoucherByOfflineQr(
  db: DeviceDb,
  programId: string,
  token: string,
  now: number,
  subtle: Ed25519Verifier = crypto.subtle as unknown as Ed25519Verifier,
): Promise<Result<VoucherView>> {
  const keys = (await readMeta(db, 'qrKeys')) ?? [];
  const verified = await verifyQrToken(token, keys, now, subtle);
  if (!verified.ok) return verified;
  const payload = verified.value;
  if (payload.t !== 'offline') return fail('2123', 'an online QR token needs the host');
  if (payload.p !== programId) return fail('2143', `token for ${payload.p}`);
  const voucher = await db.vouchers.get(payload.v!);
  if (voucher === undefined || voucher.programId !== programId) return fail('2143', 'voucher not in the snapshot');
  if (await tokenTaken(db, payload.j)) return fail('2141', 'taken on this device');
  return ok({ ...voucher, provisional: voucher.pendingCount > 0 });
}

/** A capture on this device already carries a token with this id (the outbox keeps every capture until acknowledged). */
async function tokenTaken(db: DeviceDb, tokenId: string): Promise<boolean> {
  const taken = await db.commands
    .filter((row) => {
      if (row.kind !== 'payment' || row.command.kind !== 'payment' || row.command.qrToken === undefined) return false;
      const parsed = parseQrToken(row.command.qrToken);
      return parsed.ok && parsed.value.payload.j === tokenId;
    })
    .count();
  return taken > 0;
}
