import type { Db } from '../db/database';
import { grantVoucher as grantInBook } from './ledger';
import { ledgerRepository } from './ledger.repository';
import { voucherRepository } from './voucher.repository';

export interface VoucherBalanceCheck {
  readonly voucherId: string;
  readonly balanceKrw: number;
  readonly ledgerSumKrw: number;
}

/** Grants a month's voucher with its opening ledger entry and event, unless it exists; true when granted. */
export async function grantVoucher(
  db: Db,
  grant: { voucherId: string; recipientId: string; programId: string; month: string; amountKrw: number; institutionId: string | null },
  hostNow: number,
): Promise<boolean> {
  return db.transaction().execute((trx) =>
    grantInBook(
      trx,
      {
        id: grant.voucherId,
        recipient_id: grant.recipientId,
        program_id: grant.programId,
        month: grant.month,
        granted_krw: grant.amountKrw,
        balance_krw: grant.amountKrw,
        created_at: hostNow,
      },
      grant.institutionId,
    ),
  );
}

/** The stored balance next to the balance recomputed from the ledger: they must always agree. */
export async function checkVoucherBalance(db: Db, voucherId: string): Promise<VoucherBalanceCheck> {
  const voucher = await voucherRepository.findById(db, voucherId);
  if (!voucher) throw new Error(`no voucher ${voucherId}`);
  return { voucherId, balanceKrw: Number(voucher.balance_krw), ledgerSumKrw: await ledgerRepository.sumDeltas(db, voucherId) };
}
