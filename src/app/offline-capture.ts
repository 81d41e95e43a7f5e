/**
 * 통신음영지역 capture rules for the payment screens, kept apart from the screens so they are
 * tested without a DOM: when the card lookup falls back to the device snapshot, when 확인 goes to
 * the outbox instead of the host, and the exact OfflinePayment that is written. The outbox itself
 * (strict durability, caps, provisional balance) is src/sync's enqueuePayment.
 */
import { ApiError } from '../api/client';
import type { RetroReason } from '../domain/retroactive';
import type { OfflinePayment, SnapshotVoucher } from '../domain/offline';
import type { MinutesByType } from '../domain/split';
import type { CardRead, OpenService, VoucherScreen } from '../domain/wire';

/** How the voucher screen was reached and what a payment from it needs besides the host's lookup. */
export interface CaptureContext {
  /** The card as read: an offline capture carries it (the host re-reads it on sync); null for 오프라인 QR결제. */
  readonly card: CardRead | null;
  /** 오프라인 QR결제: the portal's offline token the device verified; the capture carries it instead of a card. */
  readonly qrToken?: string | undefined;
  /** True when the voucher came from the device snapshot because the host could not be reached. */
  readonly offline: boolean;
  /** The snapshot voucher the card maps to; null when the snapshot does not know the card. */
  readonly voucherId: string | null;
  /** Where the open service shown on the voucher screen lives. */
  readonly openServiceSource: 'host' | 'device' | null;
}

/** The worker's own open service in a snapshot voucher (a snapshot before per-worker visits: the session worker's). */
export function snapshotOpenService(voucher: Pick<SnapshotVoucher, 'openService' | 'openServices'>, workerId: string): OpenService | null {
  if (voucher.openServices === undefined) return voucher.openService;
  const own = voucher.openServices.find((service) => service.workerId === workerId);
  return own ? { id: own.id, startedAt: own.startedAt } : null;
}

/** Whether a failed card lookup should fall back to the device snapshot: only when the host is unreachable (0104). */
export function usesDeviceSnapshot(error: unknown): boolean {
  return error instanceof ApiError && error.code === '0104';
}

/**
 * Whether 확인 writes to the outbox rather than paying online: the voucher came from the device, the
 * browser knows it is offline, or the service being paid was started with no signal (its start
 * exists only on this device, so only an offline capture can carry it — even when online now).
 */
export function paysThroughOutbox(capture: CaptureContext | undefined, browserOnline: boolean): boolean {
  if (capture === undefined) return false;
  return capture.offline || !browserOnline || capture.openServiceSource === 'device';
}

export interface OfflineDraft {
  readonly paymentId: string;
  readonly programId: string;
  readonly card: CardRead | null;
  /** 오프라인 QR결제: the verified token, redeemed by the host at sync (method qr). */
  readonly qrToken?: string | undefined;
  /** Time programs: the open service's start; amount programs: the end (a session has no start tag). */
  readonly serviceStartAt: number;
  readonly serviceEndAt: number;
  readonly minutesByType: MinutesByType;
  readonly amountKrw: number;
  /** Device clock at 확인. */
  readonly capturedAt: number;
  /** A 소급결제 captured with no signal, with its reason; absent: a 정상결제 (통신음영지역). */
  readonly retroReason?: RetroReason | undefined;
}

/** The payment as the outbox keeps it and the host's batch endpoint takes it (domain/offline.ts). */
export function buildOfflinePayment(draft: OfflineDraft): OfflinePayment {
  return {
    paymentId: draft.paymentId,
    programId: draft.programId,
    ...(draft.card === null ? {} : { card: draft.card }),
    ...(draft.qrToken === undefined ? { method: 'card' as const } : { method: 'qr' as const, qrToken: draft.qrToken }),
    mode: draft.retroReason === undefined ? 'offline' : 'retroactive',
    reason: draft.retroReason ?? 'dead-zone',
    serviceStartAt: Math.round(draft.serviceStartAt),
    serviceEndAt: Math.round(draft.serviceEndAt),
    minutesByType: { ...draft.minutesByType },
    amountKrw: draft.amountKrw,
    capturedAt: Math.round(draft.capturedAt),
  };
}

/** Voucher-screen data built from the device snapshot when the host cannot be reached. */
export interface SnapshotVoucherInput {
  readonly programId: VoucherScreen['programId'];
  readonly institutionName: string;
  readonly recipientMasked: string;
  readonly serviceCode: string;
  readonly voucherMonth: string;
  readonly provisionalBalanceKrw: number;
  readonly openService: OpenService | null;
  /** A shared terminal: the 결제 ID is asked before the voucher shows, offline as online. */
  readonly needsWorker?: boolean;
}

/** The voucher screen's 5 minutes, counted on the device clock (there is no host to ask). */
export const OFFLINE_SCREEN_MS = 5 * 60_000;

export function offlineVoucherScreen(input: SnapshotVoucherInput, lookupId: string, now: number): VoucherScreen {
  return {
    lookupId,
    ...(input.needsWorker === true ? { needsWorker: true } : {}),
    programId: input.programId,
    institutionName: input.institutionName,
    recipientMasked: input.recipientMasked,
    serviceCode: input.serviceCode,
    balanceKrw: input.provisionalBalanceKrw,
    voucherMonth: input.voucherMonth,
    expiresAt: now + OFFLINE_SCREEN_MS,
    hostNow: now,
    openService: input.openService,
  };
}

/** What the voucher screen opened from the device snapshot needs of the device. */
export interface SnapshotIdentifyDevice {
  institutionName(): Promise<string | undefined>;
  resolveOpenService(
    voucherId: string | null,
    workerId: string,
    hostOpen: OpenService | null,
  ): Promise<{ openService: OpenService; source: 'host' | 'device' } | null>;
}

/**
 * No host: the voucher screen from a snapshot voucher that a card read or an offline QR token
 * named, with the worker's own open service (a shared terminal asks for the 결제 ID first).
 */
export async function identifyFromSnapshot(
  device: SnapshotIdentifyDevice,
  local: SnapshotVoucher & { provisionalBalanceKrw: number },
  options: {
    readonly programId: VoucherScreen['programId'];
    readonly shared: boolean;
    readonly workerId: string | undefined;
    readonly fallbackInstitutionName: string;
    readonly source: Pick<CaptureContext, 'card' | 'qrToken'>;
    readonly now: number;
  },
): Promise<{ voucher: VoucherScreen; deadlineAt: number; capture: CaptureContext }> {
  const institutionName = (await device.institutionName().catch(() => undefined)) ?? options.fallbackInstitutionName;
  const { workerId, shared, now } = options;
  const resolved =
    shared || workerId === undefined ? null : await device.resolveOpenService(local.voucherId, workerId, snapshotOpenService(local, workerId));
  const voucher = offlineVoucherScreen(
    {
      programId: options.programId,
      institutionName,
      recipientMasked: local.recipientMasked,
      serviceCode: local.serviceCode,
      voucherMonth: local.voucherMonth,
      provisionalBalanceKrw: local.provisionalBalanceKrw,
      openService: resolved?.openService ?? null,
      needsWorker: shared,
    },
    `device-${crypto.randomUUID()}`,
    now,
  );
  const capture: CaptureContext = {
    card: options.source.card,
    ...(options.source.qrToken === undefined ? {} : { qrToken: options.source.qrToken }),
    offline: true,
    voucherId: local.voucherId,
    openServiceSource: resolved?.source ?? null,
  };
  return { voucher, deadlineAt: now + OFFLINE_SCREEN_MS, capture };
}
