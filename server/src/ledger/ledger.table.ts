export type LedgerEntryKind = 'grant' | 'payment' | 'cancel' | 'adjustment';

/**
 * Append-only: every change to a voucher balance is one row, so the balance can always be
 * recomputed as the sum of delta_krw (the seed writes a 'grant' row per voucher).
 */
export interface LedgerEntryTable {
  id: string;
  voucher_id: string;
  payment_id: string | null;
  kind: LedgerEntryKind;
  delta_krw: number;
  balance_after_krw: number;
  recorded_at: number;
}
