/**
 * Backpressure for the sync endpoints (SPEC §7): after a regional outage every device sends its
 * backlog at once. A process applies at most `maxInFlight` batches at a time and answers the rest
 * 429 + Retry-After + 1004 at once — in the onRequest hook, before the body is parsed or the
 * session is read, so a refusal costs next to nothing and touches no database (on SQLite the one
 * connection would otherwise queue every waiting request, reads too, behind each open transaction).
 * Retry-After follows the load: the time a batch takes here, times how many were turned away in the
 * last second per free slot, so a thousand devices are told to come back spread over the time the
 * process needs for them rather than all at the same second. The count is per process on purpose:
 * it protects this process's memory and connections.
 */
import type { FastifyInstance } from 'fastify';
import { errorBody } from './error-handler';

export interface BackpressureOptions {
  /** POST paths gated (exact match, query string ignored). */
  readonly paths: readonly string[];
  readonly maxInFlight: number;
  /** Clock for the load estimate (performance.now by default). */
  readonly now?: () => number;
}

export interface BackpressureGate {
  /** Batches being applied right now. */
  inFlight(): number;
  /** The Retry-After (seconds) a refused request is given now. */
  retryAfterSeconds(): number;
}

const MIN_RETRY_AFTER_S = 1;
const MAX_RETRY_AFTER_S = 120;
/** Until the first batch completes: a batch of 100 takes about this long here. */
const INITIAL_BATCH_MS = 200;

export function installBackpressure(app: FastifyInstance, options: BackpressureOptions): BackpressureGate {
  const now = options.now ?? (() => performance.now());
  const gated = new Set(options.paths);
  let inFlight = 0;
  let batchMs = INITIAL_BATCH_MS;
  /** Refusal times in the last second. */
  const refusals: number[] = [];

  const retryAfterSeconds = (): number => {
    const at = now();
    while (refusals.length > 0 && refusals[0]! < at - 1_000) refusals.shift();
    // The turned-away demand of the last second, served maxInFlight at a time.
    const waitMs = batchMs * (1 + refusals.length / options.maxInFlight);
    return Math.min(MAX_RETRY_AFTER_S, Math.max(MIN_RETRY_AFTER_S, Math.ceil(waitMs / 1_000)));
  };

  app.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'POST' || !gated.has(request.url.split('?')[0] ?? '')) {
      done();
      return;
    }
    if (inFlight >= options.maxInFlight) {
      refusals.push(now());
      reply.code(429).header('retry-after', String(retryAfterSeconds())).header('cache-control', 'no-store').send(errorBody('1004'));
      return;
    }
    inFlight += 1;
    const startedAt = now();
    // 'close' fires once the answer is written or the client went away: the slot is given back either way.
    reply.raw.once('close', () => {
      inFlight -= 1;
      batchMs = batchMs * 0.8 + (now() - startedAt) * 0.2;
    });
    done();
  });

  return { inFlight: () => inFlight, retryAfterSeconds };
}
