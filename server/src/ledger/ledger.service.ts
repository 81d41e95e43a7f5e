import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import { ledgerRepository } from './ledger.repository';
import { voucherRepository } from './voucher.repository';

export interface VoucherBalanceCheck {
  readonly voucherId: string;
  readonly balanceKrw: number;
  readonly ledgerSumKrw: number;
}

/** Grants a month's voucher with its opening ledger entry, unless it exists; true when granted. */
export async function grantVoucher(
  db: Db,
  grant: { voucherId: string; recipientId: string; programId: string; month: string; amountKrw: number },
  hostNow: number,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const inserted = await voucherRepository.insertIfMissing(trx, {
      id: grant.voucherId,
      recipient_id: grant.recipientId,
      program_id: grant.programId,
      month: grant.month,
      granted_krw: grant.amountKrw,
      balance_krw: grant.amountKrw,
      created_at: hostNow,
    });
    if (!inserted) return false;
    await ledgerRepository.append(trx, {
      id: randomUUID(),
      voucher_id: grant.voucherId,
      payment_id: null,
      kind: 'grant',
      delta_krw: grant.amountKrw,
      balance_after_krw: grant.amountKrw,
      recorded_at: hostNow,
    });
    return true;
  });
}

/** The stored balance next to the balance recomputed from the ledger: they must always agree. */
export async function checkVoucherBalance(db: Db, voucherId: string): Promise<VoucherBalanceCheck> {
  const voucher = await voucherRepository.findById(db, voucherId);
  if (!voucher) throw new Error(`no voucher ${voucherId}`);
  return { voucherId, balanceKrw: Number(voucher.balance_krw), ledgerSumKrw: await ledgerRepository.sumDeltas(db, voucherId) };
}
