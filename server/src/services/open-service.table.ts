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

/** 시작 취소: the audit row of a 서비스 시작 discarded by its worker (append-only; the service is put aside). */
export interface ServiceDiscardTable {
  id: string;
  open_service_id: string;
  voucher_id: string;
  worker_id: string;
  terminal_id: string;
  /** The voucher screen the discard was tapped on. */
  lookup_id: string;
  /** Host time of the discarded start. */
  started_at: number;
  device_at: number;
  /** Host time. */
  discarded_at: number;
}
