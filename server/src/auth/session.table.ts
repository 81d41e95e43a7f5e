/** A login: only the sha256 of the cookie token is stored, so a database leak opens no session. */
export interface SessionTable {
  token_hash: string;
  worker_id: string;
  terminal_id: string;
  created_at: number;
  last_seen_at: number;
  /** Absolute end of the session, whatever the activity. */
  expires_at: number;
  /** 1 for 자동로그인 (persistent cookie, long idle window), 0 otherwise. */
  auto_login: number;
  revoked_at: number | null;
}
