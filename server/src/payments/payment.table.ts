import type { Generated } from 'kysely';

export type PaymentStatus = 'approved' | 'refused';
/**
 * 'normal': 정상결제 over a live voucher screen. 'retroactive': 소급결제, a past service entered with
 * its reason. 'offline': captured with no signal and synced later (통신음영지역) — a mode of its
 * own, not a manual 소급결제, so offline captures never count toward an institution's retroactive ratio.
 */
export type PaymentMode = 'normal' | 'retroactive' | 'offline';

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
  method: 'card' | 'qr' | 'biometric';
  mode: PaymentMode;
  card_read: 'nfc' | 'typed';
  service_start_at: number;
  service_end_at: number;
  service_date: string;
  /** JSON object: minutes per service type id. */
  minutes_by_type: string;
  amount_krw: number;
  status: PaymentStatus;
  refusal_code: string | null;
  /** Device clock: when 확인 was tapped (offline: the capture time). */
  device_at: number;
  /** Host clock: when the host recorded the payment. */
  recorded_at: number;
  /** 소급결제사유 id; 'dead-zone' (통신음영지역) for offline captures, null for normal payments. */
  reason: string | null;
  /** 1 when recorded but left for a person to review (late capture, per-device caps passed). */
  flagged_for_review: Generated<number>;
  /** Comma-separated: 'late', 'count-cap', 'amount-cap'. */
  review_reasons: string | null;
}
