/**
 * Live delivery to an open portal (SSE, `GET /api/portal/events`). A stream never trusts a
 * notification's content: the Notifier (in-process on SQLite, LISTEN/NOTIFY on PostgreSQL, so a
 * payment taken by another host process wakes this one) only says "look again" on the recipient's
 * channel, and the stream reads the database for inbox messages and payment requests it has not
 * sent yet. It also looks every 15 s (a lost notification costs a delay, never a message), and
 * ends when the session does. Each signal names what to fetch — never a name or an amount.
 */
import type { FastifyReply } from 'fastify';
import type { PortalSignal } from '../../../src/domain/portal';
import type { DomainEventRow } from '../events/event.repository';
import type { EventConsumer } from '../events/relay';
import type { Notifier } from '../events/notifier';
import type { HostDeps } from '../deps';
import { recipientRepository } from './recipient.repository';
import type { RecipientContext } from './recipient-auth.service';

export const portalChannel = (recipientId: string): string => `portal:${recipientId}`;

/** Messages this old are still sent to a stream that opens after them (a relay running late). */
const LOOK_BACK_MS = 10 * 60_000;
const HEARTBEAT_MS = 15_000;

/** After the relay committed inbox messages: wake the recipients' open portals. */
export function portalSignalConsumer(notifier: Notifier): EventConsumer {
  return {
    name: 'portal-signals',
    handle: async () => undefined,
    afterCommit(events: readonly DomainEventRow[]) {
      for (const recipientId of new Set(events.map((event) => event.recipient_id))) notifier.publish(portalChannel(recipientId));
    },
  };
}

export interface LiveStreams {
  open(deps: HostDeps, context: RecipientContext, reply: FastifyReply, options?: { heartbeatMs?: number }): Promise<void>;
  /** Ends every open stream (the host is closing). */
  closeAll(): void;
}

export function liveStreams(): LiveStreams {
  const open = new Set<() => void>();
  return {
    closeAll() {
      for (const end of [...open]) end();
    },
    async open(deps, context, reply, options = {}) {
      const { db } = deps;
      const connectedAt = deps.now();
      const since = connectedAt - LOOK_BACK_MS;
      const sentMessages = new Set<string>();
      const sentRequests = new Set<string>();
      // Messages that were there before the stream opened are the inbox's to list, not news.
      for (const row of await db
        .selectFrom('inbox_messages')
        .select('id')
        .where('recipient_id', '=', context.recipientId)
        .where('created_at', '>=', since)
        .execute())
        sentMessages.add(row.id);

      const raw = reply.raw;
      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write('retry: 3000\n\n');
      const send = (signal: PortalSignal): void => {
        raw.write(`event: ${signal.type}\ndata: ${JSON.stringify(signal)}\n\n`);
      };

      let ended = false;
      let checking: Promise<void> | undefined;
      let again = false;
      const check = async (): Promise<void> => {
        const [messages, requests] = await Promise.all([
          db
            .selectFrom('inbox_messages')
            .select('id')
            .where('recipient_id', '=', context.recipientId)
            .where('created_at', '>=', since)
            .orderBy('created_at')
            .execute(),
          db
            .selectFrom('payment_requests')
            .select(['id', 'kind'])
            .where('recipient_id', '=', context.recipientId)
            .where('status', '=', 'pending')
            .where('expires_at', '>', deps.now())
            .orderBy('created_at')
            .execute(),
        ]);
        if (ended) return;
        for (const message of messages) {
          if (sentMessages.has(message.id)) continue;
          sentMessages.add(message.id);
          send({ type: 'inbox', messageId: message.id });
        }
        for (const request of requests) {
          if (sentRequests.has(request.id)) continue;
          sentRequests.add(request.id);
          send({ type: 'request', requestId: request.id, kind: request.kind });
        }
      };
      const wake = (): void => {
        if (ended) return;
        if (checking) {
          again = true;
          return;
        }
        checking = check()
          .catch(() => undefined)
          .finally(() => {
            checking = undefined;
            if (again) {
              again = false;
              wake();
            }
          });
      };

      const end = (): void => {
        if (ended) return;
        ended = true;
        unsubscribe();
        clearInterval(heartbeat);
        open.delete(end);
        raw.end();
      };
      const unsubscribe = deps.notifier.subscribe(portalChannel(context.recipientId), wake);
      const heartbeat = setInterval(() => {
        raw.write(': ping\n\n');
        // A stream lives no longer than its session (logout, expiry).
        void recipientRepository.findSession(db, context.tokenHash).then(
          (row) => {
            if (!row || row.revoked_at !== null || deps.now() >= Number(row.expires_at)) end();
            else wake();
          },
          () => undefined,
        );
      }, options.heartbeatMs ?? HEARTBEAT_MS);
      heartbeat.unref();
      open.add(end);
      raw.on('close', end);
      wake();
    },
  };
}
