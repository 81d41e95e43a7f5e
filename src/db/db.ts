/**
 * The device database (IndexedDB through Dexie 4): the payment outbox, the receipts of approved
 * offline payments, the last known vouchers of the worker's recipients and a small key/value meta.
 * Every transaction of this database is opened with strict durability, so a write that resolved
 * is on disk — a payment the screen called 전송 대기 survives a crash or a power cut.
 * Schema versions are append-only: a shipped version(n) is never edited; add version(n + 1) with
 * an upgrade, so an update never loses the queue.
 */
import { Dexie, type DexieOptions, type EntityTable } from 'dexie';
import type { OfflineLimits, OfflinePayment, SnapshotVoucher } from '../domain/offline';
import type { TariffRow } from '../domain/tariff';
import type { SessionInfo } from '../domain/wire';

/** Where an outbox item is in its journey to the host; payment state is the host's and lives in receipts. */
export type SyncState = 'queued' | 'sending' | 'refused';

export interface OutboxItem {
  readonly paymentId: string;
  /** Exactly what is sent to the host; never edited after capture. */
  readonly payment: OfflinePayment;
  /** The snapshot voucher this payment draws on, for the provisional balance; null when unknown. */
  readonly voucherId: string | null;
  syncState: SyncState;
  /** Failed sends so far: drives the backoff. */
  attempts: number;
  /** Device time before which the syncer leaves the item alone. */
  nextAttemptAt: number;
  /** Set when the item first leaves the device: from then on the host may hold it, so it cannot be cancelled locally. */
  firstSentAt?: number;
  lastErrorCode?: string;
  lastErrorMessage?: string;
  /** The host's answer when it refused the payment; kept until the worker acknowledges it. */
  refusal?: { code: string; message: string };
  readonly enqueuedAt: number;
}

/** An offline payment the host approved, kept on the device for the worker to see. */
export interface ReceiptRow {
  paymentId: string;
  approvalNumber: string;
  /** The voucher's balance right after this payment, as the host recorded it. */
  balanceKrw: number;
  /** Host time. */
  recordedAt: number;
  flaggedForReview: boolean;
  amountKrw: number;
  programId: string;
  recipientMasked: string;
  /** Device time of 확인. */
  capturedAt: number;
  /** When the worker saw the approval on screen; unset until then. */
  seenAt?: number;
}

/** A snapshot voucher plus what this device still holds unsynced against it. */
export interface VoucherRow extends SnapshotVoucher {
  /** Host time at which balanceKrw was true (snapshot hostNow or a later approval's recordedAt). */
  balanceAt: number;
  /** balanceKrw minus the amounts of this device's queued and sending payments on the voucher. */
  provisionalBalanceKrw: number;
  /** Queued and sending payments on the voucher: when > 0 the shown balance is provisional. */
  pendingCount: number;
}

/**
 * A service (서비스 시작) this device knows about that the host's snapshot cannot be trusted for:
 * one started with no signal ('device': only this device knows it), or one this device already
 * paid through the outbox ('closedByPaymentId' set), so it is not offered for payment twice while
 * the host has not heard of the payment yet. Kept apart from `vouchers`, which every snapshot
 * refresh replaces.
 */
export interface OpenServiceRow {
  /** The open service id: a device-made UUID, or the host's id for a host-started service. */
  readonly id: string;
  readonly voucherId: string;
  readonly programId: string;
  /** Start of the service: device clock (corrected by the last measured host offset) or the host's time. */
  readonly startedAt: number;
  readonly source: 'device' | 'host';
  /** Set once a payment closing this service is in the outbox. */
  closedByPaymentId?: string;
}

export interface SyncStatusRecord {
  lastSyncAt: number | null;
  lastErrorAt: number | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
}

export interface MetaValues {
  /** Host time of the last device snapshot. */
  snapshotAt: number;
  institutionName: string;
  limits: OfflineLimits;
  syncStatus: SyncStatusRecord;
  /** The last session of the worker on this device, so the app opens with no network. */
  session: SessionInfo;
  /** The host's tariff, so splits are priced on the device exactly as the host prices them. */
  tariff: TariffRow[];
}
export type MetaKey = keyof MetaValues;
export type MetaRow = { [K in MetaKey]: { key: K; value: MetaValues[K] } }[MetaKey];

export type DeviceDb = Dexie & {
  outbox: EntityTable<OutboxItem, 'paymentId'>;
  receipts: EntityTable<ReceiptRow, 'paymentId'>;
  vouchers: EntityTable<VoucherRow, 'voucherId'>;
  meta: EntityTable<MetaRow, 'key'>;
  openServices: EntityTable<OpenServiceRow, 'id'>;
};

export const DEVICE_DB_NAME = 'evoucher';

/** Only for tests and tools: another IndexedDB implementation (fake-indexeddb). */
export type IndexedDbDeps = Pick<DexieOptions, 'indexedDB' | 'IDBKeyRange'>;

export function openDeviceDb(name: string = DEVICE_DB_NAME, deps: IndexedDbDeps = {}): DeviceDb {
  // Chrome's default IndexedDB durability is relaxed (a commit may sit in the OS cache). Dexie 4
  // takes durability only per database, so every transaction here is strict; the data is small.
  const db = new Dexie(name, { ...deps, chromeTransactionDurability: 'strict' }) as DeviceDb;

  // Append-only: never edit a shipped version; add version(2) with an upgrade instead.
  db.version(1).stores({
    outbox: 'paymentId, syncState, payment.capturedAt, voucherId',
    receipts: 'paymentId, recordedAt, capturedAt',
    vouchers: 'voucherId, *cardHashes, programId',
    meta: 'key',
  });
  // v2 (offline experience): device-side open services (서비스 시작 with no signal). Adds a table
  // only, so no upgrade function is needed and the outbox is untouched.
  db.version(2).stores({
    openServices: 'id, voucherId',
  });
  return db;
}

export const EMPTY_SYNC_STATUS: SyncStatusRecord = {
  lastSyncAt: null,
  lastErrorAt: null,
  lastErrorCode: null,
  lastErrorMessage: null,
};

export async function readMeta<K extends MetaKey>(db: DeviceDb, key: K): Promise<MetaValues[K] | undefined> {
  const row = await db.meta.get(key);
  return row?.value as MetaValues[K] | undefined;
}

export async function writeMeta<K extends MetaKey>(db: DeviceDb, key: K, value: MetaValues[K]): Promise<void> {
  await db.meta.put({ key, value } as MetaRow);
}

/** Payments still on their way: the provisional balance and the offline caps count these. */
export const PENDING_STATES: readonly SyncState[] = ['queued', 'sending'];

/**
 * Recomputes the provisional balance of the given vouchers from the outbox. Call it inside a
 * transaction that holds `outbox` and `vouchers`, after changing either, so the balance the worker
 * sees can never drift from what is really queued.
 */
export async function recomputeProvisional(db: DeviceDb, voucherIds: Iterable<string | null>): Promise<void> {
  if (!Dexie.currentTransaction) throw new Error('recomputeProvisional needs a transaction');
  for (const voucherId of new Set(voucherIds)) {
    if (voucherId === null) continue;
    const voucher = await db.vouchers.get(voucherId);
    if (voucher === undefined) continue;
    const pending = await db.outbox
      .where('voucherId')
      .equals(voucherId)
      .filter((item) => PENDING_STATES.includes(item.syncState))
      .toArray();
    const pendingKrw = pending.reduce((sum, item) => sum + item.payment.amountKrw, 0);
    await db.vouchers.update(voucherId, {
      provisionalBalanceKrw: Math.max(0, voucher.balanceKrw - pendingKrw),
      pendingCount: pending.length,
    });
  }
}
