/**
 * The provider app's side of QR결제 and 생체인증결제 (the payment flow calls these): send a
 * request to the recipient's phone number, redeem the QR token the camera read (→ the voucher
 * screen), and ask for a biometric approval's result (pending, or the voucher screen once).
 * Refusals arrive as ApiError with their code: 2003 / 2005 for the number, 2140–2143 for a token,
 * 2144 인증 유효시간 초과, 2145 declined.
 */
import { BiometricResultSchema, PaymentRequestSentSchema, REQUEST_API, type BiometricRequest, type PhoneRequest } from '../domain/requests';
import { VoucherScreenSchema } from '../domain/wire';
import { hostCall } from './host';

export const sendQrRequest = (body: PhoneRequest) => hostCall(REQUEST_API.qrRequest, PaymentRequestSentSchema, { method: 'POST', body });

export const redeemQrToken = (token: string) => hostCall(REQUEST_API.qrRedeem, VoucherScreenSchema, { method: 'POST', body: { token } });

export const sendBiometricRequest = (body: BiometricRequest) =>
  hostCall(REQUEST_API.biometricRequest, PaymentRequestSentSchema, { method: 'POST', body });

export const biometricResult = (requestId: string, signal?: AbortSignal) =>
  hostCall(REQUEST_API.biometricResult(requestId), BiometricResultSchema, { signal });
