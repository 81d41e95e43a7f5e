/**
 * Finds the voucher a card read pays from, in the device snapshot. The snapshot holds only SHA-256
 * hashes of card tokens and numbers (a lost device leaks no card), so the read is hashed the same
 * way the host hashes it (cardHashInput) and looked up by the multi-entry cardHashes index.
 */
import { cardHashInput, workerCardHashInput } from '../domain/offline';
import type { CardRead } from '../domain/wire';
import type { DeviceDb, VoucherRow } from '../db/db';

export interface VoucherView extends VoucherRow {
  /** True while this device holds unsynced payments on the voucher: show the balance as 잠정. */
  provisional: boolean;
}

export async function cardHash(card: CardRead): Promise<string> {
  return sha256Hex(cardHashInput(card));
}

/** A 제공인력카드 read, hashed as the host hashes the cards of a shared terminal's workers in its snapshot. */
export async function workerCardHash(card: CardRead): Promise<string> {
  return sha256Hex(workerCardHashInput(card));
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function findVoucherByCard(db: DeviceDb, programId: string, card: CardRead): Promise<VoucherView | undefined> {
  const hash = await cardHash(card);
  return findVoucherByHash(db, programId, hash);
}

export async function findVoucherByHash(db: DeviceDb, programId: string, hash: string): Promise<VoucherView | undefined> {
  const voucher = await db.vouchers
    .where('cardHashes')
    .equals(hash)
    .filter((row) => row.programId === programId)
    .first();
  return voucher === undefined ? undefined : { ...voucher, provisional: voucher.pendingCount > 0 };
}

/**
 * 카드인식 테스트 with no signal: whose the card is, as far as the snapshot knows (it holds only the
 * institution's contracted recipients' active cards). Undefined for a card it does not know.
 */
export async function findCardOnDevice(db: DeviceDb, card: CardRead): Promise<{ recipientMasked: string; programIds: string[] } | undefined> {
  const vouchers = await db.vouchers
    .where('cardHashes')
    .equals(await cardHash(card))
    .toArray();
  const [first] = vouchers;
  if (first === undefined) return undefined;
  return { recipientMasked: first.recipientMasked, programIds: [...new Set(vouchers.map((row) => row.programId))] };
}
