import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import {
  DEVICE_SNAPSHOT_PATH,
  OUTBOX_PENDING_HEADER,
  OfflinePaymentSchema,
  SYNC_BATCH_PATH,
  SYNC_COMMANDS_PATH,
  SyncBatchRequestSchema,
  SyncCommandSchema,
  type SyncBatchResponse,
  type SyncCommandsResponse,
  type SyncItemResult,
} from '../../../src/domain/offline';
import { requireSession } from '../auth/auth.routes';
import type { SessionContext } from '../auth/auth.service';
import type { HostDeps } from '../deps';
import { parseBody } from '../http/parse-body';
import { terminalRepository } from '../terminals/terminal.repository';
import { deviceSnapshot } from './snapshot.service';
import { applySyncBatch, type BatchItem, type CommandResult } from './sync.service';

/**
 * What can be read of a malformed item: its id, for the answer (it cannot be stored: it may have
 * none). A payment command's id is its paymentId; a cancel's paymentId names its target, whose own
 * answer (in this batch, perhaps) that id must keep.
 */
function idOf(raw: unknown, field: 'paymentId' | 'commandId'): string {
  if (typeof raw !== 'object' || raw === null) return '';
  const record = raw as Record<string, unknown>;
  const value = record[field] ?? (record.kind === 'cancel' ? undefined : record.paymentId);
  return typeof value === 'string' ? value.slice(0, 64) : '';
}

export function syncRoutes(app: FastifyInstance, deps: HostDeps): void {
  // At most syncMaxInFlight batches at a time: the gate in front of the server (app.ts) refuses the rest.
  async function apply(request: FastifyRequest, toItems: (session: SessionContext, raw: readonly unknown[]) => BatchItem[]) {
    // A worker taken out of service still sends what the device captured before (refused after: 1053).
    const session = await requireSession(deps, request, { whileDeactivated: true });
    // Deliberately no requireAppVersion: the work an outdated app already captured is still
    // taken (SPEC §5.9); only new work is refused to it.
    const body = parseBody(SyncBatchRequestSchema, request.body);
    return applySyncBatch(deps, session, toItems(session, body.items), (error) =>
      request.log.error({ err: error }, 'sync item left queued after a host fault'),
    );
  }

  // Outbox commands: payments and cancellations, each with the worker who captured it.
  app.post(SYNC_COMMANDS_PATH, async (request): Promise<SyncCommandsResponse> => {
    const results = await apply(request, (_session, raw) =>
      raw.map((item): BatchItem => {
        const parsed = v.safeParse(SyncCommandSchema, item);
        return parsed.success ? { command: parsed.output } : { malformedId: idOf(item, 'commandId') };
      }),
    );
    return { results: results.filter((r): r is CommandResult => r !== undefined), hostNow: deps.now() };
  });

  // The payment captures of app versions before outbox commands: each is the session worker's.
  app.post(SYNC_BATCH_PATH, async (request): Promise<SyncBatchResponse> => {
    const results = await apply(request, (session, raw) =>
      raw.map((item): BatchItem => {
        const parsed = v.safeParse(OfflinePaymentSchema, item);
        return parsed.success
          ? { command: { kind: 'payment', workerId: session.workerId, ...parsed.output } }
          : { malformedId: idOf(item, 'paymentId') };
      }),
    );
    return {
      results: results.flatMap((result): SyncItemResult[] => {
        if (result === undefined) return [];
        if (result.status === 'refused') return [{ paymentId: result.commandId, status: 'refused', code: result.code, message: result.message }];
        if (result.kind !== 'payment') return [];
        const { commandId, kind: _kind, ...approved } = result;
        return [{ paymentId: commandId, ...approved }];
      }),
      hostNow: deps.now(),
    };
  });

  app.get(DEVICE_SNAPSHOT_PATH, async (request, reply) => {
    const session = await requireSession(deps, request);
    // Balances and masked names of the worker's recipients: never stored by a cache on the way.
    reply.header('cache-control', 'no-store');
    // The device says how much its outbox holds (the console's pending offline count); a header
    // that is not a small count is ignored, never a refusal of the snapshot.
    const pending = request.headers[OUTBOX_PENDING_HEADER];
    if (typeof pending === 'string' && /^\d{1,6}$/.test(pending)) {
      await terminalRepository.reportPending(deps.db, session.terminalId, Number(pending), deps.now());
    }
    return deviceSnapshot(deps, session);
  });
}
