/** What a committed money change was; consumers (the 알림함 now, push and SSE next) act on these. */
export type DomainEventKind = 'payment.approved' | 'payment.cancelled' | 'voucher.granted';

/**
 * 이벤트: one row per committed money change, written in the same transaction as the ledger entry
 * it describes (a transactional outbox). Append-only (a trigger refuses UPDATE and DELETE).
 */
export interface DomainEventTable {
  id: string;
  kind: DomainEventKind;
  institution_id: string | null;
  recipient_id: string;
  voucher_id: string;
  payment_id: string | null;
  /** JSON: ids and figures only; consumers read names themselves. */
  payload: string;
  /** Host clock. */
  recorded_at: number;
}

/** Events not yet handed to every consumer; a row leaves once its delivery committed. */
export interface EventQueueTable {
  event_id: string;
  /** Host clock before which the relay leaves the row alone (backoff after a failed delivery). */
  available_at: number;
  attempts: number;
}

/** 알림함: one message per event for the recipient it concerns (unique by event id). */
export interface InboxMessageTable {
  id: string;
  event_id: string;
  recipient_id: string;
  kind: DomainEventKind;
  /** JSON: what the inbox shows (기관명, 제공자명, 서비스코드, 승인번호, 서비스일자, 결제금액, 잔액). */
  payload: string;
  created_at: number;
  read_at: number | null;
}
