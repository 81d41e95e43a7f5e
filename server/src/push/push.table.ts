/** A Web Push endpoint of a recipient's portal (PushSubscription), with its encryption keys. */
export interface PushSubscriptionTable {
  id: string;
  recipient_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: number;
}

/**
 * A push waiting to be sent: written in the transaction that decided it (the event relay's, or a
 * payment request's), sent after the commit with retries and backoff, removed once the push
 * service took it (or said the subscription is gone). Unique per (subscription, dedupe key).
 */
export interface PushDeliveryTable {
  id: string;
  subscription_id: string;
  /** The event id or the request id: a redelivered event queues nothing new. */
  dedupe_key: string;
  /** JSON PortalSignal: which thing to fetch, never names or amounts. */
  payload: string;
  available_at: number;
  attempts: number;
  created_at: number;
}

/** The host's own keys: the VAPID pair and the QR signing keys (Ed25519, rotated). */
export interface HostKeyTable {
  id: string;
  purpose: 'vapid' | 'qr';
  /** base64url: VAPID's uncompressed P-256 point; a QR key's raw 32-byte Ed25519 key. */
  public_key: string;
  /** base64url: VAPID's private scalar; a QR key's PKCS#8 DER. */
  private_key: string;
  created_at: number;
}
