/**
 * One POST of a batch to the host's sync endpoint, turned into an outcome the syncer can act on.
 * Never throws: a network failure, a timeout, an error status and an answer that does not match
 * the contract all become a 'failed' outcome, because the items must then simply stay queued.
 */
import * as v from 'valibot';
import { SYNC_BATCH_PATH, SyncBatchResponseSchema, type SyncBatchResponse } from '../domain/offline';
import { ErrorBodySchema } from '../domain/wire';
import { isErrorCode, messageKo } from '../domain/errors';
import type { OutboxItem } from '../db/db';
import { retryAfterMs } from './backoff';

/** fetch or anything shaped like it: the seam where tests put a host in a function. */
export type Transport = (url: string, init: RequestInit) => Promise<Response>;

export type SendOutcome =
  | { kind: 'answered'; response: SyncBatchResponse }
  | {
      kind: 'failed';
      code: string;
      message: string;
      /** False when the failure says nothing about the items (session expired): no backoff. */
      countsAsAttempt: boolean;
      /** How long the host asked to be left alone (Retry-After), when it said so. */
      retryAfterMs: number | null;
    };

export interface SendOptions {
  transport: Transport;
  appVersion: string;
  timeoutMs: number;
}

export async function sendBatch(items: readonly OutboxItem[], sentAt: number, options: SendOptions): Promise<SendOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  let response: Response;
  try {
    response = await options.transport(SYNC_BATCH_PATH, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-app-version': options.appVersion },
      body: JSON.stringify({ items: items.map((item) => item.payment), sentAt }),
      signal: controller.signal,
    });
  } catch {
    clearTimeout(timer);
    return failed('0104', messageKo('0104'), true, null);
  }
  try {
    const body: unknown = await response.json().catch(() => undefined);
    if (response.ok) {
      const parsed = v.safeParse(SyncBatchResponseSchema, body);
      return parsed.success ? { kind: 'answered', response: parsed.output } : failed('9999', messageKo('9999'), true, null);
    }
    const error = v.safeParse(ErrorBodySchema, body);
    const fallback = codeForStatus(response.status);
    const code = error.success && error.output.code !== '' ? error.output.code : fallback;
    const message = error.success && error.output.message !== '' ? error.output.message : isErrorCode(code) ? messageKo(code) : messageKo('9999');
    const sessionExpired = response.status === 401;
    return failed(code, message, !sessionExpired, retryAfterMs(response.headers.get('retry-after'), sentAt));
  } catch {
    return failed('0104', messageKo('0104'), true, null);
  } finally {
    clearTimeout(timer);
  }
}

function codeForStatus(status: number): string {
  if (status === 401) return '1003';
  if (status === 429) return '1004';
  if (status === 426) return '1006';
  if (status === 502 || status === 503 || status === 504) return '0104';
  return '9999';
}

function failed(code: string, message: string, countsAsAttempt: boolean, retryAfter: number | null): SendOutcome {
  return { kind: 'failed', code, message, countsAsAttempt, retryAfterMs: retryAfter };
}
