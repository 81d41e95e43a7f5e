/**
 * QR결제 / 생체인증결제 request: a worker asked a recipient's portal, by phone number, to pay on
 * their voucher of a program. Bound to the institution, the worker, the terminal and the program
 * (and for biometric, an amount cap). pending → approved (biometric) → done (its voucher screen
 * opened), or declined; past expires_at a pending request is expired (2144).
 */
export interface PaymentRequestTable {
  id: string;
  kind: 'qr' | 'biometric';
  recipient_id: string;
  institution_id: string;
  worker_id: string;
  terminal_id: string;
  program_id: string;
  amount_cap_krw: number | null;
  status: 'pending' | 'approved' | 'declined' | 'done';
  created_at: number;
  expires_at: number;
  decided_at: number | null;
  lookup_id: string | null;
}

/** A QR token the host signed: online (one request, ≤ 3 min) or offline (one voucher, the offline window). */
export interface QrTokenTable {
  id: string;
  kind: 'online' | 'offline';
  recipient_id: string;
  request_id: string | null;
  voucher_id: string | null;
  key_id: string;
  issued_at: number;
  expires_at: number;
}

/** The one redemption a QR token may have (primary key = token id): a second one is refused. */
export interface QrRedemptionTable {
  token_id: string;
  worker_id: string;
  terminal_id: string;
  /** The lookup (online) or the payment id (offline capture) it was redeemed for. */
  reference: string | null;
  redeemed_at: number;
}
