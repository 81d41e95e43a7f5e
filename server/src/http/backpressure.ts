/**
 * Backpressure for the sync endpoints (SPEC §7): after a regional outage every device sends its
 * backlog at once. A process applies at most `maxInFlight` batches at a time; a few more wait in a
 * short FIFO queue so a slot never stands idle between one batch and the next device; the rest are
 * answered 429 + 1004 at once. The gate sits in front of Fastify, on the Node server's own request
 * event: a refusal is decided on the request line and headers alone — before any hook, the body,
 * the cookie or the session — so it costs next to nothing and touches no database (on SQLite the
 * one connection would otherwise queue every waiting request, reads too, behind each open
 * transaction).
 * The wait a refusal names follows the load. The gate measures how fast this process applies
 * batches (bytes of body per ms while busy: Content-Length is known before the body is read, and a
 * batch of 100 takes twice one of 50), and books each refused device a turn of its own after the
 * work already queued and booked, so a thousand devices come back one after another at the pace
 * the slots free up, not all in the same second. The turn goes out as Retry-After (whole seconds,
 * rounded up, for any client) and as Retry-After-Ms (our devices, src/sync/sendBatch.ts, read it;
 * some HTTP APIs use the same header). The count is per process on purpose: it protects this
 * process's memory and connections.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from './error-handler';

export interface BackpressureOptions {
  /** POST paths gated (exact match, query string ignored). */
  readonly paths: readonly string[];
  readonly maxInFlight: number;
  /** Requests that may wait for a slot beyond those in flight (default 8 × maxInFlight; 0: none wait). */
  readonly maxQueued?: number;
  /** A request waits at most this long for a slot before it is refused after all. */
  readonly maxWaitMs?: number;
  /** Clock for the load estimate (performance.now by default). */
  readonly now?: () => number;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface BackpressureGate {
  /** The server's request handler with the gate in front of it (for Fastify's serverFactory). */
  wrap(handler: Handler): Handler;
  /** Batches being applied right now. */
  inFlight(): number;
  /** Requests waiting for a slot. */
  queued(): number;
  /** The wait (ms) a request refused now would be told, without booking a turn for it. */
  retryAfterMs(): number;
}

/** Our devices read this header first; `Retry-After` has whole seconds only. Same name in src/sync/sendBatch.ts. */
export const RETRY_AFTER_MS_HEADER = 'retry-after-ms';

const DEFAULT_MAX_WAIT_MS = 1_000;
const MIN_RETRY_AFTER_MS = 20;
const MAX_RETRY_AFTER_MS = 120_000;
/** Until batches have completed here: a batch of 100 (35 kB) takes about 70 ms of the process. */
const INITIAL_MS_PER_BYTE = 0.002;
const INITIAL_BATCH_BYTES = 35_000;
/** The rate is measured over about the last this many ms of busy time. */
const RATE_WINDOW_MS = 2_000;
/**
 * Turns are booked this much faster than batches complete. A device that comes when the queue is
 * full is refused again for a fraction of a millisecond and booked a later turn; a slot nobody
 * comes for is lost for good. So the bookings err on the early side: the rate moves with the
 * batches' sizes and the machine's other work, and devices come back a little late, not early.
 */
const OVERBOOK = 1.5;
const REFUSAL = JSON.stringify(errorBody('1004'));
const REFUSAL_BYTES = String(Buffer.byteLength(REFUSAL));

interface Waiting {
  readonly handler: Handler;
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly bytes: number;
  readonly timer: NodeJS.Timeout;
}

export function createBackpressureGate(options: BackpressureOptions): BackpressureGate {
  const now = options.now ?? (() => performance.now());
  const gated = new Set(options.paths);
  const maxQueued = options.maxQueued ?? 8 * options.maxInFlight;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;

  let inFlight = 0;
  const queue: Waiting[] = [];
  let queuedBytes = 0;
  // The rate: body bytes of completed batches per ms during which at least one batch was in flight.
  let busyMs = 0;
  let doneBytes = 0;
  let markAt = now();
  let batchBytes = INITIAL_BATCH_BYTES;
  /** When a batch last completed, or the first one started after a quiet spell. */
  let progressAt = markAt;
  /** When the work in flight, queued and booked for refused devices should be done. */
  let bookedUntil = 0;

  const msPerByte = (): number => (doneBytes > 0 ? busyMs / doneBytes : INITIAL_MS_PER_BYTE);
  const elapse = (at: number): void => {
    if (inFlight > 0) busyMs += at - markAt;
    markAt = at;
  };
  const bytesOf = (request: IncomingMessage): number => {
    const length = Number(request.headers['content-length']);
    return length > 0 ? length : batchBytes;
  };

  /**
   * The turn of a device refused now, in ms from now: after everything ahead of it. It is asked
   * back half a queue early, so a device a little late still finds work waiting in the queue and
   * one a little early waits there instead of being refused again.
   */
  const turnMs = (at: number, bytes: number, book: boolean): number => {
    const rate = msPerByte();
    const start = Math.max(bookedUntil, at + queuedBytes * rate);
    if (book) bookedUntil = start + (bytes * rate) / OVERBOOK;
    const lead = (maxQueued / 2) * batchBytes * rate;
    return Math.min(MAX_RETRY_AFTER_MS, Math.max(MIN_RETRY_AFTER_MS, start - lead - at));
  };

  const refuse = (request: IncomingMessage, response: ServerResponse, at: number): void => {
    const waitMs = Math.round(turnMs(at, bytesOf(request), true));
    // Node reads and drops the unread body itself, so the connection stays usable.
    response.writeHead(429, [
      'content-type',
      'application/json; charset=utf-8',
      'content-length',
      REFUSAL_BYTES,
      'retry-after',
      String(Math.ceil(waitMs / 1_000)),
      RETRY_AFTER_MS_HEADER,
      String(waitMs),
      'cache-control',
      'no-store',
      'x-content-type-options',
      'nosniff',
    ]);
    response.end(REFUSAL);
  };

  const start = (handler: Handler, request: IncomingMessage, response: ServerResponse, bytes: number): void => {
    const at = now();
    elapse(at);
    if (inFlight === 0) progressAt = at;
    inFlight += 1;
    // 'close' fires once the answer is written or the client went away: the slot is given back either way.
    response.once('close', () => {
      const done = now();
      elapse(done);
      inFlight -= 1;
      progressAt = done;
      doneBytes += bytes;
      batchBytes = batchBytes * 0.8 + bytes * 0.2;
      if (busyMs > RATE_WINDOW_MS) {
        doneBytes *= RATE_WINDOW_MS / busyMs;
        busyMs = RATE_WINDOW_MS;
      }
      const next = queue.shift();
      if (next !== undefined) {
        clearTimeout(next.timer);
        queuedBytes -= next.bytes;
        start(next.handler, next.request, next.response, next.bytes);
      }
    });
    // Yield before the batch runs. On SQLite a batch never waits for I/O (the driver is
    // synchronous behind its promises), so without this each request would run to its end inside
    // the callback that read it, the next socket would not be read before, and the count above
    // would never pass 1: every waiting device would queue in the socket buffers, none refused.
    // After the yield, all requests that arrived in the same turn are counted before any runs.
    setImmediate(() => handler(request, response));
  };

  const wait = (handler: Handler, request: IncomingMessage, response: ServerResponse, bytes: number): void => {
    const entry: Waiting = {
      handler,
      request,
      response,
      bytes,
      timer: setTimeout(() => {
        if (!leave(entry)) return;
        refuse(request, response, now());
      }, maxWaitMs),
    };
    queue.push(entry);
    queuedBytes += bytes;
    // A device that gives up while waiting leaves the queue; its place goes to the next.
    response.once('close', () => {
      if (leave(entry)) clearTimeout(entry.timer);
    });
  };

  const leave = (entry: Waiting): boolean => {
    const index = queue.indexOf(entry);
    if (index === -1) return false;
    queue.splice(index, 1);
    queuedBytes -= entry.bytes;
    return true;
  };

  /**
   * A request may wait when the queue has room, batches are completing (slots held by uploads
   * that stall would keep it waiting for nothing), and its turn should come within maxWaitMs.
   */
  const mayWait = (at: number, bytes: number): boolean =>
    queue.length < maxQueued && at - progressAt < maxWaitMs && (queuedBytes + bytes) * msPerByte() <= maxWaitMs;

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
      const bytes = bytesOf(request);
      if (inFlight < options.maxInFlight && queue.length === 0) {
        start(handler, request, response, bytes);
        return;
      }
      const at = now();
      if (mayWait(at, bytes)) wait(handler, request, response, bytes);
      else refuse(request, response, at);
    };

  return {
    wrap,
    inFlight: () => inFlight,
    queued: () => queue.length,
    retryAfterMs: () => turnMs(now(), batchBytes, false),
  };
}
