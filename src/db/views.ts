/**
 * Reads the screens show: the last approved offline payments, the snapshot's vouchers, the host's
 * tariff and institution name as last refreshed. Pure reads, so screens may wrap them in liveQuery.
 */
import type { TariffRow } from '../domain/tariff';
import { readMeta, writeMeta, type DeviceDb, type ReceiptRow, type VoucherRow } from './db';

export function recentReceipts(db: DeviceDb, limit: number): Promise<ReceiptRow[]> {
  return db.receipts.orderBy('recordedAt').reverse().limit(limit).toArray();
}

export function listVouchers(db: DeviceDb): Promise<VoucherRow[]> {
  return db.vouchers.toArray();
}

export function hostTariff(db: DeviceDb): Promise<TariffRow[] | undefined> {
  return readMeta(db, 'tariff');
}

export function snapshotInstitutionName(db: DeviceDb): Promise<string | undefined> {
  return readMeta(db, 'institutionName');
}

/** The voucher's balance with this device's unsent payments deducted; undefined for a voucher the snapshot lacks. */
export async function provisionalBalanceOf(db: DeviceDb, voucherId: string): Promise<number | undefined> {
  return (await db.vouchers.get(voucherId))?.provisionalBalanceKrw;
}

/** 서비스 추가/삭제: the programs taken off the home screen on this device. */
export async function hiddenPrograms(db: DeviceDb): Promise<string[]> {
  return (await readMeta(db, 'hiddenPrograms')) ?? [];
}

/** Shows or hides one program on the home screen; the read and the write are one transaction. */
export async function setProgramHidden(db: DeviceDb, programId: string, hidden: boolean): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const current = new Set(await hiddenPrograms(db));
    if (hidden) current.add(programId);
    else current.delete(programId);
    await writeMeta(db, 'hiddenPrograms', [...current].sort());
  });
}

/** 시도추가지원 (a device setting): whether a payment starts with the 추가지원 유형; off until turned on. */
export async function provincialTopUp(db: DeviceDb): Promise<boolean> {
  return (await readMeta(db, 'provincialTopUp')) === true;
}

export async function setProvincialTopUp(db: DeviceDb, on: boolean): Promise<void> {
  await writeMeta(db, 'provincialTopUp', on);
}

/** A shared terminal with no signal: the worker a 결제 ID names, as the last snapshot knew them. */
export async function findTerminalWorker(db: DeviceDb, paymentId: string): Promise<{ workerId: string; paymentId: string } | undefined> {
  return ((await readMeta(db, 'terminalWorkers')) ?? []).find((worker) => worker.paymentId === paymentId);
}

/** A shared terminal with no signal: the worker a 제공인력카드 names, by the hash of its read (the snapshot holds no card). */
export async function findTerminalWorkerByCardHash(db: DeviceDb, hash: string): Promise<{ workerId: string; paymentId: string } | undefined> {
  const worker = ((await readMeta(db, 'terminalWorkers')) ?? []).find((candidate) => candidate.cardHashes?.includes(hash) === true);
  return worker ? { workerId: worker.workerId, paymentId: worker.paymentId } : undefined;
}

export async function listTerminalWorkers(db: DeviceDb): Promise<{ workerId: string; paymentId: string; cardHashes?: string[] }[]> {
  return (await readMeta(db, 'terminalWorkers')) ?? [];
}

/** 직전ID선택: the 결제 ID entered last on this terminal. */
export function lastWorkerPaymentId(db: DeviceDb): Promise<string | undefined> {
  return readMeta(db, 'lastWorkerPaymentId');
}

export async function rememberLastWorkerPaymentId(db: DeviceDb, paymentId: string): Promise<void> {
  await writeMeta(db, 'lastWorkerPaymentId', paymentId);
}

/** Whether the host last said this terminal is revoked (0304). */
export async function terminalRevoked(db: DeviceDb): Promise<boolean> {
  return (await readMeta(db, 'terminalRevoked')) === true;
}

export async function setTerminalRevoked(db: DeviceDb, revoked: boolean): Promise<void> {
  if (revoked) await writeMeta(db, 'terminalRevoked', true);
  else await db.meta.delete('terminalRevoked');
}
