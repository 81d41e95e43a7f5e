/**
 * 통신음영지역 (offline) rules shared by the device and the host (SPEC §5.8, §5.11).
 * A payment captured with no signal carries its own client-made id, the card read and the
 * device's capture times; the host applies it exactly once as an offline-captured payment
 * (mode 'offline' — not a manual 소급결제, so it does not count toward the retroactive ratio).
 */
import * as v from 'valibot';
import { CardReadSchema, MinutesByTypeSchema, ApprovalNumberSchema, TariffRowSchema } from './wire';
import { MAX_PAYMENT_KRW } from './cost';
import { fail, ok, type Result } from './result';

/** 소급결제사유 (SPEC §5.4); an offline capture always carries 'dead-zone' (통신음영지역). */
export const RETRO_REASONS = [
  { id: 'dead-zone', labelKo: '통신음영지역' },
  { id: 'terminal-lost', labelKo: '단말기 분실·고장 등' },
  { id: 'card-lost', labelKo: '카드 분실·훼손 등' },
  { id: 'operator-error', labelKo: '제공인력 단말기 조작 미숙 등' },
  { id: 'card-not-carried', labelKo: '대상자 카드 미소지 등' },
  { id: 'server-unreachable', labelKo: '서버 접속 실패(0104 오류 등)' },
  { id: 'card-not-issued', labelKo: '이용자 또는 제공인력 카드 발급 전' },
  { id: 'terminal-upgrade', labelKo: '단말기업그레이드 등' },
] as const;
export type RetroReasonId = (typeof RETRO_REASONS)[number]['id'];

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

const epochMs = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/** One payment captured with no signal, as the outbox holds it and the batch endpoint takes it. */
export const OfflinePaymentSchema = v.object({
  paymentId: v.pipe(v.string(), v.uuid()),
  programId: v.string(),
  card: CardReadSchema,
  method: v.literal('card'),
  mode: v.literal('offline'),
  reason: v.literal('dead-zone'),
  /** Device clock: the service as the worker recorded it. */
  serviceStartAt: epochMs,
  serviceEndAt: epochMs,
  minutesByType: MinutesByTypeSchema,
  amountKrw: v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(MAX_PAYMENT_KRW)),
  /** Device clock when 확인 was tapped. */
  capturedAt: epochMs,
});
export type OfflinePayment = v.InferOutput<typeof OfflinePaymentSchema>;

export const MAX_BATCH_ITEMS = 100;

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
    balanceKrw: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
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

export const SYNC_BATCH_PATH = '/api/sync/payments';

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
  balanceKrw: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  /** Hex SHA-256 of 'nfc:' + token and 'typed:' + number for each active card of the recipient. */
  cardHashes: v.array(v.string()),
  openService: v.nullable(v.object({ id: v.string(), startedAt: epochMs })),
});
export type SnapshotVoucher = v.InferOutput<typeof SnapshotVoucherSchema>;

export const DeviceSnapshotSchema = v.object({
  institutionName: v.string(),
  vouchers: v.array(SnapshotVoucherSchema),
  limits: v.object({ maxAgeMs: epochMs, maxCount: epochMs, maxAmountKrw: epochMs }),
  /** The host's whole tariff (every effective date), so a split is priced offline as the host will. */
  tariff: v.optional(v.array(TariffRowSchema)),
  hostNow: epochMs,
});
export type DeviceSnapshot = v.InferOutput<typeof DeviceSnapshotSchema>;

export const DEVICE_SNAPSHOT_PATH = '/api/device/snapshot';

/** The string a card read is hashed from, on the device and on the host alike. */
export function cardHashInput(card: { kind: 'nfc'; token: string } | { kind: 'typed'; number: string }): string {
  return card.kind === 'nfc' ? `nfc:${card.token}` : `typed:${card.number}`;
}
