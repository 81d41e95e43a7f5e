/**
 * The audit row of an offline capture the host refused before it reached a voucher (unknown or
 * revoked card, no contract, no voucher, a wrong amount, an end in the future). Keyed by the
 * device-made payment id, so a resent refused capture answers the same refusal. A capture that
 * reached its voucher and was refused for its balance is a refused row in payments instead.
 */
export interface SyncRefusalTable {
  payment_id: string;
  /** sha256 of the canonical JSON of the item: a resend must match it, or it is 2107. */
  request_hash: string;
  worker_id: string;
  terminal_id: string;
  institution_id: string;
  code: string;
  /** For the log and the reviewer; never sent to the device. */
  detail: string | null;
  /** Device clock. */
  captured_at: number;
  /** Host clock. */
  recorded_at: number;
}
