import type { Generated } from 'kysely';

/** 이용자. */
export interface RecipientTable {
  id: string;
  name: string;
  phone: string;
  created_at: number;
}

/** 바우처 카드: an NDEF token or a typed 16-digit number that identifies (not authenticates) a recipient. */
export interface CardTable {
  id: string;
  recipient_id: string;
  token: string;
  card_number: string;
  status: 'active' | 'revoked';
  created_at: number;
  /** When the institution stopped it (lost, replaced); null while active and for older rows. */
  revoked_at: number | null;
}

/** 계약: an institution may bill a recipient's voucher of one program only under a contract. */
export interface ContractTable {
  id: string;
  institution_id: string;
  recipient_id: string;
  program_id: string;
  created_at: number;
}

/** The 5-minute voucher screen opened by a card read; payments and service starts must name it. */
export interface LookupTable {
  id: string;
  worker_id: string;
  terminal_id: string;
  voucher_id: string;
  card_read: 'nfc' | 'typed';
  created_at: number;
  expires_at: number;
  /** 1 on a shared terminal until the worker who entered their 결제 ID is bound (worker_id is theirs from then on). */
  needs_worker: Generated<number>;
  /** How the recipient was identified: card (default), qr (a redeemed QR token) or biometric (an approved request). */
  method: Generated<'card' | 'qr' | 'biometric'>;
  /** 생체인증결제: the most the recipient approved; null otherwise. */
  amount_cap_krw: number | null;
}
