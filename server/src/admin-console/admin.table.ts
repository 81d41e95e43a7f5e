/** 기관 관리자: the institution's administrator, a principal of their own; only a scrypt hash of the password is kept. */
export interface AdministratorTable {
  id: string;
  institution_id: string;
  /** 관리자 아이디 (not a phone number: the console is the institution's, not a person's phone). */
  login_id: string;
  name: string;
  password_hash: string;
  created_at: number;
}

/** A console login: only the sha256 of the cookie token is stored. */
export interface AdminSessionTable {
  token_hash: string;
  admin_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  revoked_at: number | null;
}

/** 감사 기록: every console action, done or refused — who, what, on what, when, from where. Append-only. */
export interface AdminAuditTable {
  id: string;
  /** Null only for a refused login of an unknown login id. */
  institution_id: string | null;
  admin_id: string | null;
  /** 'login', 'worker.add', 'card.revoke', 'export.payments' … */
  action: string;
  /** The worker, terminal number, recipient, card or period acted on. */
  target: string | null;
  outcome: 'ok' | 'refused';
  /** The refusal's code, or a short note (never a password or a card token). */
  detail: string | null;
  ip: string | null;
  recorded_at: number;
}

/** The programs a worker may bill; a worker with no rows may bill every program of the institution. */
export interface WorkerProgramTable {
  worker_id: string;
  program_id: string;
  created_at: number;
}
