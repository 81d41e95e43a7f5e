/**
 * 통신음영지역 (offline) rules shared by the device and the host (SPEC §5.8, §5.11).
 * A payment captured with no signal carries its own client-made id, the card read and the
 * device's capture times; the host applies it exactly once as an offline-captured payment
 * (mode 'offline' — not a manual 소급결제, so it does not count toward the retroactive ratio).
 */
import * as v from 'valibot';
import { CardReadSchema, MinutesByTypeSchema, ApprovalNumberSchema, TariffRowSchema } from './wire';
import { MAX_PAYMENT_KRW } from './cost';
import { RETRO_REASON_IDS } from './retroactive';
import { count, epochMs, id, slug, uuid, won } from './fields';
import { fail, ok, type Result } from './result';

export interface OfflineLimits {
  /** A capture older than this at sync is still recorded, but flagged for review. */
  readonly maxAgeMs: number;
  /** Unsynced captures allowed per device. */
  readonly maxCount: number;
  /** Unsynced won allowed per device. */
  readonly maxAmountKrw: number;
}

export const DEFAULT_OFFLINE_LIMITS: OfflineLimits = {
  maxAgeMs: 72 * 60 * 60 * 1000,
  maxCount: 50,
  maxAmountKrw: 3_000_000,
};

/**
 * Whether the device may capture one more offline payment of `amountKrw`, given what it already
 * holds unsynced. Past a cap the app refuses and says why; nothing already captured is touched.
 */
export function checkOfflineCapture(
  pending: { count: number; amountKrw: number; oldestCapturedAt: number | null },
  amountKrw: number,
  now: number,
  limits: OfflineLimits = DEFAULT_OFFLINE_LIMITS,
): Result<void> {
  if (pending.oldestCapturedAt !== null && now - pending.oldestCapturedAt > limits.maxAgeMs) return fail('2122');
  if (pending.count + 1 > limits.maxCount) return fail('2120');
  if (pending.amountKrw + amountKrw > limits.maxAmountKrw) return fail('2121');
  return ok(undefined);
}

/** True when a capture reached the host later than the offline window allows (flag for review). */
export function isLateCapture(capturedAt: number, recordedAt: number, limits: OfflineLimits = DEFAULT_OFFLINE_LIMITS): boolean {
  return recordedAt - capturedAt > limits.maxAgeMs;
}

/** One payment captured with no signal, as the outbox holds it and the batch endpoint takes it. */
export const OfflinePaymentSchema = v.object({
  paymentId: uuid,
  programId: slug(40),
  /** The recipient's card as read; absent from an offline QR결제 (its token names the voucher). */
  card: v.optional(CardReadSchema),
  /** card: a card read; qr: a portal's offline QR token, verified on the device with no signal. */
  method: v.picklist(['card', 'qr']),
  /** 오프라인 QR결제: the token the device verified; the host redeems it exactly once at sync (2141 again). */
  qrToken: v.optional(v.pipe(v.string(), v.maxLength(1000))),
  /**
   * 'offline': a 정상결제 captured with no signal (통신음영지역, reason 'dead-zone'); 'retroactive':
   * a 소급결제 entered with no signal, with its reason, checked again by the host on sync.
   */
  mode: v.picklist(['offline', 'retroactive']),
  reason: v.picklist(RETRO_REASON_IDS),
  /** Device clock: the service as the worker recorded it. */
  serviceStartAt: epochMs,
  serviceEndAt: epochMs,
  minutesByType: MinutesByTypeSchema,
  amountKrw: v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(MAX_PAYMENT_KRW)),
  /** Device clock when 확인 was tapped. */
  capturedAt: epochMs,
});
export type OfflinePayment = v.InferOutput<typeof OfflinePaymentSchema>;

/**
 * Outbox commands (SPEC §5.7, §5.8): what a device queues with no signal, each with its own
 * device-made id and the worker who captured it, so a shared tablet can hold several workers'
 * work and the host applies each under its own worker. A payment command's id is its paymentId.
 */
export const PaymentCommandSchema = v.object({
  kind: v.literal('payment'),
  workerId: id,
  ...OfflinePaymentSchema.entries,
});
export type PaymentCommand = v.InferOutput<typeof PaymentCommandSchema>;

/** 거래취소 with no signal: cancel an approved payment (by its id) once the host is reached. */
export const CancelCommandSchema = v.object({
  kind: v.literal('cancel'),
  commandId: uuid,
  workerId: id,
  /** The payment to cancel: one the host approved (an online one, or a synced capture). */
  paymentId: uuid,
  /** Device clock when 확인 was tapped. */
  capturedAt: epochMs,
});
export type CancelCommand = v.InferOutput<typeof CancelCommandSchema>;

export const SyncCommandSchema = v.variant('kind', [PaymentCommandSchema, CancelCommandSchema]);
export type SyncCommand = v.InferOutput<typeof SyncCommandSchema>;

/** The idempotency key of a command: a payment's own id, a cancellation's command id. */
export function commandIdOf(command: SyncCommand): string {
  return command.kind === 'payment' ? command.paymentId : command.commandId;
}

export const MAX_BATCH_ITEMS = 100;

/** Sent with a snapshot request: how many commands the device's outbox holds (the console shows it). */
export const OUTBOX_PENDING_HEADER = 'x-outbox-pending';

export const SyncBatchRequestSchema = v.object({
  items: v.pipe(v.array(v.unknown()), v.minLength(1), v.maxLength(MAX_BATCH_ITEMS)),
  /** Device clock when the batch was sent: lets the host tell a wrong clock from a late sync. */
  sentAt: epochMs,
});

export const SyncItemResultSchema = v.variant('status', [
  v.object({
    paymentId: v.string(),
    status: v.literal('approved'),
    approvalNumber: ApprovalNumberSchema,
    balanceKrw: won,
    recordedAt: epochMs,
    flaggedForReview: v.boolean(),
  }),
  v.object({
    paymentId: v.string(),
    status: v.literal('refused'),
    code: v.string(),
    message: v.string(),
  }),
]);
export type SyncItemResult = v.InferOutput<typeof SyncItemResultSchema>;

export const SyncBatchResponseSchema = v.object({ results: v.array(SyncItemResultSchema), hostNow: epochMs });
export type SyncBatchResponse = v.InferOutput<typeof SyncBatchResponseSchema>;

/** The batch endpoint of app versions before outbox commands: payment captures of the session's worker. */
export const SYNC_BATCH_PATH = '/api/sync/payments';
/** The batch endpoint of outbox commands (payments and cancellations, each with its worker). */
export const SYNC_COMMANDS_PATH = '/api/sync/commands';

/** The host's answer to one command; `commandId` names it (a payment's is its paymentId). */
export const SyncCommandResultSchema = v.variant('status', [
  v.object({
    commandId: v.string(),
    kind: v.literal('payment'),
    status: v.literal('approved'),
    approvalNumber: ApprovalNumberSchema,
    balanceKrw: won,
    recordedAt: epochMs,
    flaggedForReview: v.boolean(),
  }),
  v.object({
    commandId: v.string(),
    kind: v.literal('cancel'),
    status: v.literal('cancelled'),
    /** The cancelled payment's approval number, and the balance after the money came back. */
    approvalNumber: ApprovalNumberSchema,
    balanceKrw: won,
    recordedAt: epochMs,
  }),
  v.object({
    commandId: v.string(),
    status: v.literal('refused'),
    code: v.string(),
    message: v.string(),
  }),
]);
export type SyncCommandResult = v.InferOutput<typeof SyncCommandResultSchema>;

export const SyncCommandsResponseSchema = v.object({ results: v.array(SyncCommandResultSchema), hostNow: epochMs });
export type SyncCommandsResponse = v.InferOutput<typeof SyncCommandsResponseSchema>;

/**
 * What a device keeps to work without a network: the institution's contracted recipients with
 * their last known balances. Cards are present only as SHA-256 hashes of their token / number,
 * so a lost device does not leak card tokens; the device hashes what it reads and looks it up.
 */
export const SnapshotVoucherSchema = v.object({
  recipientId: v.string(),
  recipientMasked: v.string(),
  programId: v.string(),
  serviceCode: v.string(),
  voucherId: v.string(),
  voucherMonth: v.string(),
  balanceKrw: won,
  /** Hex SHA-256 of 'nfc:' + token and 'typed:' + number for each active card of the recipient. */
  cardHashes: v.array(v.string()),
  /** The session worker's own open service (what app versions before per-worker visits read). */
  openService: v.nullable(v.object({ id: v.string(), startedAt: epochMs })),
  /**
   * The open services of this terminal's workers on the voucher, each with its worker: a phone's
   * own worker only, a shared terminal's each of its workers. Never another device's worker's.
   */
  openServices: v.optional(v.array(v.object({ id: v.string(), startedAt: epochMs, workerId: v.string() }))),
});
export type SnapshotVoucher = v.InferOutput<typeof SnapshotVoucherSchema>;

export const DeviceSnapshotSchema = v.object({
  institutionName: v.string(),
  vouchers: v.array(SnapshotVoucherSchema),
  limits: v.object({ maxAgeMs: count, maxCount: count, maxAmountKrw: won }),
  /** The host's whole tariff (every effective date), so a split is priced offline as the host will. */
  tariff: v.optional(v.array(TariffRowSchema)),
  /**
   * A shared terminal: who may pay on it, so a 결제 ID is checked with no signal too — only ids and
   * 결제 IDs, no names, no phones (the device keeps no worker's data beyond what it needs).
   */
  terminalWorkers: v.optional(
    v.array(
      v.object({
        workerId: v.string(),
        paymentId: v.string(),
        /** SHA-256 of workerCardHashInput(…) of each live 제공인력카드 (token and number): never the card itself. Absent from older hosts. */
        cardHashes: v.optional(v.array(v.string())),
      }),
    ),
  ),
  /**
   * The public keys the host signs QR tokens with (raw Ed25519, base64url), each a key of the last
   * offline window: with them the device verifies a recipient's offline QR token with no signal
   * (src/domain/qr-token.ts). Absent from older hosts.
   */
  qrKeys: v.optional(v.array(v.object({ keyId: v.string(), publicKey: v.string() }))),
  hostNow: epochMs,
});
export type DeviceSnapshot = v.InferOutput<typeof DeviceSnapshotSchema>;

export const DEVICE_SNAPSHOT_PATH = '/api/device/snapshot';

/** The string a card read is hashed from, on the device and on the host alike. */
export function cardHashInput(card: { kind: 'nfc'; token: string } | { kind: 'typed'; number: string }): string {
  return card.kind === 'nfc' ? `nfc:${card.token}` : `typed:${card.number}`;
}

/** The string a 제공인력카드 read is hashed from: apart from recipients' cards, so neither hash matches the other's. */
export function workerCardHashInput(card: { kind: 'nfc'; token: string } | { kind: 'typed'; number: string }): string {
  return `worker:${cardHashInput(card)}`;
}
