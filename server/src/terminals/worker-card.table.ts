/** 제공인력카드: an NDEF token or a typed 16-digit number that identifies (not authenticates) a worker. */
export interface WorkerCardTable {
  id: string;
  worker_id: string;
  token: string;
  card_number: string;
  status: 'active' | 'revoked';
  created_at: number;
  /** When the institution stopped it (lost, replaced); null while active. */
  revoked_at: number | null;
}
