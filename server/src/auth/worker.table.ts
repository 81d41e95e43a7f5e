/** 제공기관: a care centre; it owns terminals and employs workers. */
export interface InstitutionTable {
  id: string;
  name: string;
  created_at: number;
}

/** 제공인력: logs in with the smartphone number; the password is kept only as a scrypt hash. */
export interface WorkerTable {
  id: string;
  institution_id: string;
  name: string;
  phone: string;
  password_hash: string;
  /** 제공인력 결제 ID, asked on shared terminals. */
  payment_id: string;
  created_at: number;
  /** Taken out of service by the institution (login refused, sessions ended); null while active. */
  deactivated_at: number | null;
}
