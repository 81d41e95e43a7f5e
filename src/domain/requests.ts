/**
 * The worker's side of QR결제 and 생체인증결제 (SPEC §5.5, §5.6): send a request to a recipient's
 * phone number, redeem a QR token, wait for an approval. Apart from the portal's messages
 * (portal.ts) so that the provider app loads only these.
 */
import * as v from 'valibot';
import { MAX_PAYMENT_KRW } from './cost';
import { epochMs, id, slug, text, won } from './fields';
import { PHONE_PATTERN } from './people';
import { VoucherScreenSchema } from './wire';

/** The worker's side: send a request to a phone number, redeem a QR token, wait for an approval. */
export const REQUEST_API = {
  qrRequest: '/api/qr/requests',
  qrRedeem: '/api/qr/redeem',
  biometricRequest: '/api/biometric/requests',
  /** GET `${biometricRequest}/:id`: pending, or the voucher screen once approved (2144 / 2145 otherwise). */
  biometricResult: (requestId: string) => `/api/biometric/requests/${encodeURIComponent(requestId)}`,
} as const;

const phone = v.pipe(v.string(), v.regex(PHONE_PATTERN));

export const PhoneRequestSchema = v.object({ phone, programId: slug(40) });
export type PhoneRequest = v.InferOutput<typeof PhoneRequestSchema>;

export const BiometricRequestSchema = v.object({
  phone,
  programId: slug(40),
  /** The most this payment may be: the recipient approves up to it. */
  amountCapKrw: v.pipe(won, v.minValue(1), v.maxValue(MAX_PAYMENT_KRW)),
});
export type BiometricRequest = v.InferOutput<typeof BiometricRequestSchema>;

export const PaymentRequestSentSchema = v.object({ requestId: id, expiresAt: epochMs, hostNow: epochMs });
export type PaymentRequestSent = v.InferOutput<typeof PaymentRequestSentSchema>;

export const QrRedeemRequestSchema = v.object({ token: text(1000) });

export const BiometricResultSchema = v.variant('status', [
  v.object({ status: v.literal('pending'), expiresAt: epochMs, hostNow: epochMs }),
  v.object({ status: v.literal('approved'), voucher: VoucherScreenSchema }),
]);
export type BiometricResult = v.InferOutput<typeof BiometricResultSchema>;
