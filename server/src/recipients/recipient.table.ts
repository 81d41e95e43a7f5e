/** 이용자 포털 회원: a recipient who signed up (phone number + card number + password). */
export interface RecipientAccountTable {
  recipient_id: string;
  /** 아이디: the smartphone number, unique among accounts. */
  phone: string;
  /** scrypt, as the workers' passwords. */
  password_hash: string;
  created_at: number;
  /** The first portal login: until then the recipient "never logged in" (2003 for QR/biometric requests). */
  first_login_at: number | null;
  last_login_at: number | null;
}

/** A portal login: only the sha256 of the cookie token (`evr`) is stored. */
export interface RecipientSessionTable {
  token_hash: string;
  recipient_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  /** 1 for 자동로그인 (persistent cookie, long idle window). */
  auto_login: number;
  revoked_at: number | null;
}

/** What a recipient (or someone trying to be one) did in the portal: who, what, outcome, when. */
export interface RecipientAuditTable {
  id: string;
  /** null when no recipient could be named (a failed login of an unknown number). */
  recipient_id: string | null;
  action: string;
  outcome: 'ok' | 'refused';
  /** An error code or a short note; never a password, a card number or a phone number. */
  detail: string | null;
  recorded_at: number;
}
