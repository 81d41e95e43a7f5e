/**
 * 요청 (command): one device-made id and its one outcome. Every payment a device sends — online or
 * by offline sync — and next every cancellation, is stored here under its id before anything else
 * happens to it, so an id has exactly one outcome wherever and however often it arrives.
 */
export interface CommandTable {
  /** The device-made id (a payment's paymentId): the idempotency key. */
  id: string;
  kind: 'payment' | 'cancel';
  /** How it came: POST /api/payments ('online') or a sync batch ('sync'). */
  channel: 'online' | 'sync';
  worker_id: string;
  terminal_id: string;
  institution_id: string;
  /** sha256 of the exact request as sent: a resend on the same path must match it. */
  request_hash: string;
  /**
   * What the request means (payments/fingerprint.ts), for a resend on the other path; null when it
   * was refused before it could be tied to a voucher (then only an exact resend is the same request).
   */
  fingerprint: string | null;
  status: 'approved' | 'refused';
  /** The refusal's error code; null when approved. */
  code: string | null;
  /** Host clock. */
  recorded_at: number;
}
