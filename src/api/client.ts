/**
 * The provider app's HTTP client: one typed function per host endpoint (wire.ts is the contract).
 * Screens never call fetch. Every failure becomes an ApiError with a stable code and the Korean
 * message to show: the host's {code, message}; 0104 when the host cannot be reached (fetch threw,
 * offline); 9999 when an answer does not match the contract.
 */
import * as v from 'valibot';
import {
  API,
  ErrorBodySchema,
  HealthSchema,
  ReceiptSchema,
  ServiceStartResponseSchema,
  SessionInfoSchema,
  TerminalSchema,
  TodayPaymentsSchema,
  VoucherScreenSchema,
  type CardLookupRequest,
  type LoginRequest,
  type PaymentRequest,
  type RegisterTerminalRequest,
  type ServiceStartRequest,
} from '../domain/wire';
import { isErrorCode, messageKo } from '../domain/errors';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    /** HTTP status; 0 when no answer came back. */
    readonly status: number,
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

/**
 * Maps a non-2xx answer to an ApiError: the host's own code and message when the body is an error
 * body, else the closest stable code for the status (so the screen still shows a code).
 */
export function errorFromResponse(status: number, body: unknown): ApiError {
  const parsed = v.safeParse(ErrorBodySchema, body);
  if (parsed.success && parsed.output.code !== '') {
    const { code, message } = parsed.output;
    const shown = message !== '' ? message : isErrorCode(code) ? messageKo(code) : messageKo('9999');
    return new ApiError(code, shown, status);
  }
  const code = status === 401 ? '1003' : status === 429 ? '1004' : status === 426 ? '1006' : status === 502 || status === 503 || status === 504 ? '0104' : '9999';
  return new ApiError(code, messageKo(code), status);
}

/** Parses a 2xx body with its schema; a body that breaks the contract is 9999, never a half-read object. */
export function parseSuccess<S extends v.GenericSchema>(schema: S, status: number, body: unknown): v.InferOutput<S> {
  const parsed = v.safeParse(schema, body);
  if (!parsed.success) throw contractError(status);
  return parsed.output;
}

const APP_VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';

/**
 * What one exchange with the host says about the link and the clocks: whether the host answered,
 * its status and error code, and its clock (`hostNow`) when the answer carried one. The shell
 * listens to drive the offline banner, the 0101 clock check and 업데이트가 필요합니다.
 */
export interface HostContact {
  /** False when no answer came back (fetch threw, the host is behind a dead gateway). */
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

/** Subscribes to every exchange with the host (this client's and the syncer's, see observedTransport). */
export function onHostContact(listener: (contact: HostContact) => void): () => void {
  contactListeners.add(listener);
  return () => contactListeners.delete(listener);
}

export function reportHostContact(contact: HostContact): void {
  for (const listener of contactListeners) {
    try {
      listener(contact);
    } catch {
      // A listener's bug must not turn a good answer into a failed request.
    }
  }
}

function hostNowOf(body: unknown): number | null {
  const value = typeof body === 'object' && body !== null ? (body as { hostNow?: unknown }).hostNow : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function codeOf(body: unknown): string | null {
  const value = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
  return typeof value === 'string' ? value : null;
}

const isGatewayDown = (status: number): boolean => status === 502 || status === 503 || status === 504;

/** No answer came back: the link is down (0104). */
function reportUnreachable(path: string): void {
  reportHostContact({ reachable: false, status: 0, code: '0104', hostNow: null, receivedAt: Date.now(), path });
}

/** An answer arrived at `receivedAt` (device clock, taken before its body was read) with `body` parsed. */
function reportAnswer(path: string, response: Response, body: unknown, receivedAt: number): void {
  reportHostContact({
    reachable: !isGatewayDown(response.status),
    status: response.status,
    code: response.ok ? null : codeOf(body),
    hostNow: hostNowOf(body),
    receivedAt,
    path,
  });
}

/**
 * A fetch for the syncer and the snapshot refresh (their Transport) that reports each exchange
 * like `request` does, so a sync on coming back online also clears the offline banner.
 */
export function observedTransport(inner: (url: string, init: RequestInit) => Promise<Response> = (url, init) => fetch(url, init)) {
  return async (url: string, init: RequestInit): Promise<Response> => {
    let response: Response;
    try {
      response = await inner(url, init);
    } catch (cause) {
      reportUnreachable(url);
      throw cause;
    }
    const receivedAt = Date.now();
    const body: unknown = await response.clone().json().catch(() => undefined);
    reportAnswer(url, response, body, receivedAt);
    return response;
  };
}

interface RequestOptions<S extends v.GenericSchema> {
  method?: 'GET' | 'POST';
  body?: unknown;
  schema: S;
  signal?: AbortSignal | undefined;
}

export async function request<S extends v.GenericSchema>(path: string, options: RequestOptions<S>): Promise<v.InferOutput<S>> {
  const { method = 'GET', body, schema, signal } = options;
  const headers: Record<string, string> = { accept: 'application/json', 'x-app-version': APP_VERSION };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    reportUnreachable(path);
    throw networkError();
  }
  const receivedAt = Date.now();
  let json: unknown = undefined;
  let unreadable = false;
  try {
    const text = await response.text();
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    unreadable = true;
  }
  reportAnswer(path, response, json, receivedAt);
  if (unreadable && response.ok) throw contractError(response.status);
  if (!response.ok) throw errorFromResponse(response.status, json);
  return parseSuccess(schema, response.status, json);
}

const OkSchema = v.unknown();

export const registerTerminal = (body: RegisterTerminalRequest) =>
  request(API.registerTerminal, { method: 'POST', body, schema: TerminalSchema });

export const login = (body: LoginRequest) => request(API.login, { method: 'POST', body, schema: SessionInfoSchema });

export const logout = () => request(API.logout, { method: 'POST', body: {}, schema: OkSchema }).then(() => undefined);

export const me = () => request(API.me, { schema: SessionInfoSchema });

export const cardLookup = (body: CardLookupRequest) =>
  request(API.cardLookup, { method: 'POST', body, schema: VoucherScreenSchema });

export const startService = (body: ServiceStartRequest) =>
  request(API.serviceStart, { method: 'POST', body, schema: ServiceStartResponseSchema });

export const pay = (body: PaymentRequest) => request(API.payments, { method: 'POST', body, schema: ReceiptSchema });

export const todayPayments = () => request(API.todayPayments, { schema: TodayPaymentsSchema });

export const health = () => request(API.health, { schema: HealthSchema });
