/**
 * The one way the device talks to the voucher host — for the API client, the syncer and the
 * snapshot alike, in the page, the comlink worker and the service worker: the base URL and the
 * transport seam (practice mode swaps the transport), the x-app-version header, a timeout, and
 * ONE mapping from an answer to a stable error code. Every exchange is reported to the contact
 * listeners (the page's offline banner, clock check and update notice listen).
 */
import * as v from 'valibot';
import { isErrorCode, messageKo, type ErrorCode } from '../domain/errors';
import { ErrorBodySchema } from '../domain/wire';

/** fetch, or anything shaped like it: the seam where tests (and practice mode) put a host in a function. */
export type Transport = (url: string, init: RequestInit) => Promise<Response>;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    /** HTTP status; 0 when no answer came back. */
    readonly status: number,
    /** How long the host asked to be left alone (Retry-After), when it said so. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }

  /**
   * Whether the host certainly refused (nothing was applied): a 4xx answer with a code. A network
   * failure, a 5xx or a 429 leaves the outcome unknown, so a payment must be retried with the same id.
   */
  get isDefiniteRefusal(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 429 && this.status !== 408;
  }
}

export const networkError = (): ApiError => new ApiError('0104', messageKo('0104'), 0);
export const contractError = (status: number): ApiError => new ApiError('9999', messageKo('9999'), status);

/** The closest stable code for a status whose body says nothing (a proxy's page, an empty body). */
export function codeForStatus(status: number): ErrorCode {
  if (status === 401) return '1003';
  if (status === 429) return '1004';
  if (status === 426) return '1006';
  if (status === 502 || status === 503 || status === 504) return '0104';
  return '9999';
}

const isGatewayDown = (status: number): boolean => status === 502 || status === 503 || status === 504;

/**
 * The wait a 429 or 503 asked for: Retry-After in seconds or as an HTTP date, in ms; null when
 * absent or unreadable. Bounded to an hour so a wrong header cannot park the outbox for days.
 */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  if (!Number.isFinite(ms)) return null;
  return Math.min(Math.max(0, Math.round(ms)), 60 * 60_000);
}

/** A non-2xx answer as an ApiError: the host's own code and message when the body has them. */
export function errorFromResponse(status: number, body: unknown, retryAfter: number | null = null): ApiError {
  const parsed = v.safeParse(ErrorBodySchema, body);
  if (parsed.success && parsed.output.code !== '') {
    const { code, message } = parsed.output;
    return new ApiError(code, message !== '' ? message : isErrorCode(code) ? messageKo(code) : messageKo('9999'), status, retryAfter);
  }
  const code = codeForStatus(status);
  return new ApiError(code, messageKo(code), status, retryAfter);
}

/** Parses a 2xx body with its schema; a body that breaks the contract is 9999, never a half-read object. */
export function parseSuccess<S extends v.GenericSchema>(schema: S, status: number, body: unknown): v.InferOutput<S> {
  const parsed = v.safeParse(schema, body);
  if (!parsed.success) throw contractError(status);
  return parsed.output;
}

/** What one exchange said about the link and the clocks; the shell drives its banner and checks from it. */
export interface HostContact {
  /** False when no answer came back (fetch threw, timed out, or the host is behind a dead gateway). */
  readonly reachable: boolean;
  /** HTTP status; 0 when unreachable. */
  readonly status: number;
  readonly code: string | null;
  readonly hostNow: number | null;
  /** Device clock when the answer arrived. */
  readonly receivedAt: number;
  readonly path: string;
}

const contactListeners = new Set<(contact: HostContact) => void>();

/** Subscribes to every exchange with the host made through hostFetch in this realm. */
export function onHostContact(listener: (contact: HostContact) => void): () => void {
  contactListeners.add(listener);
  return () => contactListeners.delete(listener);
}

function report(contact: HostContact): void {
  for (const listener of contactListeners) {
    try {
      listener(contact);
    } catch {
      // A listener's bug must not turn a good answer into a failed request.
    }
  }
}

const field = (body: unknown, name: string): unknown =>
  typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;

const APP_VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';

/** The network: the real voucher host. The real outbox and snapshot name it explicitly, so that no swap of the default can ever redirect them. */
export const networkTransport: Transport = (url, init) => globalThis.fetch(url, init);

let defaultTransport: Transport = networkTransport;
let baseUrl = '';

/**
 * Where and how this realm reaches the host by default — for the screens' calls (src/api/client.ts).
 * 연습모드 sets the practice host here while the page practises and networkTransport back after.
 */
export function configureHost(options: { transport?: Transport; baseUrl?: string }): void {
  if (options.transport) defaultTransport = options.transport;
  if (options.baseUrl !== undefined) baseUrl = options.baseUrl;
}

export interface HostRequest {
  readonly method?: 'GET' | 'POST';
  readonly body?: unknown;
  /** Abandon the request (and call the host unreachable) after this long. Default 30 s. */
  readonly timeoutMs?: number;
  /** The caller's own abort (a screen closing): rethrown as an AbortError, not reported. */
  readonly signal?: AbortSignal | undefined;
  /** Default: the configured transport (fetch). */
  readonly transport?: Transport;
  /** Default: Date.now (the device clock). */
  readonly now?: () => number;
  /** Further request headers (what the device reports of itself, e.g. its outbox's size). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HostAnswer {
  readonly status: number;
  /** The parsed JSON body; undefined for an empty or unreadable one. */
  readonly body: unknown;
  /** False when the body was present but not JSON. */
  readonly readable: boolean;
  readonly headers: Headers;
  readonly receivedAt: number;
}

/**
 * One exchange with the host. Resolves with the answer for any status the host gave (the caller
 * decides what a status means, with errorFromResponse); throws ApiError 0104 when no answer came
 * back — fetch failed, the timeout passed — and the caller's AbortError when it aborted itself.
 */
export async function hostFetch(path: string, request: HostRequest = {}): Promise<HostAnswer> {
  const { method = 'GET', body, signal } = request;
  const now = request.now ?? Date.now;
  const transport = request.transport ?? defaultTransport;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), request.timeoutMs ?? 30_000);
  const abort = (): void => timeout.abort();
  signal?.addEventListener('abort', abort);
  const headers: Record<string, string> = { ...request.headers, accept: 'application/json', 'x-app-version': APP_VERSION };
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    let response: Response;
    try {
      response = await transport(`${baseUrl}${path}`, {
        method,
        credentials: 'same-origin',
        cache: 'no-store',
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: timeout.signal,
      });
    } catch (cause) {
      if (signal?.aborted) throw cause;
      report({ reachable: false, status: 0, code: '0104', hostNow: null, receivedAt: now(), path });
      throw networkError();
    }
    const receivedAt = now();
    let json: unknown;
    let readable = true;
    try {
      const text = await response.text();
      json = text === '' ? undefined : JSON.parse(text);
    } catch (cause) {
      if (signal?.aborted) throw cause;
      if (timeout.signal.aborted) {
        report({ reachable: false, status: 0, code: '0104', hostNow: null, receivedAt, path });
        throw networkError();
      }
      readable = false;
    }
    const hostNow = field(json, 'hostNow');
    const code = field(json, 'code');
    report({
      reachable: !isGatewayDown(response.status),
      status: response.status,
      code: response.ok || typeof code !== 'string' ? null : code,
      hostNow: typeof hostNow === 'number' && Number.isFinite(hostNow) ? hostNow : null,
      receivedAt,
      path,
    });
    return { status: response.status, body: json, readable, headers: response.headers, receivedAt };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}

/** hostFetch that answers the parsed body of a 2xx, and throws the ApiError of anything else. */
export async function hostCall<S extends v.GenericSchema>(path: string, schema: S, request: HostRequest = {}): Promise<v.InferOutput<S>> {
  const answer = await hostFetch(path, request);
  if (answer.status < 200 || answer.status >= 300) {
    throw errorFromResponse(answer.status, answer.body, retryAfterMs(answer.headers.get('retry-after'), answer.receivedAt));
  }
  if (!answer.readable) throw contractError(answer.status);
  return parseSuccess(schema, answer.status, answer.body);
}
