/**
 * One POST of a batch of outbox commands to the host, through the one host-fetch core, turned
 * into an outcome the syncer can act on. Never throws: a network failure, a timeout, an error
 * status and an answer that does not match the contract all become a 'failed' outcome, because the
 * items must then simply stay queued.
 */
import * as v from 'valibot';
import { SYNC_COMMANDS_PATH, SyncCommandsResponseSchema, type SyncCommandsResponse } from '../domain/offline';
import { messageKo } from '../domain/errors';
import type { OutboxCommand } from '../db/db';
import { ApiError, errorFromResponse, hostFetch, retryAfterMs, type Transport } from '../api/host';

export type { Transport } from '../api/host';

export type SendOutcome =
  | { kind: 'answered'; response: SyncCommandsResponse }
  | {
      kind: 'failed';
      code: string;
      message: string;
      /** False when the failure says nothing about the items (session expired): no backoff. */
      countsAsAttempt: boolean;
      /** How long the host asked to be left alone (Retry-After), when it said so. */
      retryAfterMs: number | null;
      /** The wait came in ms (Retry-After-Ms): a turn the host booked for this device, not a second shared with others. */
      retryAfterExact: boolean;
    };

export interface SendOptions {
  /** Default: the configured host transport. */
  transport?: Transport | undefined;
  timeoutMs: number;
}

export async function sendBatch(items: readonly OutboxCommand[], sentAt: number, options: SendOptions): Promise<SendOutcome> {
  try {
    const answer = await hostFetch(SYNC_COMMANDS_PATH, {
      method: 'POST',
      body: { items: items.map((item) => item.command), sentAt },
      timeoutMs: options.timeoutMs,
      ...(options.transport ? { transport: options.transport } : {}),
    });
    if (answer.status >= 200 && answer.status < 300) {
      const parsed = v.safeParse(SyncCommandsResponseSchema, answer.body);
      return parsed.success ? { kind: 'answered', response: parsed.output } : failed('9999', messageKo('9999'), true, null);
    }
    const exactMs = retryAfterExactMs(answer.headers.get(RETRY_AFTER_MS_HEADER));
    const error = errorFromResponse(answer.status, answer.body, exactMs ?? retryAfterMs(answer.headers.get('retry-after'), sentAt));
    // An expired session says nothing about the items: they wait for the next login, with no backoff.
    return failed(error.code, error.message, answer.status !== 401, error.retryAfterMs, exactMs !== null);
  } catch (error) {
    if (error instanceof ApiError) return failed(error.code, error.message, true, null);
    return failed('0104', messageKo('0104'), true, null);
  }
}

function failed(code: string, message: string, countsAsAttempt: boolean, retryAfter: number | null, exact = false): SendOutcome {
  return { kind: 'failed', code, message, countsAsAttempt, retryAfterMs: retryAfter, retryAfterExact: exact };
}

/** The host's turn for this device, in ms (server/src/http/backpressure.ts sends it with every 429). */
export const RETRY_AFTER_MS_HEADER = 'retry-after-ms';

/** Retry-After-Ms as a wait in ms; null when absent or unreadable. Bounded to an hour, as Retry-After is. */
export function retryAfterExactMs(header: string | null): number | null {
  if (header === null || header.trim() === '') return null;
  const ms = Number(header);
  if (!Number.isFinite(ms) || ms < 0) return null;
  return Math.min(Math.round(ms), 60 * 60_000);
}
