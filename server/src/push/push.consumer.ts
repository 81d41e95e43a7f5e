/**
 * Web Push of payments and cancellations (SPEC §5.6, §8): after the 알림함 consumer wrote its
 * message, in the same relay transaction, one push per subscription of the recipient is queued
 * (push_deliveries, unique by subscription and event). The payload says only which inbox message
 * to fetch — never a name or an amount. The push sender sends them after the commit.
 */
import type { PortalSignal } from '../../../src/domain/portal';
import type { DomainEventRow } from '../events/event.repository';
import type { Notifier } from '../events/notifier';
import type { EventConsumer } from '../events/relay';
import { pushRepository } from './push.repository';

export const PUSH_CHANNEL = 'push';
const NOTIFIED = new Set(['payment.approved', 'payment.cancelled']);

export function pushConsumer(notifier: Notifier, now: () => number): EventConsumer {
  return {
    name: 'push',
    async handle(trx, events: readonly DomainEventRow[]) {
      const notified = events.filter((event) => NOTIFIED.has(event.kind));
      if (notified.length === 0) return;
      const messages = await trx
        .selectFrom('inbox_messages')
        .select(['id', 'event_id'])
        .where(
          'event_id',
          'in',
          notified.map((event) => event.id),
        )
        .execute();
      const messageOf = new Map(messages.map((message) => [message.event_id, message.id]));
      await pushRepository.queue(
        trx,
        notified.flatMap((event) => {
          const messageId = messageOf.get(event.id);
          if (!messageId) return [];
          const signal: PortalSignal = { type: 'inbox', messageId };
          return [{ recipientId: event.recipient_id, dedupeKey: event.id, payload: JSON.stringify(signal) }];
        }),
        now(),
      );
    },
    afterCommit() {
      notifier.publish(PUSH_CHANNEL);
    },
  };
}
