/**
 * 이용자 포털 전문: the recipient portal's requests and answers, and the worker's QR결제 and
 * 생체인증결제 requests (SPEC §5.5, §5.6). The host parses every request with these; the portal and
 * the provider app parse every answer. Recipients have their own session cookie (`evr`), apart
 * from the workers' (`evs`): neither opens the other's routes.
 */
import * as v from 'valibot';
import { PHONE_PATTERN, CARD_NUMBER_PATTERN } from './people';
import { ApprovalNumberSchema, ProgramIdSchema } from './wire';
import { count, epochMs, id, text, won } from './fields';

export const PORTAL_API = {
  signup: '/api/portal/signup',
  login: '/api/portal/login',
  logout: '/api/portal/logout',
  me: '/api/portal/me',
  vouchers: '/api/portal/vouchers',
  inbox: '/api/portal/inbox',
  /** GET `${inbox}/:id`: one message in full (and marked read). */
  inboxMessage: (messageId: string) => `/api/portal/inbox/${encodeURIComponent(messageId)}`,
  events: '/api/portal/events',
  pushKey: '/api/portal/push/key',
  pushSubscribe: '/api/portal/push/subscribe',
  pushUnsubscribe: '/api/portal/push/unsubscribe',
  webauthnRegisterOptions: '/api/portal/webauthn/register/options',
  webauthnRegister: '/api/portal/webauthn/register',
  webauthnRemove: '/api/portal/webauthn/remove',
  requests: '/api/portal/requests',
  qrToken: '/api/portal/qr/token',
  offlineTokens: '/api/portal/qr/offline-tokens',
  approvalOptions: '/api/portal/approvals/options',
  approve: '/api/portal/approvals/approve',
  decline: '/api/portal/approvals/decline',
} as const;

export const RECIPIENT_SESSION_COOKIE = 'evr';

const phone = v.pipe(v.string(), v.regex(PHONE_PATTERN));
const cardNumber = v.pipe(v.string(), v.regex(CARD_NUMBER_PATTERN));
/** base64url text (WebAuthn ids and buffers, push keys). */
const b64url = (max: number) => v.pipe(v.string(), v.regex(new RegExp(`^[A-Za-z0-9_-]{1,${max}}$`)));

// ── 회원가입 · 로그인 ─────────────────────────────────────────────────────────────────────────
export const RecipientSignupRequestSchema = v.object({ phone, cardNumber, password: text(128) });
export type RecipientSignupRequest = v.InferOutput<typeof RecipientSignupRequestSchema>;

export const RecipientLoginRequestSchema = v.object({ phone, password: text(128), autoLogin: v.boolean() });
export type RecipientLoginRequest = v.InferOutput<typeof RecipientLoginRequestSchema>;

export const RecipientSessionSchema = v.object({
  recipient: v.object({ name: v.string(), phoneMasked: v.string() }),
  autoLogin: v.boolean(),
  /** 생체인증 등록: how many platform credentials the recipient has enrolled. */
  biometricCount: count,
  hostNow: epochMs,
});
export type RecipientSession = v.InferOutput<typeof RecipientSessionSchema>;

// ── 내 바우처 ───────────────────────────────────────────────────────────────────────────────
export const VoucherActivitySchema = v.object({
  kind: v.picklist(['payment', 'cancel']),
  approvalNumber: ApprovalNumberSchema,
  institutionName: v.string(),
  serviceDate: v.string(),
  amountKrw: won,
  recordedAt: epochMs,
});
export type VoucherActivity = v.InferOutput<typeof VoucherActivitySchema>;

export const MyVoucherSchema = v.object({
  programId: ProgramIdSchema,
  month: v.string(),
  grantedKrw: won,
  balanceKrw: won,
  /** This month's payments and cancellations, newest first. */
  activity: v.array(VoucherActivitySchema),
});
export type MyVoucher = v.InferOutput<typeof MyVoucherSchema>;

export const MyVouchersSchema = v.object({ month: v.string(), vouchers: v.array(MyVoucherSchema), hostNow: epochMs });
export type MyVouchers = v.InferOutput<typeof MyVouchersSchema>;

// ── 알림함 ─────────────────────────────────────────────────────────────────────────────────
export const InboxKindSchema = v.picklist(['payment.approved', 'payment.cancelled']);

export const InboxMessageSchema = v.object({
  id,
  kind: InboxKindSchema,
  createdAt: epochMs,
  read: v.boolean(),
  institutionName: v.string(),
  workerName: v.string(),
  serviceCode: v.string(),
  approvalNumber: v.string(),
  serviceDate: v.string(),
  amountKrw: won,
  balanceKrw: won,
});
export type InboxMessage = v.InferOutput<typeof InboxMessageSchema>;

export const InboxSchema = v.object({ messages: v.array(InboxMessageSchema), unread: count });
export type Inbox = v.InferOutput<typeof InboxSchema>;

/** What the SSE stream (and a push) says: only which thing to fetch — never names or amounts. */
export const PortalSignalSchema = v.variant('type', [
  v.object({ type: v.literal('inbox'), messageId: id }),
  v.object({ type: v.literal('request'), requestId: id, kind: v.picklist(['qr', 'biometric']) }),
]);
export type PortalSignal = v.InferOutput<typeof PortalSignalSchema>;

// ── Web Push ────────────────────────────────────────────────────────────────────────────────
export const PushKeySchema = v.object({ publicKey: b64url(200) });
export const PushSubscribeRequestSchema = v.object({
  endpoint: v.pipe(text(1000), v.url(), v.startsWith('https://')),
  keys: v.object({ p256dh: b64url(200), auth: b64url(64) }),
});
export type PushSubscribeRequest = v.InferOutput<typeof PushSubscribeRequestSchema>;
export const PushUnsubscribeRequestSchema = v.object({ endpoint: text(1000) });

// ── 생체인증 (WebAuthn) ─────────────────────────────────────────────────────────────────────
/** The JSON a WebAuthn ceremony answers (@simplewebauthn/browser): checked in depth by the host's verifier. */
const CredentialResponseSchema = v.object({
  id: b64url(1400),
  rawId: b64url(1400),
  type: v.literal('public-key'),
  response: v.record(
    v.pipe(v.string(), v.maxLength(64)),
    // Buffers (base64url), transports, and the COSE algorithm number (publicKeyAlgorithm).
    v.union([
      v.pipe(v.string(), v.maxLength(16_000)),
      v.pipe(v.array(v.pipe(v.string(), v.maxLength(32))), v.maxLength(16)),
      v.pipe(v.number(), v.safeInteger()),
    ]),
  ),
  clientExtensionResults: v.optional(v.record(v.pipe(v.string(), v.maxLength(64)), v.unknown())),
  authenticatorAttachment: v.optional(v.picklist(['platform', 'cross-platform'])),
});

export const WebauthnRegisterRequestSchema = v.object({ response: CredentialResponseSchema });
export const ApprovalOptionsRequestSchema = v.object({ requestId: id });
export const ApproveRequestSchema = v.object({ requestId: id, response: CredentialResponseSchema });
export const DeclineRequestSchema = v.object({ requestId: id });
/** Options for navigator.credentials (the JSON form @simplewebauthn/browser takes). */
export const CeremonyOptionsSchema = v.object({ challenge: b64url(200) });

// ── QR결제 · 생체인증결제 (portal side) ───────────────────────────────────────────────────────
export const PendingRequestSchema = v.object({
  id,
  kind: v.picklist(['qr', 'biometric']),
  programId: ProgramIdSchema,
  institutionName: v.string(),
  workerName: v.string(),
  /** 생체인증결제: the most the worker may charge on the voucher screen it opens. */
  amountCapKrw: v.nullable(won),
  expiresAt: epochMs,
});
export type PendingRequest = v.InferOutput<typeof PendingRequestSchema>;
export const PendingRequestsSchema = v.object({ requests: v.array(PendingRequestSchema), hostNow: epochMs });

export const QrTokenRequestSchema = v.object({ requestId: id });
/** A host-signed QR token: shown as a QR code until it expires (≤ 3 minutes), redeemable once. */
export const QrTokenSchema = v.object({ token: v.string(), expiresAt: epochMs, hostNow: epochMs });
export type QrToken = v.InferOutput<typeof QrTokenSchema>;

export const OfflineTokensSchema = v.object({
  tokens: v.array(v.object({ token: v.string(), programId: ProgramIdSchema, expiresAt: epochMs })),
  hostNow: epochMs,
});
export type OfflineTokens = v.InferOutput<typeof OfflineTokensSchema>;

export const ApprovalResultSchema = v.object({ ok: v.literal(true), requestId: id });

// ── QR결제 · 생체인증결제 (worker side): src/domain/requests.ts, re-exported for the host ──────────
export {
  BiometricRequestSchema,
  BiometricResultSchema,
  PaymentRequestSentSchema,
  PhoneRequestSchema,
  QrRedeemRequestSchema,
  REQUEST_API,
  type BiometricRequest,
  type BiometricResult,
  type PaymentRequestSent,
  type PhoneRequest,
} from './requests';
