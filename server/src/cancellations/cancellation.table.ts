/** 거래취소: at most one per payment (unique payment_id); append-only. The payment is never edited. */
export interface CancellationTable {
  /** The device-made cancel id (its command id). */
  id: string;
  payment_id: string;
  voucher_id: string;
  worker_id: string;
  terminal_id: string;
  institution_id: string;
  channel: 'online' | 'sync';
  amount_krw: number;
  /** Device clock when 확인 was tapped. */
  device_at: number;
  /** Host clock. */
  recorded_at: number;
}
