import type { Db } from '../db/database';
import { HostError } from '../http/host-error';
import { workerRepository } from './worker.repository';

/**
 * 결제 가능 사업 (기관 관리): a worker the institution limited to some programs may open a voucher
 * screen of those only (1056 otherwise); a worker with none set may bill every program of it.
 */
export async function requireMayBill(db: Db, workerId: string, programId: string): Promise<void> {
  const allowed = await workerRepository.programIds(db, workerId);
  if (allowed.length > 0 && !allowed.includes(programId)) throw new HostError('1056', `worker ${workerId} program ${programId}`);
}
