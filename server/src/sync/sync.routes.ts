import type { FastifyInstance } from 'fastify';
import { DEVICE_SNAPSHOT_PATH, SYNC_BATCH_PATH, SyncBatchRequestSchema } from '../../../src/domain/offline';
import { requireSession } from '../auth/auth.routes';
import type { HostDeps } from '../deps';
import { HostError } from '../http/host-error';
import { parseBody } from '../http/parse-body';
import { deviceSnapshot } from './snapshot.service';
import { applySyncBatch } from './sync.service';

/** Seconds a device is asked to wait when this process is already applying its share of batches. */
export const SYNC_RETRY_AFTER_SECONDS = 2;

export function syncRoutes(app: FastifyInstance, deps: HostDeps): void {
  // Backpressure (SPEC §7): after an outage every device sends its backlog at once. A process
  // applies at most syncMaxInFlight batches at a time and answers the rest 429 + Retry-After,
  // which the device's syncer honours, instead of queueing without bound and falling over.
  // The count is per process on purpose: it protects this process's memory and connections.
  let inFlight = 0;

  app.post(SYNC_BATCH_PATH, async (request, reply) => {
    const session = await requireSession(deps, request);
    // Deliberately no requireAppVersion: the payments an outdated app already captured are still
    // taken (SPEC §5.9); only new work is refused to it.
    const body = parseBody(SyncBatchRequestSchema, request.body);
    if (inFlight >= deps.config.syncMaxInFlight) {
      reply.header('retry-after', String(SYNC_RETRY_AFTER_SECONDS));
      throw new HostError('1004', `${inFlight} sync batches in flight`);
    }
    inFlight += 1;
    try {
      return await applySyncBatch(deps, session, body.items);
    } finally {
      inFlight -= 1;
    }
  });

  app.get(DEVICE_SNAPSHOT_PATH, async (request, reply) => {
    const session = await requireSession(deps, request);
    // Balances and masked names of the worker's recipients: never stored by a cache on the way.
    reply.header('cache-control', 'no-store');
    return deviceSnapshot(deps, session);
  });
}
