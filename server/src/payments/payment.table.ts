export type PaymentStatus = 'approved' | 'refused';

/**
 * 결제: the id is made by the device and is the idempotency key. Business times (service_*,
 * device_at) are the device's; recorded_at is the host's.
 */
export interface PaymentTable {
  id: string;
  /** sha256 of the canonical JSON of the request: a resubmission must match it. */
  request_hash: string;
  /** 승인번호; null for a refused payment. */
  approval_number: string | null;
  voucher_id: string;
  worker_id: string;
  terminal_id: string;
  institution_id: string;
  lookup_id: string;
  open_service_id: string | null;
  program_id: string;
  method: 'card';
  mode: 'normal';
  card_read: 'nfc' | 'typed';
  service_start_at: number;
  service_end_at: number;
  service_date: string;
  /** JSON object: minutes per service type id. */
  minutes_by_type: string;
  amount_krw: number;
  status: PaymentStatus;
  refusal_code: string | null;
  device_at: number;
  recorded_at: number;
}
