/**
 * Everything the screens need from the device, as verbs over the device database and the syncer
 * (src/db, src/sync): no screen touches Dexie. The shell builds one set over the real database;
 * screen tests build one over a fresh fake-indexeddb, or fake single verbs.
 */
import type { DeviceDb, InflightPayment, OutboxCommand, OutboxPayment, ReceiptRow, VoucherRow } from '../db/db';
import { forgetInflight, listInflight, rememberInflight } from '../db/inflight';
import { discardOnDevice, resolveOpenService, startServiceOnDevice, type ResolvedOpenService } from '../db/openServices';
import { cachedSession, rememberSession, unfinishedWork, wipeWorkerData } from '../db/session';
import {
  findTerminalWorker,
  findTerminalWorkerByCardHash,
  hiddenPrograms,
  hostTariff,
  lastWorkerPaymentId,
  listTerminalWorkers,
  listVouchers,
  provincialTopUp,
  provisionalBalanceOf,
  recentReceipts,
  rememberLastWorkerPaymentId,
  setProgramHidden,
  setProvincialTopUp,
  setTerminalRevoked,
  snapshotInstitutionName,
  terminalRevoked,
} from '../db/views';
import type { CancelCommand, PaymentCommand } from '../domain/offline';
import type { Result } from '../domain/result';
import type { TariffRow } from '../domain/tariff';
import type { CardRead, OpenService, SessionInfo } from '../domain/wire';
import { acknowledgeRefusal } from '../sync/acknowledgeRefusal';
import { cancelQueued, type CancelQueuedResult } from '../sync/cancelQueued';
import { cancellableOnDevice } from '../sync/cancellableOnDevice';
import { enqueueCancel, enqueuePayment, type CancelOutcome, type EnqueueOptions } from '../sync/enqueue';
import { findCardOnDevice, findVoucherByCard, workerCardHash, type VoucherView } from '../sync/findVoucherByCard';
import { noteHostBalance } from '../sync/hostBalance';
import { listPending } from '../sync/listPending';
import { canVerifyOfflineQr, findVoucherByOfflineQr } from '../sync/offlineQr';
import { refreshSnapshot } from '../sync/refreshSnapshot';
import { sendNow } from '../sync/sendNow';
import { syncIfPossible, type SyncSummary } from '../sync/syncIfPossible';
import { countQueued, syncStatus, type SyncStatusView } from '../sync/syncStatus';
import { requestBackgroundSync } from '../sync/triggers';
import type { Transport } from '../api/host';

export interface DeviceServices {
  /** 지금 전송: the same syncer the triggers and the service worker run. */
  syncNow(): Promise<SyncSummary>;
  /** A page-side sync, unless the browser is sure it is offline (a try would only grow the backoff). */
  syncIfOnline(): Promise<unknown>;
  /** After a command is in the outbox: Background Sync, a page-side sync, persistent storage once. */
  afterCapture(): void;
  refreshSnapshot(): Promise<unknown>;

  findVoucherByCard(programId: string, card: CardRead): Promise<VoucherView | undefined>;
  /** 카드인식 테스트 with no signal: the recipient (masked) and programs the snapshot knows the card for. */
  findCardOnDevice(card: CardRead): Promise<{ recipientMasked: string; programIds: string[] } | undefined>;
  /** 오프라인 QR결제: the snapshot voucher a portal's offline QR token may pay, checked with no signal. */
  findVoucherByOfflineQr(programId: string, token: string): Promise<Result<VoucherView>>;
  /** Whether the last snapshot holds the host's QR keys (QR결제 with no signal is offered only then). */
  canVerifyOfflineQr(): Promise<boolean>;
  institutionName(): Promise<string | undefined>;
  /** The host's tariff as last refreshed; undefined before the first refresh. */
  tariff(): Promise<readonly TariffRow[] | undefined>;
  /** The worker's own open service on a voucher (another worker's is never offered). */
  resolveOpenService(voucherId: string | null, workerId: string, hostOpen: OpenService | null): Promise<ResolvedOpenService | null>;
  startServiceOnDevice(voucherId: string, programId: string, workerId: string, startedAt: number): Promise<OpenService>;
  /** 시작 취소 of a start only this device holds; false when it is not one. */
  discardOnDevice(openServiceId: string, workerId: string): Promise<boolean>;
  provisionalBalanceOf(voucherId: string): Promise<number | undefined>;
  /** An online receipt's balance (host time `at`), kept on the snapshot voucher for a later visit with no signal. */
  noteHostBalance(voucherId: string, balanceKrw: number, at: number): Promise<void>;

  enqueuePayment(command: PaymentCommand, options: EnqueueOptions): Promise<Result<OutboxPayment>>;
  cancelQueued(paymentId: string): Promise<CancelQueuedResult>;
  /** 거래 취소 with no signal: out of the outbox if the payment never left, else a queued cancel command. */
  enqueueCancel(cancel: CancelCommand): Promise<Result<CancelOutcome>>;
  /** 당일거래 취소 with no signal: the worker's captures on a voucher that never left this device. */
  cancellableOnDevice(voucherId: string, workerId: string): Promise<OutboxPayment[]>;
  acknowledgeRefusal(commandId: string): Promise<boolean>;

  rememberInflight(payment: InflightPayment): Promise<void>;
  forgetInflight(paymentId: string): Promise<void>;
  listInflight(workerId: string | null): Promise<InflightPayment[]>;

  rememberSession(session: SessionInfo): Promise<void>;
  cachedSession(): Promise<SessionInfo | undefined>;
  unfinishedWork(): Promise<{ pending: number; refused: number; started: number }>;
  wipeWorkerData(): Promise<boolean>;

  /** Commands waiting for their turn to be sent. */
  countQueued(): Promise<number>;
  // Live reads (screens wrap them in useLive: they re-run whenever what they read changes).
  syncStatus(): Promise<SyncStatusView>;
  listPending(): Promise<OutboxCommand[]>;
  recentReceipts(limit: number): Promise<ReceiptRow[]>;
  listVouchers(): Promise<VoucherRow[]>;
  /** 서비스 추가/삭제 (live read): the programs taken off the home screen on this device. */
  hiddenPrograms(): Promise<string[]>;
  setProgramHidden(programId: string, hidden: boolean): Promise<void>;
  /** 시도추가지원 (live read): payments on this device start with the 추가지원 유형 (SPEC §5.3). */
  provincialTopUp(): Promise<boolean>;
  setProvincialTopUp(on: boolean): Promise<void>;

  /** Shared terminals with no signal: the worker a 결제 ID names in the last snapshot. */
  findTerminalWorker(paymentId: string): Promise<{ workerId: string; paymentId: string } | undefined>;
  /** Shared terminals with no signal: the worker a 제공인력카드 names, matched by its hash in the last snapshot. */
  findTerminalWorkerByCard(card: CardRead): Promise<{ workerId: string; paymentId: string } | undefined>;
  /** A shared terminal's workers as the last snapshot had them (ids and 결제 IDs). */
  terminalWorkers(): Promise<{ workerId: string; paymentId: string }[]>;
  /** 직전ID선택 (live read). */
  lastWorkerPaymentId(): Promise<string | undefined>;
  rememberLastWorkerPaymentId(paymentId: string): Promise<void>;
  /** The host said 0304 (live read): no new payment until it answers otherwise. */
  terminalRevoked(): Promise<boolean>;
  setTerminalRevoked(revoked: boolean): Promise<void>;
}

const PERSIST_ASKED_KEY = 'evoucher.storage-persist-asked';

/**
 * After the first saved offline payment, ask once for persistent storage so the browser does not
 * evict the queue under storage pressure. Without it the queue still works; the status screen warns.
 */
async function askPersistenceOnce(): Promise<void> {
  try {
    if (localStorage.getItem(PERSIST_ASKED_KEY) !== null) return;
    localStorage.setItem(PERSIST_ASKED_KEY, String(Date.now()));
    const storage = navigator.storage;
    if (storage?.persist === undefined) return;
    if (await storage.persisted()) return;
    await storage.persist();
  } catch {
    // Nothing to do: the status screen says whether storage is persistent.
  }
}

/** Whether the browser will keep this origin's data under storage pressure; null where it cannot say. */
export async function storagePersisted(): Promise<boolean | null> {
  try {
    return navigator.storage?.persisted === undefined ? null : await navigator.storage.persisted();
  } catch {
    return null;
  }
}

export interface DeviceServicesOptions {
  /**
   * The host this database's outbox and snapshot talk to, named here so that nothing else can
   * redirect them: the network for the real database, the practice host for 연습모드's own.
   */
  readonly transport?: Transport;
  /** 연습모드: no Background Sync (the service worker syncs the real outbox only), no storage prompt. */
  readonly practice?: boolean;
}

export function createDeviceServices(db: DeviceDb, options: DeviceServicesOptions = {}): DeviceServices {
  const host = options.transport ? { transport: options.transport } : {};
  const syncIfOnline = (): Promise<unknown> => (navigator.onLine === false ? Promise.resolve() : syncIfPossible(db, host));
  return {
    syncNow: () => sendNow(db, host),
    syncIfOnline,
    afterCapture() {
      if (!options.practice) void requestBackgroundSync().catch(() => false);
      void syncIfOnline().catch(() => undefined);
      if (!options.practice) void askPersistenceOnce();
    },
    refreshSnapshot: () => refreshSnapshot(db, host),
    findVoucherByCard: (programId, card) => findVoucherByCard(db, programId, card),
    findCardOnDevice: (card) => findCardOnDevice(db, card),
    findVoucherByOfflineQr: (programId, token) => findVoucherByOfflineQr(db, programId, token, Date.now()),
    canVerifyOfflineQr: () => canVerifyOfflineQr(db),
    institutionName: () => snapshotInstitutionName(db),
    tariff: () => hostTariff(db),
    resolveOpenService: (voucherId, workerId, hostOpen) => resolveOpenService(db, voucherId, workerId, hostOpen),
    startServiceOnDevice: (voucherId, programId, workerId, startedAt) => startServiceOnDevice(db, voucherId, programId, workerId, startedAt),
    discardOnDevice: (openServiceId, workerId) => discardOnDevice(db, openServiceId, workerId),
    provisionalBalanceOf: (voucherId) => provisionalBalanceOf(db, voucherId),
    noteHostBalance: (voucherId, balanceKrw, at) => noteHostBalance(db, voucherId, balanceKrw, at),
    enqueuePayment: (command, options) => enqueuePayment(db, command, options),
    cancelQueued: (paymentId) => cancelQueued(db, paymentId),
    enqueueCancel: (cancel) => enqueueCancel(db, cancel),
    cancellableOnDevice: (voucherId, workerId) => cancellableOnDevice(db, voucherId, workerId),
    acknowledgeRefusal: (commandId) => acknowledgeRefusal(db, commandId),
    rememberInflight: (payment) => rememberInflight(db, payment),
    forgetInflight: (paymentId) => forgetInflight(db, paymentId),
    listInflight: (workerId) => listInflight(db, workerId),
    rememberSession: (session) => rememberSession(db, session),
    cachedSession: () => cachedSession(db),
    unfinishedWork: () => unfinishedWork(db),
    wipeWorkerData: () => wipeWorkerData(db),
    countQueued: () => countQueued(db),
    syncStatus: () => syncStatus(db),
    listPending: () => listPending(db),
    recentReceipts: (limit) => recentReceipts(db, limit),
    listVouchers: () => listVouchers(db),
    hiddenPrograms: () => hiddenPrograms(db),
    setProgramHidden: (programId, hidden) => setProgramHidden(db, programId, hidden),
    provincialTopUp: () => provincialTopUp(db),
    setProvincialTopUp: (on) => setProvincialTopUp(db, on),
    findTerminalWorker: (paymentId) => findTerminalWorker(db, paymentId),
    findTerminalWorkerByCard: async (card) => findTerminalWorkerByCardHash(db, await workerCardHash(card)),
    terminalWorkers: () => listTerminalWorkers(db),
    lastWorkerPaymentId: () => lastWorkerPaymentId(db),
    rememberLastWorkerPaymentId: (paymentId) => rememberLastWorkerPaymentId(db, paymentId),
    terminalRevoked: () => terminalRevoked(db),
    setTerminalRevoked: (revoked) => setTerminalRevoked(db, revoked),
  };
}
