/**
 * 제공인력 결제 ID on a shared terminal (SPEC §2, §5.2): who may pay on an institution's tablet.
 * A worker may use a shared terminal when they belong to the terminal's institution and the
 * terminal lets every worker of it on ('all') or lists them ('listed'); anyone else is 0273. The
 * online voucher screen is bound to the worker who entered their ID (bindLookupWorker); an offline
 * capture names its worker, checked again when it syncs (workersOnTerminal).
 */
import type { CardRead, LookupWorkerRequest, LookupWorker } from '../../../src/domain/wire';
import type { SessionContext } from '../auth/auth.service';
import type { WorkerRow } from '../auth/worker.repository';
import { cardRepository, type LookupRow } from '../cards/card.repository';
import type { Db } from '../db/database';
import { requireMayBill } from '../auth/worker-programs';
import { HostError } from '../http/host-error';
import { workerCardRepository } from './worker-card.repository';

/** The workers who may use the session's terminal, by id; on a personal phone only the session's own. */
export async function workersOnTerminal(db: Db, session: SessionContext): Promise<Map<string, WorkerRow>> {
  if (session.terminalProfile !== 'shared') {
    const own = await db.selectFrom('workers').selectAll().where('id', '=', session.workerId).execute();
    return new Map(own.map((worker) => [worker.id, worker]));
  }
  const terminal = await db.selectFrom('terminals').select('shared_workers').where('id', '=', session.terminalId).executeTakeFirst();
  let query = db.selectFrom('workers').selectAll('workers').where('workers.institution_id', '=', session.institutionId);
  if (terminal?.shared_workers !== 'all') {
    query = query.innerJoin('terminal_workers', (join) =>
      join.onRef('terminal_workers.worker_id', '=', 'workers.id').on('terminal_workers.terminal_id', '=', session.terminalId),
    );
  }
  const rows = await query.execute();
  return new Map(rows.map((worker) => [worker.id, worker]));
}

/** The worker a 결제 ID names on this terminal, or 0273 (not of the institution, or not let on this terminal). */
export async function resolvePaymentId(db: Db, session: SessionContext, paymentId: string): Promise<WorkerRow> {
  const allowed = await workersOnTerminal(db, session);
  // A worker the institution took out of service cannot be named on its tablet either.
  const worker = [...allowed.values()].find((candidate) => candidate.payment_id === paymentId && candidate.deactivated_at === null);
  if (!worker) throw new HostError('0273', `payment id on terminal ${session.terminalId}`);
  return worker;
}

/**
 * The acting worker of a request on a voucher screen: on a shared terminal, the worker bound to it
 * (who entered their ID); on a personal phone, the session's. Only a live screen of this terminal
 * with a worker bound moves it; anything else is left for requireLiveLookup to refuse.
 */
export function actingOn(session: SessionContext, lookup: LookupRow | undefined): SessionContext {
  if (session.terminalProfile !== 'shared' || !lookup || lookup.terminal_id !== session.terminalId || lookup.needs_worker !== 0) return session;
  return { ...session, workerId: lookup.worker_id };
}

/**
 * 제공인력 결제 ID 입력, after the card (or QR, or 생체인증) step on a shared terminal: binds the voucher
 * screen to the worker whose ID it is, once; from then on everything paid on it is theirs. On a
 * personal phone the ID must be the session worker's own. A screen of another terminal, expired, or
 * already bound to someone else is 2106. The voucher screen then shows only this worker's own open
 * service (card.service.ts: bindWorker), never another worker's on the same voucher.
 */
export async function bindLookupWorker(
  db: Db,
  session: SessionContext,
  request: LookupWorkerRequest,
  hostNow: number,
): Promise<{ worker: Omit<LookupWorker, 'openService'>; voucherId: string }> {
  const lookup = await cardRepository.findLookup(db, request.lookupId);
  if (!lookup || lookup.terminal_id !== session.terminalId || hostNow >= Number(lookup.expires_at)) {
    throw new HostError('2106', `lookup ${request.lookupId}`);
  }
  const worker =
    request.workerCard !== undefined
      ? await resolveWorkerCard(db, session, request.workerCard)
      : await resolvePaymentId(db, session, request.workerPaymentId ?? '');
  const voucher = await db.selectFrom('vouchers').select('program_id').where('id', '=', lookup.voucher_id).executeTakeFirst();
  if (voucher) await requireMayBill(db, worker.id, voucher.program_id);
  if (lookup.needs_worker === 1) {
    const result = await db
      .updateTable('lookups')
      .set({ worker_id: worker.id, needs_worker: 0 })
      .where('id', '=', lookup.id)
      .where('needs_worker', '=', 1)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      // Another tap got there first: fine if it bound the same worker.
      const again = await cardRepository.findLookup(db, lookup.id);
      if (again?.worker_id !== worker.id) throw new HostError('2106', `lookup ${lookup.id} bound meanwhile`);
    }
  } else if (lookup.worker_id !== worker.id) {
    throw new HostError(session.terminalProfile === 'shared' ? '2106' : '0273', `lookup ${lookup.id} is another worker's`);
  }
  return { worker: { workerId: worker.id, paymentId: worker.payment_id, name: worker.name }, voucherId: lookup.voucher_id };
}

/**
 * 제공인력카드 (가사간병방문지원, as the seed says): the worker a live worker card names, under the
 * rules of their 결제 ID — the same worker must be one this terminal lets on, so an unknown or
 * revoked card, another institution's worker, or one not let on this terminal is 0273, refused
 * (and logged) the way a 결제 ID is.
 */
export async function resolveWorkerCard(db: Db, session: SessionContext, card: CardRead): Promise<WorkerRow> {
  const owned = await workerCardRepository.findActive(db, card);
  if (!owned) throw new HostError('0273', `worker card (${card.kind}) unknown or revoked on terminal ${session.terminalId}`);
  const owner = await db.selectFrom('workers').select('payment_id').where('id', '=', owned.worker_id).executeTakeFirst();
  const worker = owner ? await resolvePaymentId(db, session, owner.payment_id) : undefined;
  // 결제 IDs are an institution's own: the one found must be the card's worker, not a namesake.
  if (worker?.id !== owned.worker_id) throw new HostError('0273', `worker card ${owned.id} on terminal ${session.terminalId}`);
  return worker;
}
