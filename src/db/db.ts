/**
 * The device database (IndexedDB through Dexie 4): the outbox of commands (payments and
 * cancellations captured with no signal), the online payments sent but not yet answered, the
 * receipts of approved offline payments, the last known vouchers of the institution's recipients,
 * the open services only this device knows, and a small key/value meta.
 * Every transaction of this database is opened with strict durability, so a write that resolved
 * is on disk — a payment the screen called 전송 대기 survives a crash or a power cut.
 * Schema versions are append-only: a shipped version(n) is never edited; add version(n + 1) with
 * an upgrade, so an update never loses the queue.
 */
import { Dexie, type DexieOptions, type EntityTable } from 'dexie';
import type { CancelCommand, OfflineLimits, OfflinePayment, PaymentCommand, SnapshotVoucher, SyncCommand } from '../domain/offline';
import type { TariffRow } from '../domain/tariff';
import type { QrPublicKey } from '../domain/qr-token';
import type { CardRead, PaymentRequest, SessionInfo } from '../domain/wire';

/** Where an outbox item is in its journey to the host; payment state is the host's and lives in receipts. */
export type SyncState = 'queued' | 'sending' | 'refused';

/**
 * One outbox command: exactly what is sent to the host (never edited after capture) and where it is
 * in its journey. A payment's id is its paymentId; a cancellation has its own command id.
 */
export interface OutboxCommand {
  /** The command id: the host's idempotency key. */
  readonly id: string;
  readonly command: SyncCommand;
  readonly kind: SyncCommand['kind'];
  /** The worker who captured it: a shared tablet holds several workers' work, each sent as theirs. */
  readonly workerId: string;
  /** Device time of 확인: the oldest pending capture drives the 72-hour cap. */
  readonly capturedAt: number;
  /** What a payment takes off its voucher (0 for a cancellation): the provisional balance and the caps count it. */
  readonly amountKrw: number;
  /** The snapshot voucher it concerns, for the provisional balance; null when unknown. */
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
  /** The host's answer when it refused the command; kept until the worker acknowledges it. */
  refusal?: { code: string; message: string };
  readonly enqueuedAt: number;
}

/** An outbox payment, narrowed. */
export type OutboxPayment = OutboxCommand & { readonly kind: 'payment'; readonly command: PaymentCommand };
export type OutboxCancel = OutboxCommand & { readonly kind: 'cancel'; readonly command: CancelCommand };

export const isOutboxPayment = (item: OutboxCommand): item is OutboxPayment => item.kind === 'payment';

/** The capture inside a payment command, without its envelope (what the host hashes for a resend). */
export function captureOf(command: PaymentCommand): OfflinePayment {
  const { kind: _kind, workerId: _workerId, ...payment } = command;
  return payment;
}

/**
 * An online payment sent and not answered yet, written before the first request: a reload or a
 * crash mid-request resends exactly this request under the same id at the next start, so it ends
 * in one payment the worker sees. What it needs to become an offline capture instead (전송 대기로
 * 저장 when the network is gone) is kept beside it.
 */
export interface InflightPayment {
  /** The payment id. */
  readonly id: string;
  readonly workerId: string;
  /** Byte for byte what was sent: the host hashes it, so a resend must not change a field. */
  readonly request: PaymentRequest;
  readonly programId: string;
  readonly card: CardRead | null;
  readonly voucherId: string | null;
  readonly serviceStartAt: number;
  /** The open service it closes, and where that lives. */
  readonly openService: { readonly id: string; readonly startedAt: number; readonly source: 'host' | 'device' } | null;
  /** What the completion screen shows if the answer is lost for good (names as on the voucher screen). */
  readonly institutionName: string;
  readonly recipientMasked: string;
  readonly balanceKrw: number;
  readonly sentAt: number;
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
  /** Host time at which a cancellation of it was applied (거래 취소, queued offline). */
  cancelledAt?: number;
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
  /** The worker whose visit it is: a visit belongs to its worker, and is offered to no one else. */
  readonly workerId: string;
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
  /** 서비스 추가/삭제: programs the worker took off the home screen (the institution still bills them). */
  hiddenPrograms: string[];
  /** 시도추가지원: payments on this device start with the province's 추가지원 유형 (SPEC §5.3); off when never set. */
  provincialTopUp: boolean;
  /** A shared terminal: who may pay on it (ids and 결제 IDs only), to check a 결제 ID with no signal. */
  terminalWorkers: { workerId: string; paymentId: string; cardHashes?: string[] }[];
  /** 직전ID선택: the 결제 ID entered last on this shared terminal. */
  lastWorkerPaymentId: string;
  /** The host answered 0304 (this terminal is revoked): no new payment, online or offline, until it answers otherwise. */
  terminalRevoked: boolean;
  /** The host's QR signing keys (public, raw Ed25519): a portal's offline QR token is verified with them with no signal. */
  qrKeys: QrPublicKey[];
}
export type MetaKey = keyof MetaValues;
export type MetaRow = { [K in MetaKey]: { key: K; value: MetaValues[K] } }[MetaKey];

export type DeviceDb = Dexie & {
  commands: EntityTable<OutboxCommand, 'id'>;
  inflight: EntityTable<InflightPayment, 'id'>;
  receipts: EntityTable<ReceiptRow, 'paymentId'>;
  vouchers: EntityTable<VoucherRow, 'voucherId'>;
  meta: EntityTable<MetaRow, 'key'>;
  openServices: EntityTable<OpenServiceRow, 'id'>;
};

export const DEVICE_DB_NAME = 'evoucher';

/** Deletes a device database whole (연습모드's own, when practice ends or was left by a reload). */
export async function deleteDeviceDb(name: string, deps: IndexedDbDeps = {}): Promise<void> {
  if (name === DEVICE_DB_NAME) throw new Error('the real device database is never deleted whole');
  await new Dexie(name, deps).delete();
}

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
  // v3 (outbox commands): the payment outbox becomes an outbox of commands — payments and
  // cancellations, each with the worker who captured it — keyed by command id; online payments in
  // flight get a table of their own. Every queued payment is carried over as a payment command of
  // the worker whose session the device holds (a personal phone holds one worker's work), in the
  // same upgrade transaction as the old table's removal, so nothing is lost on the way.
  db.version(3)
    .stores({
      outbox: null,
      commands: 'id, syncState, capturedAt, voucherId, workerId',
      inflight: 'id',
    })
    .upgrade(async (tx) => {
      const session = (await tx.table('meta').get('session')) as { value?: SessionInfo } | undefined;
      const workerId = session?.value?.worker.id ?? '';
      const old = (await tx.table('outbox').toArray()) as LegacyOutboxItem[];
      await tx.table('commands').bulkAdd(
        old.map((item): OutboxCommand => {
          const { paymentId, payment, voucherId, enqueuedAt, ...journey } = item;
          return {
            ...journey,
            id: paymentId,
            command: { kind: 'payment', workerId, ...payment },
            kind: 'payment',
            workerId,
            capturedAt: payment.capturedAt,
            amountKrw: payment.amountKrw,
            voucherId,
            enqueuedAt,
          };
        }),
      );
    });
  // v4 (visits belong to their worker): each open service names its worker. The rows of a device
  // before it are the worker's whose session it holds (a personal phone holds one worker's work).
  db.version(4)
    .stores({ openServices: 'id, voucherId, workerId' })
    .upgrade(async (tx) => {
      const session = (await tx.table('meta').get('session')) as { value?: SessionInfo } | undefined;
      const workerId = session?.value?.worker.id ?? '';
      await tx
        .table('openServices')
        .toCollection()
        .modify((row: { workerId?: string }) => {
          row.workerId ??= workerId;
        });
    });
  return db;
}

/** The outbox row of versions 1–2 (a payment only, no worker), read once by the v3 upgrade. */
interface LegacyOutboxItem {
  paymentId: string;
  payment: OfflinePayment;
  voucherId: string | null;
  syncState: SyncState;
  attempts: number;
  nextAttemptAt: number;
  firstSentAt?: number;
  lastErrorCode?: string;
  lastErrorMessage?: string;
  refusal?: { code: string; message: string };
  enqueuedAt: number;
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

/** What the offline caps of SPEC §5.11 count: the payments still on their way among outbox rows. */
export interface PendingTotals {
  readonly count: number;
  readonly amountKrw: number;
  readonly oldestCapturedAt: number | null;
}

export function pendingTotals(outbox: readonly OutboxCommand[]): PendingTotals {
  let count = 0;
  let amountKrw = 0;
  let oldestCapturedAt: number | null = null;
  for (const item of outbox) {
    if (item.kind !== 'payment' || !PENDING_STATES.includes(item.syncState)) continue;
    count += 1;
    amountKrw += item.amountKrw;
    if (oldestCapturedAt === null || item.capturedAt < oldestCapturedAt) oldestCapturedAt = item.capturedAt;
  }
  return { count, amountKrw, oldestCapturedAt };
}

/** The voucher with its provisional balance and pending count computed from the given outbox rows. */
export function withProvisional(voucher: VoucherRow, outbox: readonly OutboxCommand[]): VoucherRow {
  let pendingKrw = 0;
  let pendingCount = 0;
  for (const item of outbox) {
    if (item.voucherId !== voucher.voucherId || item.kind !== 'payment' || !PENDING_STATES.includes(item.syncState)) continue;
    pendingKrw += item.amountKrw;
    pendingCount += 1;
  }
  return { ...voucher, provisionalBalanceKrw: Math.max(0, voucher.balanceKrw - pendingKrw), pendingCount };
}

/**
 * Recomputes the provisional balance of the given vouchers from the outbox. Call it inside a
 * transaction that holds `commands` and `vouchers`, after changing either, so the balance the worker
 * sees can never drift from what is really queued. A queued cancellation gives nothing back until
 * the host applied it: the worker never spends money that is not there yet.
 */
export async function recomputeProvisional(db: DeviceDb, voucherIds: Iterable<string | null>): Promise<void> {
  if (!Dexie.currentTransaction) throw new Error('recomputeProvisional needs a transaction');
  const ids = [...new Set(voucherIds)].filter((id): id is string => id !== null);
  if (ids.length === 0) return;
  // The outbox is read whole in one request: the caps keep it small, and a request per voucher or a
  // cursor would each cost a round trip to the browser's IndexedDB.
  const [vouchers, outbox] = await Promise.all([db.vouchers.bulkGet(ids), db.commands.toArray()]);
  const rows = vouchers.filter((voucher): voucher is VoucherRow => voucher !== undefined).map((voucher) => withProvisional(voucher, outbox));
  if (rows.length > 0) await db.vouchers.bulkPut(rows);
}
