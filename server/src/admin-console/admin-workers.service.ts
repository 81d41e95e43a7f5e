/**
 * 제공인력 관리: the console lists, adds, takes out of service (and back), resets the password of and
 * sets the billable programs of the institution's workers. Every function names the institution
 * it acts for; a worker of another institution is 1052, as if it did not exist.
 */
import { randomUUID } from 'node:crypto';
import type { AddWorkerRequest, AdminWorker, WorkerPasswordRequest, WorkerProgramsRequest, WorkerStatusRequest } from '../../../src/domain/admin';
import { validateNewPassword } from '../../../src/domain/password-rules';
import { hashPassword } from '../auth/password';
import type { Db } from '../db/database';
import { isUniqueViolation } from '../db/errors';
import { HostError } from '../http/host-error';
import { programOrder } from './admin-auth.service';

async function workerOf(db: Db, institutionId: string, workerId: string) {
  const worker = await db.selectFrom('workers').selectAll().where('id', '=', workerId).where('institution_id', '=', institutionId).executeTakeFirst();
  if (!worker) throw new HostError('1052', `worker ${workerId} of ${institutionId}`);
  return worker;
}

export async function listWorkers(db: Db, institutionId: string, workerId?: string): Promise<AdminWorker[]> {
  let query = db.selectFrom('workers').selectAll().where('institution_id', '=', institutionId).orderBy('payment_id');
  if (workerId !== undefined) query = query.where('id', '=', workerId);
  const workers = await query.execute();
  const programs =
    workers.length === 0
      ? []
      : await db
          .selectFrom('worker_programs')
          .select(['worker_id', 'program_id'])
          .where(
            'worker_id',
            'in',
            workers.map((worker) => worker.id),
          )
          .execute();
  return workers.map((worker) => {
    const own = programs.filter((row) => row.worker_id === worker.id).map((row) => row.program_id);
    return {
      id: worker.id,
      name: worker.name,
      phone: worker.phone,
      paymentId: worker.payment_id,
      active: worker.deactivated_at === null,
      programIds: own.length === 0 ? ('all' as const) : programOrder(own),
      createdAt: Number(worker.created_at),
    };
  });
}

async function oneWorker(db: Db, institutionId: string, workerId: string): Promise<AdminWorker> {
  const [worker] = await listWorkers(db, institutionId, workerId);
  if (!worker) throw new HostError('1052', `worker ${workerId}`);
  return worker;
}

/** 제공인력 등록: the phone number is the login id (unique, 1050), the 결제 ID unique in the institution (1051). */
export async function addWorker(db: Db, institutionId: string, request: AddWorkerRequest, hostNow: number): Promise<AdminWorker> {
  const rules = validateNewPassword(request.password, request.phone);
  if (!rules.ok) throw new HostError(rules.code, rules.detail);
  const taken = await db.selectFrom('workers').select('id').where('phone', '=', request.phone).executeTakeFirst();
  if (taken) throw new HostError('1050');
  const passwordHash = await hashPassword(request.password);
  const id = `wrk-${randomUUID()}`;
  try {
    await db.transaction().execute(async (trx) => {
      const sameId = await trx
        .selectFrom('workers')
        .select('id')
        .where('institution_id', '=', institutionId)
        .where('payment_id', '=', request.paymentId)
        .executeTakeFirst();
      if (sameId) throw new HostError('1051');
      await trx
        .insertInto('workers')
        .values({
          id,
          institution_id: institutionId,
          name: request.name.trim(),
          phone: request.phone,
          password_hash: passwordHash,
          payment_id: request.paymentId,
          created_at: hostNow,
          deactivated_at: null,
        })
        .execute();
      const programs = [...new Set(request.programIds)];
      if (programs.length > 0) {
        await trx
          .insertInto('worker_programs')
          .values(programs.map((program) => ({ worker_id: id, program_id: program, created_at: hostNow })))
          .execute();
      }
    });
  } catch (error) {
    // Two consoles adding the same number or ID at once: the database decides, one of them is told.
    if (isUniqueViolation(error, 'phone')) throw new HostError('1050');
    if (isUniqueViolation(error, 'payment_id')) throw new HostError('1051');
    throw error;
  }
  return oneWorker(db, institutionId, id);
}

/** Ends every live session of a worker, shared tablets' included: a worker out of service pays nowhere. */
async function endSessions(db: Db, workerId: string, hostNow: number): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: hostNow }).where('worker_id', '=', workerId).where('revoked_at', 'is', null).execute();
}

/**
 * 사용 중지 / 재사용: from then on a deactivated worker's login and every request are refused (1053),
 * but their signed-in devices still send the payments captured before it (auth.routes.ts, sync):
 * work done with no signal is the worker's pay and the institution's billing, not to be stranded.
 */
export async function setWorkerActive(db: Db, institutionId: string, request: WorkerStatusRequest, hostNow: number): Promise<AdminWorker> {
  const worker = await workerOf(db, institutionId, request.workerId);
  await db
    .updateTable('workers')
    .set({ deactivated_at: request.active ? null : (worker.deactivated_at ?? hostNow) })
    .where('id', '=', worker.id)
    .execute();
  return oneWorker(db, institutionId, worker.id);
}

/** 비밀번호 초기화: a new password by the host's rules; the worker's sessions end with the old one. */
export async function resetWorkerPassword(db: Db, institutionId: string, request: WorkerPasswordRequest, hostNow: number): Promise<AdminWorker> {
  const worker = await workerOf(db, institutionId, request.workerId);
  const rules = validateNewPassword(request.password, worker.phone);
  if (!rules.ok) throw new HostError(rules.code, rules.detail);
  const passwordHash = await hashPassword(request.password);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('workers').set({ password_hash: passwordHash }).where('id', '=', worker.id).execute();
    await endSessions(trx, worker.id, hostNow);
  });
  return oneWorker(db, institutionId, worker.id);
}

/** 결제 가능 사업: none listed = every program of the institution. Takes effect at the worker's next 세션 정보. */
export async function setWorkerPrograms(db: Db, institutionId: string, request: WorkerProgramsRequest, hostNow: number): Promise<AdminWorker> {
  const worker = await workerOf(db, institutionId, request.workerId);
  const programs = [...new Set(request.programIds)];
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('worker_programs').where('worker_id', '=', worker.id).execute();
    if (programs.length > 0) {
      await trx
        .insertInto('worker_programs')
        .values(programs.map((program) => ({ worker_id: worker.id, program_id: program, created_at: hostNow })))
        .execute();
    }
  });
  return oneWorker(db, institutionId, worker.id);
}
