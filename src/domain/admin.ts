/**
 * 기관 관리 전문: the institution console's requests and answers (issue 12). The administrator is a
 * principal of their own with their own session cookie (`eva`, sent only to /api/admin), apart from
 * the workers' (`evs`) and the recipients' (`evr`): no cookie opens another principal's routes.
 * Every answer is about the administrator's own institution only.
 */
import * as v from 'valibot';
import { cardToken, count, epochMs, id, text, won } from './fields';
import { CARD_NUMBER_PATTERN, PHONE_PATTERN } from './people';
import { ProgramIdSchema, TerminalNumberSchema } from './wire';

export const ADMIN_SESSION_COOKIE = 'eva';
/** The admin cookie goes to these paths only: a worker endpoint never even receives it. */
export const ADMIN_COOKIE_PATH = '/api/admin';

export const ADMIN_API = {
  login: '/api/admin/login',
  logout: '/api/admin/logout',
  me: '/api/admin/me',
  workers: '/api/admin/workers',
  workerStatus: '/api/admin/workers/status',
  workerPassword: '/api/admin/workers/password',
  workerPrograms: '/api/admin/workers/programs',
  terminals: '/api/admin/terminals',
  terminalProfile: '/api/admin/terminals/profile',
  terminalStatus: '/api/admin/terminals/status',
  recipients: '/api/admin/recipients',
  contracts: '/api/admin/contracts',
  vouchers: '/api/admin/vouchers',
  cards: '/api/admin/cards',
  cardRevoke: '/api/admin/cards/revoke',
  cardReplace: '/api/admin/cards/replace',
  cardVerify: '/api/admin/cards/verify',
  exceptions: '/api/admin/exceptions',
  /** GET `${trail}/:id`: everything recorded about one payment or command id. */
  trail: '/api/admin/trail',
  audit: '/api/admin/audit',
  reconciliation: '/api/admin/reconciliation',
  /** GET `${exports}/payments.csv` | `cancellations.csv` | `exceptions.csv` `?from=&to=`. */
  exports: '/api/admin/exports',
} as const;

export const EXPORT_KINDS = ['payments', 'cancellations', 'exceptions'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const exportPath = (kind: ExportKind, from: string, to: string): string =>
  `${ADMIN_API.exports}/${kind}.csv?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
export const trailPath = (subjectId: string): string => `${ADMIN_API.trail}/${encodeURIComponent(subjectId)}`;

const phone = v.pipe(v.string(), v.regex(PHONE_PATTERN));
/** 'YYYY-MM-DD', a Seoul calendar date. */
export const DateSchema = v.pipe(v.string(), v.regex(/^20\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/));
/** 관리자 아이디: letters, digits, '.', '_' and '-'. */
export const AdminLoginIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9._-]{3,64}$/));
/** 제공인력 결제 ID: 4–8 digits, typed on the shared terminal's keypad. */
export const WorkerPaymentIdSchema = v.pipe(v.string(), v.regex(/^\d{4,8}$/));
const personName = v.pipe(
  text(40),
  v.check((value) => value.trim().length > 0, 'a name'),
);
const programIds = v.pipe(v.array(ProgramIdSchema), v.maxLength(20));

// ── 로그인 ─────────────────────────────────────────────────────────────────────────────────
export const AdminLoginRequestSchema = v.object({ loginId: AdminLoginIdSchema, password: text(128) });
export type AdminLoginRequest = v.InferOutput<typeof AdminLoginRequestSchema>;

export const AdminSessionSchema = v.object({
  admin: v.object({ loginId: v.string(), name: v.string() }),
  institution: v.object({ id: v.string(), name: v.string() }),
  /** The programs the institution has contracts for, in catalog order. */
  programIds: v.array(ProgramIdSchema),
  hostNow: epochMs,
});
export type AdminSession = v.InferOutput<typeof AdminSessionSchema>;

export const AdminOkSchema = v.object({ ok: v.literal(true) });

// ── 제공인력 ────────────────────────────────────────────────────────────────────────────────
export const AdminWorkerSchema = v.object({
  id: v.string(),
  name: v.string(),
  /** 아이디 = smartphone number: the administrator hands it to the worker. */
  phone: v.string(),
  paymentId: v.string(),
  active: v.boolean(),
  /** The programs the worker may bill; 'all' = every program of the institution. */
  programIds: v.union([v.literal('all'), v.array(ProgramIdSchema)]),
  createdAt: epochMs,
});
export type AdminWorker = v.InferOutput<typeof AdminWorkerSchema>;
export const AdminWorkersSchema = v.object({ workers: v.array(AdminWorkerSchema) });

export const AddWorkerRequestSchema = v.object({
  name: personName,
  phone,
  /** The initial password, by the host's password rules (1021). */
  password: text(128),
  paymentId: WorkerPaymentIdSchema,
  /** Empty or absent: every program of the institution. */
  programIds: v.optional(programIds, []),
});
export type AddWorkerRequest = v.InferOutput<typeof AddWorkerRequestSchema>;

export const WorkerStatusRequestSchema = v.object({ workerId: id, active: v.boolean() });
export type WorkerStatusRequest = v.InferOutput<typeof WorkerStatusRequestSchema>;

export const WorkerPasswordRequestSchema = v.object({ workerId: id, password: text(128) });
export type WorkerPasswordRequest = v.InferOutput<typeof WorkerPasswordRequestSchema>;

export const WorkerProgramsRequestSchema = v.object({ workerId: id, programIds });
export type WorkerProgramsRequest = v.InferOutput<typeof WorkerProgramsRequestSchema>;

// ── 단말기 ──────────────────────────────────────────────────────────────────────────────────
export const AdminTerminalSchema = v.object({
  terminalNumber: v.string(),
  model: v.string(),
  status: v.picklist(['active', 'revoked']),
  profile: v.picklist(['personal', 'shared']),
  /** Shared terminals: 'all' workers, or the 결제 IDs listed. */
  workers: v.union([v.literal('all'), v.array(v.string())]),
  /** The 결제버전 of the app that last registered, when it said. */
  appVersion: v.nullable(v.string()),
  registeredAt: epochMs,
  lastSeenAt: v.nullable(epochMs),
  /** Offline captures of this terminal the host has received this month, and those flagged. */
  offlineSyncedCount: count,
  flaggedCount: count,
  /** Captures still waiting on the device: the host cannot know them until they arrive. */
  pendingOfflineCount: v.nullable(count),
});
export type AdminTerminal = v.InferOutput<typeof AdminTerminalSchema>;
export const AdminTerminalsSchema = v.object({ terminals: v.array(AdminTerminalSchema) });

export const TerminalProfileRequestSchema = v.object({
  terminalNumber: TerminalNumberSchema,
  profile: v.picklist(['personal', 'shared']),
  /** Shared terminals: every worker ('all') or these 결제 IDs. */
  workers: v.optional(v.union([v.literal('all'), v.pipe(v.array(WorkerPaymentIdSchema), v.minLength(1), v.maxLength(200))]), 'all'),
});
export type TerminalProfileRequest = v.InferOutput<typeof TerminalProfileRequestSchema>;

export const TerminalStatusRequestSchema = v.object({ terminalNumber: TerminalNumberSchema, status: v.picklist(['active', 'revoked']) });
export type TerminalStatusRequest = v.InferOutput<typeof TerminalStatusRequestSchema>;

// ── 이용자 · 계약 · 카드 ─────────────────────────────────────────────────────────────────────
export const AdminCardSchema = v.object({
  id: v.string(),
  /** Masked (9410-****-****-0001): the full number is shown once, when issued. */
  cardNumberMasked: v.string(),
  status: v.picklist(['active', 'revoked']),
  createdAt: epochMs,
  revokedAt: v.nullable(epochMs),
});
export type AdminCard = v.InferOutput<typeof AdminCardSchema>;

export const AdminContractSchema = v.object({
  programId: ProgramIdSchema,
  /** This Seoul month's voucher, when there is one. */
  voucher: v.nullable(v.object({ month: v.string(), grantedKrw: won, balanceKrw: won })),
});

export const AdminRecipientSchema = v.object({
  id: v.string(),
  name: v.string(),
  phone: v.string(),
  contracts: v.array(AdminContractSchema),
  cards: v.array(AdminCardSchema),
  createdAt: epochMs,
});
export type AdminRecipient = v.InferOutput<typeof AdminRecipientSchema>;
export const AdminRecipientsSchema = v.object({ recipients: v.array(AdminRecipientSchema) });

const contractInput = v.object({
  programId: ProgramIdSchema,
  /** This month's voucher, granted through the ledger; 0 = no voucher this month. */
  monthlyKrw: v.pipe(won, v.maxValue(100_000_000)),
});

export const AddRecipientRequestSchema = v.object({
  name: personName,
  phone,
  contracts: v.pipe(v.array(contractInput), v.minLength(1), v.maxLength(20)),
});
export type AddRecipientRequest = v.InferOutput<typeof AddRecipientRequestSchema>;

export const AddContractRequestSchema = v.object({ recipientId: id, programId: ProgramIdSchema, monthlyKrw: v.pipe(won, v.maxValue(100_000_000)) });
export type AddContractRequest = v.InferOutput<typeof AddContractRequestSchema>;

/** 이번 달 바우처 지급: a contracted program's voucher of this Seoul month, through the ledger (1057 when it exists). */
export const GrantVoucherRequestSchema = v.object({
  recipientId: id,
  programId: ProgramIdSchema,
  monthlyKrw: v.pipe(won, v.minValue(1), v.maxValue(100_000_000)),
});
export type GrantVoucherRequest = v.InferOutput<typeof GrantVoucherRequestSchema>;

export const IssueCardRequestSchema = v.object({ recipientId: id });
export type IssueCardRequest = v.InferOutput<typeof IssueCardRequestSchema>;

export const CardIdRequestSchema = v.object({ cardId: id });
export type CardIdRequest = v.InferOutput<typeof CardIdRequestSchema>;

/** A new card: the token to write on the NDEF tag and the typed number to print — shown this once. */
export const IssuedCardSchema = v.object({
  cardId: v.string(),
  recipientId: v.string(),
  token: cardToken,
  cardNumber: v.pipe(v.string(), v.regex(CARD_NUMBER_PATTERN)),
  /** 재발급: the card this one replaces (now revoked). */
  replacesCardId: v.nullable(v.string()),
});
export type IssuedCard = v.InferOutput<typeof IssuedCardSchema>;

export const VerifyCardRequestSchema = v.object({ token: cardToken });
export type VerifyCardRequest = v.InferOutput<typeof VerifyCardRequestSchema>;

export const VerifiedCardSchema = v.object({
  cardId: v.string(),
  recipientId: v.string(),
  recipientName: v.string(),
  status: v.picklist(['active', 'revoked']),
});
export type VerifiedCard = v.InferOutput<typeof VerifiedCardSchema>;

// ── 예외 · 감사 ──────────────────────────────────────────────────────────────────────────────
export const EXCEPTION_KINDS = ['flagged', 'refused', 'retroactive', 'cancellation'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

export const ExceptionSchema = v.object({
  kind: v.picklist(EXCEPTION_KINDS),
  /** The payment's or command's id: the key of its audit trail. */
  subjectId: v.string(),
  recordedAt: epochMs,
  workerId: v.string(),
  workerName: v.string(),
  terminalNumber: v.nullable(v.string()),
  programId: v.nullable(v.string()),
  amountKrw: v.nullable(won),
  approvalNumber: v.nullable(v.string()),
  /** flagged: 'late,count-cap'; refused: the code; retroactive: the 소급결제사유 id; cancellation: null. */
  detail: v.nullable(v.string()),
});
export type AdminException = v.InferOutput<typeof ExceptionSchema>;

export const ExceptionsSchema = v.object({
  items: v.array(ExceptionSchema),
  /** More rows matched than were sent: narrow the filter, or export. */
  truncated: v.boolean(),
  retro: v.object({
    month: v.string(),
    retroactiveCount: count,
    paymentCount: count,
    ratio: v.number(),
    threshold: v.number(),
    flagged: v.boolean(),
  }),
});
export type Exceptions = v.InferOutput<typeof ExceptionsSchema>;

export const TrailEntrySchema = v.object({
  at: epochMs,
  /** What happened: 'payment.approved', 'command.refused', 'cancellation', 'ledger.payment', 'admin.card.revoke' … */
  what: v.string(),
  /** Who: a worker's or an administrator's name. */
  who: v.string(),
  terminalNumber: v.nullable(v.string()),
  detail: v.nullable(v.string()),
});
export type TrailEntry = v.InferOutput<typeof TrailEntrySchema>;
export const TrailSchema = v.object({ subjectId: v.string(), entries: v.array(TrailEntrySchema) });
export type Trail = v.InferOutput<typeof TrailSchema>;

export const AuditRowSchema = v.object({
  at: epochMs,
  who: v.string(),
  action: v.string(),
  target: v.nullable(v.string()),
  outcome: v.picklist(['ok', 'refused']),
  detail: v.nullable(v.string()),
  ip: v.nullable(v.string()),
});
export const AuditSchema = v.object({ rows: v.array(AuditRowSchema) });

// ── 일일 대사 ───────────────────────────────────────────────────────────────────────────────
export const ReconciliationSchema = v.object({
  date: v.string(),
  programs: v.array(
    v.object({
      programId: v.string(),
      paymentCount: count,
      paymentKrw: won,
      cancellationCount: count,
      cancellationKrw: won,
      netKrw: v.number(),
    }),
  ),
  /** Every voucher of the institution's contracts this month: balance = Σ ledger? */
  vouchersChecked: count,
  mismatches: v.array(v.object({ voucherId: v.string(), balanceKrw: v.number(), ledgerSumKrw: v.number() })),
});
export type Reconciliation = v.InferOutput<typeof ReconciliationSchema>;
