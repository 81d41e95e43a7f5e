import { randomUUID } from 'node:crypto';
import { findProgram } from '../../../src/domain/catalog';
import { MAX_SERVICE_MINUTES } from '../../../src/domain/split';
import { clocksDisagree, MINUTE_MS } from '../../../src/domain/time';
import type { OpenService, ServiceDiscardRequest, ServiceDiscardResponse, ServiceStartRequest } from '../../../src/domain/wire';
import type { SessionContext } from '../auth/auth.service';
import { cardRepository, type LookupRow } from '../cards/card.repository';
import type { Db } from '../db/database';
import { isUniqueViolation } from '../db/errors';
import type { HostDeps } from '../deps';
import { HostError } from '../http/host-error';
import { voucherRepository } from '../ledger/voucher.repository';
import { actingOn } from '../terminals/terminal-workers';
import { openServiceRepository, type OpenServiceRow } from './open-service.repository';

/** A service open longer than the longest payable one can never be paid: it no longer blocks the voucher. */
export const STALE_SERVICE_MS = MAX_SERVICE_MINUTES * MINUTE_MS;

export function openServiceRowToOpenService(row: OpenServiceRow): OpenService {
  return { id: row.id, startedAt: Number(row.started_at) };
}

/** The worker's own open service on a voucher: a visit belongs to its worker, and another worker's is never shown nor billed. */
export function findOpenService(db: Db, voucherId: string, workerId: string, hostNow: number): Promise<OpenServiceRow | undefined> {
  return openServiceRepository.findOpenForWorker(db, voucherId, workerId, hostNow - STALE_SERVICE_MS);
}

/**
 * The caller's own voucher screen, still inside its 5 minutes, or 2106. It belongs to the worker
 * AND the terminal that read the card: another terminal cannot pay or start a service on it, so the
 * audit never names a terminal for a card read it did not make. On a shared terminal the worker is
 * the one bound by their 결제 ID (`session` is then the acting one, see actingOn); a screen no worker
 * was bound to yet is 0273.
 */
export function requireLiveLookup(lookup: LookupRow | undefined, session: SessionContext, lookupId: string, hostNow: number): LookupRow {
  if (!lookup || lookup.terminal_id !== session.terminalId || hostNow >= Number(lookup.expires_at)) {
    throw new HostError('2106', `lookup ${lookupId}`);
  }
  if (lookup.needs_worker !== 0) throw new HostError('0273', `lookup ${lookupId} has no worker yet`);
  if (lookup.worker_id !== session.workerId) throw new HostError('2106', `lookup ${lookupId}`);
  return lookup;
}

/** Whether a service is open: started, not paid, not put aside, and not older than any payable service. */
export function isOpen(service: OpenServiceRow, hostNow: number): boolean {
  return service.closed_by_payment_id === null && service.abandoned_at === null && Number(service.started_at) > hostNow - STALE_SERVICE_MS;
}

/** 서비스 시작: records the start of a time or visit service on the voucher of a live voucher screen. */
export async function startService(deps: HostDeps, caller: SessionContext, request: ServiceStartRequest): Promise<{ openService: OpenService }> {
  const { db } = deps;
  const hostNow = deps.now();
  const named = await cardRepository.findLookup(db, request.lookupId);
  // On a shared terminal the service is the worker's who entered their ID on this voucher screen.
  const session = actingOn(caller, named);
  const lookup = requireLiveLookup(named, session, request.lookupId, hostNow);
  const voucher = await voucherRepository.findById(db, lookup.voucher_id);
  const program = voucher ? findProgram(voucher.program_id) : undefined;
  if (!voucher || !program || program.model === 'amount') throw new HostError('2206', 'no service start for amount programs');
  if (clocksDisagree(request.deviceAt, hostNow)) throw new HostError('0101', `device ${request.deviceAt} host ${hostNow}`);

  // One open service per worker on a voucher: another worker's visit on it (활동보조 2인이상) does not block this one.
  await openServiceRepository.abandonStale(db, voucher.id, session.workerId, hostNow - STALE_SERVICE_MS, hostNow);
  if (await findOpenService(db, voucher.id, session.workerId, hostNow)) throw new HostError('2109');
  const row: OpenServiceRow = {
    id: randomUUID(),
    lookup_id: lookup.id,
    voucher_id: voucher.id,
    worker_id: session.workerId,
    terminal_id: session.terminalId,
    started_at: hostNow,
    device_started_at: request.deviceAt,
    closed_by_payment_id: null,
    abandoned_at: null,
  };
  try {
    await openServiceRepository.insert(db, row);
  } catch (error) {
    // Two taps at once: the partial unique index lets only one open service per (voucher, worker) through.
    if (isUniqueViolation(error, 'voucher_id') || isUniqueViolation(error, 'open_services_one_open')) throw new HostError('2109');
    throw error;
  }
  return { openService: openServiceRowToOpenService(row) };
}

/**
 * 시작 취소: the worker discards their own mistaken 서비스 시작 from a live voucher screen. The service
 * is put aside and the discard audited (who, when, on which terminal) in one transaction; nothing
 * blocks a new start afterwards. Another worker's start is 2115; one no longer open is 2108.
 */
export async function discardService(deps: HostDeps, caller: SessionContext, request: ServiceDiscardRequest): Promise<ServiceDiscardResponse> {
  const { db } = deps;
  const hostNow = deps.now();
  const named = await cardRepository.findLookup(db, request.lookupId);
  const session = actingOn(caller, named);
  const lookup = requireLiveLookup(named, session, request.lookupId, hostNow);
  const service = await openServiceRepository.findById(db, request.openServiceId);
  if (!service || service.voucher_id !== lookup.voucher_id || !isOpen(service, hostNow)) {
    throw new HostError('2108', `open service ${request.openServiceId}`);
  }
  if (service.worker_id !== session.workerId) throw new HostError('2115', `open service ${service.id} is another worker's`);
  const discarded = await db.transaction().execute(async (trx) => {
    if (!(await openServiceRepository.putAside(trx, service.id, hostNow))) return false;
    await openServiceRepository.insertDiscard(trx, {
      id: randomUUID(),
      open_service_id: service.id,
      voucher_id: service.voucher_id,
      worker_id: session.workerId,
      terminal_id: session.terminalId,
      lookup_id: lookup.id,
      started_at: Number(service.started_at),
      device_at: request.deviceAt,
      discarded_at: hostNow,
    });
    return true;
  });
  // Paid or discarded by a concurrent request a moment ago.
  if (!discarded) throw new HostError('2108', `open service ${service.id} closed meanwhile`);
  return { discardedAt: hostNow };
}
