/** 서비스 시작: a time or visit service that has started and waits for its payment. */
export interface OpenServiceTable {
  id: string;
  lookup_id: string;
  voucher_id: string;
  worker_id: string;
  terminal_id: string;
  /** Host time: the payment's total minutes are counted from here. */
  started_at: number;
  device_started_at: number;
  closed_by_payment_id: string | null;
  /** Set when a service left open longer than any real visit is put aside. */
  abandoned_at: number | null;
}
