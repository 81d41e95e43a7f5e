/**
 * Backpressure for the sync endpoints (SPEC §7): after a regional outage every device sends its
 * backlog at once. A process applies at most `maxInFlight` batches at a time and answers the rest
 * 429 + Retry-After + 1004 at once. The gate sits in front of Fastify, on the Node server's own
 * request event: a refusal is decided on the request line alone — before any hook, the body, the
 * cookie or the session — so it costs next to nothing and touches no database (on SQLite the one
 * connection would otherwise queue every waiting request, reads too, behind each open transaction).
 * Retry-After follows the load: the time a batch takes here, times how many were turned away in the
 * last second per free slot, so a thousand devices are told to come back spread over the time the
 * process needs for them rather than all at the same second. The count is per process on purpose:
 * it protects this process's memory and connections.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from './error-handler';

export interface BackpressureOptions {
  /** POST paths gated (exact match, query string ignored). */
  readonly paths: readonly string[];
  readonly maxInFlight: number;
  /** Clock for the load estimate (performance.now by default). */
  readonly now?: () => number;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface BackpressureGate {
  /** The server's request handler with the gate in front of it (for Fastify's serverFactory). */
  wrap(handler: Handler): Handler;
  /** Batches being applied right now. */
  inFlight(): number;
  /** The Retry-After (seconds) a refused request is given now. */
  retryAfterSeconds(): number;
}

const MIN_RETRY_AFTER_S = 1;
const MAX_RETRY_AFTER_S = 120;
/** Until the first batch completes: a batch of 100 takes about this long here. */
const INITIAL_BATCH_MS = 200;
const REFUSAL = JSON.stringify(errorBody('1004'));
const REFUSAL_BYTES = Buffer.byteLength(REFUSAL);

export function createBackpressureGate(options: BackpressureOptions): BackpressureGate {
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

  const isGated = (request: IncomingMessage): boolean => {
    if (request.method !== 'POST' || request.url === undefined) return false;
    const query = request.url.indexOf('?');
    return gated.has(query === -1 ? request.url : request.url.slice(0, query));
  };

  const wrap =
    (handler: Handler): Handler =>
    (request, response) => {
      if (!isGated(request)) {
        handler(request, response);
        return;
      }
      if (inFlight >= options.maxInFlight) {
        refusals.push(now());
        // Node reads and drops the unread body itself, so the connection stays usable.
        response.writeHead(429, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': REFUSAL_BYTES,
          'retry-after': String(retryAfterSeconds()),
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        });
        response.end(REFUSAL);
        return;
      }
      inFlight += 1;
      const startedAt = now();
      // 'close' fires once the answer is written or the client went away: the slot is given back either way.
      response.once('close', () => {
        inFlight -= 1;
        batchMs = batchMs * 0.8 + (now() - startedAt) * 0.2;
      });
      // Yield before the batch runs. On SQLite a batch never waits for I/O (the driver is
      // synchronous behind its promises), so without this each request would run to its end inside
      // the callback that read it, the next socket would not be read before, and the count above
      // would never pass 1: every waiting device would queue in the socket buffers, none refused.
      // After the yield, all requests that arrived in the same turn are counted before any runs.
      setImmediate(() => handler(request, response));
    };

  return { wrap, inFlight: () => inFlight, retryAfterSeconds };
}
