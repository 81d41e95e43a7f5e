/** 바우처: one recipient's monthly allotment of one program; the balance never goes below zero. */
export interface VoucherTable {
  id: string;
  recipient_id: string;
  program_id: string;
  /** 'YYYY-MM' in Asia/Seoul. */
  month: string;
  granted_krw: number;
  balance_krw: number;
  created_at: number;
}
