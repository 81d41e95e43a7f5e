/**
 * 전문(wire) schemas: every request and response between the apps and the voucher host.
 * The host parses every request body with these before touching the database; the apps parse
 * every response, so a drift between the two fails loudly at the edge instead of deep inside.
 * All instants are epoch milliseconds; all money is integer won.
 */
import * as v from 'valibot';
import { PROGRAM_IDS } from './catalog';
import { APPROVAL_NUMBER_PATTERN } from './approval';
import { CARD_NUMBER_PATTERN, PHONE_PATTERN } from './people';
import { MAX_PAYMENT_KRW } from './cost';
import { RETRO_REASON_IDS } from './retroactive';
import { cardToken, count, epochMs, id, slug, text, uuid, won } from './fields';

export const API = {
  openapi: '/api/openapi.json',
  health: '/api/health',
  catalog: '/api/catalog',
  registerTerminal: '/api/terminals/register',
  reclaimTerminal: '/api/terminals/reclaim',
  login: '/api/auth/login',
  logout: '/api/auth/logout',
  me: '/api/auth/me',
  autoLoginOff: '/api/auth/auto-login/off',
  changePassword: '/api/auth/password',
  cardCheck: '/api/cards/check',
  lookupWorker: '/api/cards/lookup/worker',
  cardLookup: '/api/cards/lookup',
  serviceStart: '/api/services/start',
  serviceDiscard: '/api/services/discard',
  payments: '/api/payments',
  todayPayments: '/api/payments/today',
  cancelPayment: '/api/payments/cancel',
  retroSummary: '/api/payments/retroactive-summary',
  retroMonitoring: '/api/monitoring/retroactive',
} as const;

export const ProgramIdSchema = v.picklist(PROGRAM_IDS);
export const PhoneSchema = v.pipe(v.string(), v.regex(PHONE_PATTERN));
export const ApprovalNumberSchema = v.pipe(v.string(), v.regex(APPROVAL_NUMBER_PATTERN));

/** Every refusal: a stable code and its Korean message (SPEC §5.10). */
export const ErrorBodySchema = v.object({ code: v.string(), message: v.string() });
export type ErrorBody = v.InferOutput<typeof ErrorBodySchema>;

// ── 등록 확인 ────────────────────────────────────────────────────────────────────────────────
export const RegisterTerminalRequestSchema = v.object({
  /** Made on the device at first start and kept there; registering again answers the same terminal. */
  deviceId: uuid,
  model: text(64),
});
export type RegisterTerminalRequest = v.InferOutput<typeof RegisterTerminalRequestSchema>;

export const TerminalNumberSchema = v.pipe(v.string(), v.regex(/^\d{10}$/));

/** How a terminal is used: a worker's own phone, or an institution's shared tablet (SPEC §2). */
export const TerminalProfileSchema = v.picklist(['personal', 'shared']);
export type TerminalProfile = v.InferOutput<typeof TerminalProfileSchema>;

export const TerminalSchema = v.object({
  terminalNumber: TerminalNumberSchema,
  model: v.string(),
  status: v.picklist(['active', 'revoked']),
  registeredAt: epochMs,
  /** shared: every payment asks the 제공인력 결제 ID. Older hosts sent none: a personal phone. */
  profile: v.optional(TerminalProfileSchema, 'personal'),
});
export type Terminal = v.InferOutput<typeof TerminalSchema>;

/**
 * A re-install on the same device: the first login of a new registration finds the terminal this
 * worker used before on a device of the same model. The app asks whether it is the same device;
 * if so, POST reclaimTerminal takes that terminal (and its 단말번호) over instead of counting a new one.
 */
export const ReinstallCandidateSchema = v.object({ terminalNumber: TerminalNumberSchema, model: v.string(), lastSeenAt: epochMs });
export type ReinstallCandidate = v.InferOutput<typeof ReinstallCandidateSchema>;

export const ReclaimTerminalRequestSchema = v.object({ terminalNumber: TerminalNumberSchema });
export type ReclaimTerminalRequest = v.InferOutput<typeof ReclaimTerminalRequestSchema>;

// ── 로그인 ─────────────────────────────────────────────────────────────────────────────────
export const LoginRequestSchema = v.object({
  phone: PhoneSchema,
  password: text(128),
  autoLogin: v.boolean(),
  deviceId: uuid,
});
export type LoginRequest = v.InferOutput<typeof LoginRequestSchema>;

export const SessionInfoSchema = v.object({
  worker: v.object({ id, name: v.string(), phoneMasked: v.string() }),
  institution: v.object({ id, name: v.string() }),
  terminal: TerminalSchema,
  /** Programs this institution bills (its contracts), in catalog order: the home screen list. */
  programIds: v.array(ProgramIdSchema),
  /** 자동로그인: the session outlives the browser (persistent cookie, long idle window). Absent from older hosts. */
  autoLogin: v.optional(v.boolean()),
  /** Only in the answer of the login that bound a new registration: the terminal it may be a re-install of. */
  reinstall: v.optional(ReinstallCandidateSchema),
  hostNow: epochMs,
});
export type SessionInfo = v.InferOutput<typeof SessionInfoSchema>;

// ── 환경설정 ───────────────────────────────────────────────────────────────────────────────
/** 패스워드 변경: the current password proves it is the worker; the host's rules decide the new one. */
export const ChangePasswordRequestSchema = v.object({
  currentPassword: text(128),
  newPassword: text(128),
});
export type ChangePasswordRequest = v.InferOutput<typeof ChangePasswordRequestSchema>;

export const ChangePasswordResponseSchema = v.object({
  ok: v.literal(true),
  /** The worker's other sessions (other devices, other browsers), ended by the change. */
  otherSessionsRevoked: count,
});
export type ChangePasswordResponse = v.InferOutput<typeof ChangePasswordResponseSchema>;

// ── 카드 태깅 → 바우처 화면 ──────────────────────────────────────────────────────────────────
export const CardReadSchema = v.variant('kind', [
  /** NDEF tag written by the institution: an opaque token (identifies, does not authenticate). */
  v.object({ kind: v.literal('nfc'), token: cardToken }),
  /** Typed on a device without NFC: the 16-digit card number. The payment is marked as typed. */
  v.object({ kind: v.literal('typed'), number: v.pipe(v.string(), v.regex(CARD_NUMBER_PATTERN)) }),
]);
export type CardRead = v.InferOutput<typeof CardReadSchema>;

/** An unknown but well-formed program id is 2206 (사업유형 정보가 없습니다), not a malformed request. */
export const CardLookupRequestSchema = v.object({ programId: slug(40), card: CardReadSchema });
export type CardLookupRequest = v.InferOutput<typeof CardLookupRequestSchema>;

/**
 * 카드인식 테스트: is this card known and live, and whose is it — billing nothing, opening no
 * voucher screen. It works before login (from the login screen), so it names the terminal.
 */
export const CardCheckRequestSchema = v.object({ deviceId: uuid, card: CardReadSchema });
export type CardCheckRequest = v.InferOutput<typeof CardCheckRequestSchema>;

export const CardCheckSchema = v.object({
  status: v.literal('active'),
  /** The recipient, masked (이**) — only for a terminal of an institution with a contract with them; else null. */
  recipientMasked: v.nullable(v.string()),
  /** The programs this terminal's institution may bill on the card, in catalog order. */
  programIds: v.array(ProgramIdSchema),
  hostNow: epochMs,
});
export type CardCheck = v.InferOutput<typeof CardCheckSchema>;

export const OpenServiceSchema = v.object({ id, startedAt: epochMs });
export type OpenService = v.InferOutput<typeof OpenServiceSchema>;

export const VoucherScreenSchema = v.object({
  /** The host-side voucher session: a payment must name it, and it expires with the countdown. */
  lookupId: id,
  /** A shared terminal's voucher screen: nothing is started or paid on it before a worker's 결제 ID is bound (lookupWorker). */
  needsWorker: v.optional(v.boolean()),
  programId: ProgramIdSchema,
  institutionName: v.string(),
  recipientMasked: v.string(),
  serviceCode: v.string(),
  balanceKrw: won,
  voucherMonth: v.string(),
  expiresAt: epochMs,
  hostNow: epochMs,
  openService: v.nullable(OpenServiceSchema),
});
export type VoucherScreen = v.InferOutput<typeof VoucherScreenSchema>;

// ── 제공인력 결제 ID (shared terminals) ────────────────────────────────────────────────────────────
/** 제공인력 결제 ID: the number a worker enters on the keypad of a shared terminal. */
export const WORKER_PAYMENT_ID_PATTERN = /^\d{1,10}$/;
export const WorkerPaymentIdSchema = v.pipe(v.string(), v.regex(WORKER_PAYMENT_ID_PATTERN));

/** The worker names themselves by their 결제 ID, or (가사간병방문지원) by their 제공인력카드 — exactly one of the two. */
export const LookupWorkerRequestSchema = v.pipe(
  v.object({ lookupId: id, workerPaymentId: v.optional(WorkerPaymentIdSchema), workerCard: v.optional(CardReadSchema) }),
  v.check((request) => (request.workerPaymentId === undefined) !== (request.workerCard === undefined), 'workerPaymentId or workerCard, not both'),
);
export type LookupWorkerRequest = v.InferOutput<typeof LookupWorkerRequestSchema>;

/** The worker now bound to the voucher screen: what is paid on it is recorded under them, and only their own open service shows. */
export const LookupWorkerSchema = v.object({ workerId: id, paymentId: v.string(), name: v.string(), openService: v.nullable(OpenServiceSchema) });
export type LookupWorker = v.InferOutput<typeof LookupWorkerSchema>;

// ── 서비스 시작 ───────────────────────────────────────────────────────────────────────────────
export const ServiceStartRequestSchema = v.object({ lookupId: id, deviceAt: epochMs });
export type ServiceStartRequest = v.InferOutput<typeof ServiceStartRequestSchema>;
export const ServiceStartResponseSchema = v.object({ openService: OpenServiceSchema });

/** 시작 취소: the worker's own mistaken 서비스 시작, discarded from a live voucher screen (audited on the host). */
export const ServiceDiscardRequestSchema = v.object({ lookupId: id, openServiceId: id, deviceAt: epochMs });
export type ServiceDiscardRequest = v.InferOutput<typeof ServiceDiscardRequestSchema>;
export const ServiceDiscardResponseSchema = v.object({ discardedAt: epochMs });
export type ServiceDiscardResponse = v.InferOutput<typeof ServiceDiscardResponseSchema>;

// ── 서비스 결제 ───────────────────────────────────────────────────────────────────────────────
/** At most one entry per service type of the largest program. */
export const MAX_SPLIT_ENTRIES = 8;

export const MinutesByTypeSchema = v.pipe(
  v.record(slug(32), v.pipe(count, v.maxValue(24 * 60))),
  v.check((split) => Object.keys(split).length <= MAX_SPLIT_ENTRIES, 'too many service types'),
);

const paymentRequestCommon = {
  /** Made on the device before the first send: the idempotency key (TigerBeetle-style). */
  paymentId: uuid,
  lookupId: id,
  /** How the voucher screen was opened: the host checks it against the screen and records it. */
  method: v.picklist(['card', 'qr', 'biometric']),
  /** Time and visit programs: the split screen; amount programs: {}. */
  minutesByType: MinutesByTypeSchema,
  /** The amount the worker saw and confirmed; the host recomputes it and refuses a mismatch. */
  amountKrw: v.pipe(won, v.maxValue(MAX_PAYMENT_KRW * 10)),
  deviceAt: epochMs,
};

/** 정상결제: the service that ends now, on this voucher screen. */
export const NormalPaymentRequestSchema = v.object({
  ...paymentRequestCommon,
  mode: v.literal('normal'),
  /** Time and visit programs: the service being closed; amount programs: null. */
  openServiceId: v.nullable(id),
  /** When 서비스 결제 was tapped: the end of the service (time programs) on the device clock. */
  serviceEndAt: epochMs,
});

/** 소급결제 (SPEC §5.4): a past service, its times entered by the worker, with one of the eight reasons. */
export const RetroPaymentRequestSchema = v.object({
  ...paymentRequestCommon,
  mode: v.literal('retroactive'),
  openServiceId: v.null(),
  /** Amount programs: the 제공날짜's 00:00 (Seoul), the same as serviceEndAt. */
  serviceStartAt: epochMs,
  serviceEndAt: epochMs,
  reason: v.picklist(RETRO_REASON_IDS),
});

export const PaymentRequestSchema = v.variant('mode', [NormalPaymentRequestSchema, RetroPaymentRequestSchema]);
export type PaymentRequest = v.InferOutput<typeof PaymentRequestSchema>;
export type NormalPaymentRequest = v.InferOutput<typeof NormalPaymentRequestSchema>;
export type RetroPaymentRequest = v.InferOutput<typeof RetroPaymentRequestSchema>;

export const ReceiptSchema = v.object({
  paymentId: uuid,
  approvalNumber: ApprovalNumberSchema,
  programId: ProgramIdSchema,
  institutionName: v.string(),
  recipientMasked: v.string(),
  serviceCode: v.string(),
  /** 서비스일자 'YYYY-MM-DD' (Asia/Seoul). */
  serviceDate: v.string(),
  serviceStartAt: epochMs,
  serviceEndAt: epochMs,
  minutesByType: MinutesByTypeSchema,
  amountKrw: won,
  balanceKrw: won,
  cardRead: v.picklist(['nfc', 'typed']),
  recordedAt: epochMs,
});
export type Receipt = v.InferOutput<typeof ReceiptSchema>;

/**
 * 소급결제 주의 사항: this institution's share of 소급결제 among its payments this month (offline
 * captures are a mode of their own and count in neither), against the threshold that flags it.
 */
export const RetroSummarySchema = v.object({
  /** 'YYYY-MM' (Asia/Seoul). */
  month: v.string(),
  retroactiveCount: count,
  paymentCount: count,
  /** retroactiveCount / paymentCount; 0 with no payments. */
  ratio: v.number(),
  threshold: v.number(),
  flagged: v.boolean(),
  /** The host's limit of one 소급결제, in minutes (RETRO_MAX_HOURS). */
  maxMinutes: count,
});
export type RetroSummary = v.InferOutput<typeof RetroSummarySchema>;

/** The monitoring report (SPEC §5.4): every institution's 소급결제 ratio of a month, those above the threshold flagged. */
export const RetroMonitoringQuerySchema = v.object({ month: v.optional(v.pipe(v.string(), v.regex(/^\d{4}-(0[1-9]|1[0-2])$/))) });
export const RetroMonitoringSchema = v.object({
  month: v.string(),
  threshold: v.number(),
  institutions: v.array(
    v.object({ institutionId: v.string(), retroactiveCount: count, paymentCount: count, ratio: v.number(), flagged: v.boolean() }),
  ),
});
export type RetroMonitoring = v.InferOutput<typeof RetroMonitoringSchema>;

export const TodayPaymentSchema = v.object({
  paymentId: uuid,
  approvalNumber: ApprovalNumberSchema,
  programId: ProgramIdSchema,
  recipientMasked: v.string(),
  serviceStartAt: epochMs,
  serviceEndAt: epochMs,
  amountKrw: won,
  status: v.picklist(['approved', 'cancelled']),
});
export const TodayPaymentsSchema = v.object({ payments: v.array(TodayPaymentSchema) });
/** 당일거래 취소 from a voucher screen: only its worker's payments on its voucher. */
export const TodayPaymentsQuerySchema = v.object({ lookupId: v.optional(id) });
export type TodayPayment = v.InferOutput<typeof TodayPaymentSchema>;

// ── 거래 취소 ─────────────────────────────────────────────────────────────────────────────────
/** Which payment: by 승인번호 (직접거래 취소) or by id (당일거래 취소 from today's list, a queued cancel). */
export const CancelTargetSchema = v.variant('by', [
  v.object({ by: v.literal('approvalNumber'), approvalNumber: ApprovalNumberSchema }),
  v.object({ by: v.literal('paymentId'), paymentId: uuid }),
]);
export type CancelTarget = v.InferOutput<typeof CancelTargetSchema>;

export const CancelRequestSchema = v.object({
  /** Made on the device before the first send: the idempotency key of the cancellation. */
  cancelId: uuid,
  target: CancelTargetSchema,
  deviceAt: epochMs,
  /** Shared terminals: the 제공인력 결제 ID of the worker who cancels (0273 without one). */
  workerPaymentId: v.optional(WorkerPaymentIdSchema),
});
export type CancelRequest = v.InferOutput<typeof CancelRequestSchema>;

export const CancelReceiptSchema = v.object({
  cancelId: uuid,
  paymentId: uuid,
  /** The cancelled payment's 승인번호. */
  approvalNumber: ApprovalNumberSchema,
  programId: ProgramIdSchema,
  institutionName: v.string(),
  recipientMasked: v.string(),
  serviceDate: v.string(),
  amountKrw: won,
  /** The voucher's balance once the amount came back. */
  balanceKrw: won,
  recordedAt: epochMs,
});
export type CancelReceipt = v.InferOutput<typeof CancelReceiptSchema>;

// ── 카탈로그 ──────────────────────────────────────────────────────────────────────────────────
export const HealthSchema = v.object({
  ok: v.boolean(),
  hostNow: epochMs,
  version: v.string(),
  /** Apps older than this take no new payments (1006); null when the host asks for no minimum. */
  minAppVersion: v.optional(v.nullable(v.string()), null),
});

// ── 카탈로그 (사업·수가) ─────────────────────────────────────────────────────────────────────────
export const ServiceTypeSchema = v.object({ id: v.string(), nameKo: v.string(), serviceCode: v.string() });

export const ProgramSchema = v.object({
  id: ProgramIdSchema,
  nameKo: v.string(),
  groupKo: v.string(),
  model: v.picklist(['time', 'visit', 'amount']),
  pricing: v.picklist(['hourly', 'perVisit', 'durationBand', 'enteredAmount']),
  serviceTypes: v.array(ServiceTypeSchema),
});

export const TariffRowSchema = v.object({
  programId: ProgramIdSchema,
  serviceTypeId: v.nullable(v.string()),
  rate: v.picklist(['standard', 'nightHoliday']),
  unit: v.picklist(['hour', 'visit', 'band']),
  priceKrw: won,
  minMinutes: v.optional(v.number()),
  maxMinutes: v.optional(v.number()),
  effectiveFrom: v.string(),
  effectiveUntil: v.nullable(v.string()),
});

/** GET /api/catalog: the programs and the tariff rows in force on the host's Seoul date. */
export const CatalogSchema = v.object({
  programs: v.array(ProgramSchema),
  tariff: v.array(TariffRowSchema),
  hostNow: epochMs,
});
export type Catalog = v.InferOutput<typeof CatalogSchema>;

/** POST /api/auth/logout answers this whether or not a session was open. */
export const LogoutResponseSchema = v.object({ ok: v.literal(true) });
