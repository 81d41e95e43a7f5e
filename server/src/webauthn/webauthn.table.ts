/** 생체인증 등록: a recipient's platform credential (fingerprint / face on their phone). */
export interface WebauthnCredentialTable {
  /** The credential id (base64url). */
  id: string;
  recipient_id: string;
  /** COSE public key, base64url. */
  public_key: string;
  /** The authenticator's signature counter as last seen: a counter that goes back is a cloned key. */
  sign_count: number;
  /** JSON array of the authenticator's transports. */
  transports: string;
  created_at: number;
  last_used_at: number | null;
}

/** A WebAuthn challenge: ≥ 16 random bytes, single use, expiring; an approval's is bound to its request. */
export interface WebauthnChallengeTable {
  id: string;
  challenge: string;
  recipient_id: string;
  purpose: 'register' | 'approve';
  request_id: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}
