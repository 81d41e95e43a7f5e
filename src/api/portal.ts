/**
 * The recipient portal's HTTP client: one function per host endpoint of the portal (src/domain/portal.ts
 * is the contract), through the one host-fetch core (host.ts). The recipient's session is the
 * HttpOnly cookie `evr`; nothing here ever sees it.
 */
import * as v from 'valibot';
import {
  ApprovalResultSchema,
  InboxMessageSchema,
  InboxSchema,
  MyVouchersSchema,
  OfflineTokensSchema,
  PendingRequestsSchema,
  PORTAL_API,
  PushKeySchema,
  QrTokenSchema,
  RecipientSessionSchema,
  type PushSubscribeRequest,
  type RecipientLoginRequest,
  type RecipientSignupRequest,
} from '../domain/portal';
import { hostCall } from './host';

export { ApiError } from './host';

const OkSchema = v.object({ ok: v.literal(true) });
const BiometricCountSchema = v.object({ biometricCount: v.number() });
/** WebAuthn options as @simplewebauthn/server made them: handed to the browser library unchanged. */
const CeremonyOptionsSchema = v.looseObject({ challenge: v.string() });

export const signup = (body: RecipientSignupRequest) => hostCall(PORTAL_API.signup, RecipientSessionSchema, { method: 'POST', body });
export const login = (body: RecipientLoginRequest) => hostCall(PORTAL_API.login, RecipientSessionSchema, { method: 'POST', body });
export const logout = () => hostCall(PORTAL_API.logout, OkSchema, { method: 'POST', body: {} });
export const me = () => hostCall(PORTAL_API.me, RecipientSessionSchema);
export const myVouchers = () => hostCall(PORTAL_API.vouchers, MyVouchersSchema);
export const inbox = () => hostCall(PORTAL_API.inbox, InboxSchema);
export const inboxMessage = (messageId: string) => hostCall(PORTAL_API.inboxMessage(messageId), InboxMessageSchema);
export const pendingRequests = () => hostCall(PORTAL_API.requests, PendingRequestsSchema);
export const qrToken = (requestId: string) => hostCall(PORTAL_API.qrToken, QrTokenSchema, { method: 'POST', body: { requestId } });
export const offlineTokens = () => hostCall(PORTAL_API.offlineTokens, OfflineTokensSchema, { method: 'POST', body: {} });
export const pushKey = () => hostCall(PORTAL_API.pushKey, PushKeySchema);
export const pushSubscribe = (body: PushSubscribeRequest) => hostCall(PORTAL_API.pushSubscribe, OkSchema, { method: 'POST', body });
export const pushUnsubscribe = (endpoint: string) => hostCall(PORTAL_API.pushUnsubscribe, OkSchema, { method: 'POST', body: { endpoint } });
export const registrationOptions = () => hostCall(PORTAL_API.webauthnRegisterOptions, CeremonyOptionsSchema, { method: 'POST', body: {} });
export const registerCredential = (response: unknown) =>
  hostCall(PORTAL_API.webauthnRegister, BiometricCountSchema, { method: 'POST', body: { response } });
export const removeCredentials = () => hostCall(PORTAL_API.webauthnRemove, BiometricCountSchema, { method: 'POST', body: {} });
export const approvalOptions = (requestId: string) =>
  hostCall(PORTAL_API.approvalOptions, CeremonyOptionsSchema, { method: 'POST', body: { requestId } });
export const approve = (requestId: string, response: unknown) =>
  hostCall(PORTAL_API.approve, ApprovalResultSchema, { method: 'POST', body: { requestId, response } });
export const decline = (requestId: string) => hostCall(PORTAL_API.decline, ApprovalResultSchema, { method: 'POST', body: { requestId } });
