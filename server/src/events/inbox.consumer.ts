/**
 * 알림함 (the recipient's inbox, SPEC §5.2 / §5.7): one message per payment or cancellation, with
 * what the seed's notification shows — 기관명, 제공자명, 서비스코드, 승인번호, 서비스일자, 결제금액,
 * 잔액. Idempotent by event id (a unique column), so a redelivered event adds nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import { eventRepository, type DomainEventRow } from './event.repository';
import type { PaymentApprovedPayload } from './domain-events';
import type { EventConsumer } from './relay';

export interface InboxPayload {
  readonly institutionName: string;
  readonly workerName: string;
  readonly serviceCode: string;
  readonly approvalNumber: string;
  readonly serviceDate: string;
  readonly amountKrw: number;
  readonly balanceKrw: number;
}

const NOTIFIED = new Set(['payment.approved', 'payment.cancelled']);

async function namesById(db: Db, table: 'institutions' | 'workers', ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom(table)
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

export const inboxConsumer: EventConsumer = {
  name: 'inbox',
  async handle(trx: Db, events: readonly DomainEventRow[]): Promise<void> {
    const notified = events.filter((event) => NOTIFIED.has(event.kind));
    if (notified.length === 0) return;
    const payloads = notified.map((event) => JSON.parse(event.payload) as PaymentApprovedPayload);
    const [institutions, workers] = await Promise.all([
      namesById(
        trx,
        'institutions',
        notified.flatMap((event) => event.institution_id ?? []),
      ),
      namesById(
        trx,
        'workers',
        payloads.map((payload) => payload.workerId),
      ),
    ]);
    await eventRepository.insertInboxMessages(
      trx,
      notified.map((event, index) => {
        const payload = payloads[index]!;
        const message: InboxPayload = {
          institutionName: institutions.get(event.institution_id ?? '') ?? '',
          workerName: workers.get(payload.workerId) ?? '',
          serviceCode: payload.serviceCode,
          approvalNumber: payload.approvalNumber,
          serviceDate: payload.serviceDate,
          amountKrw: payload.amountKrw,
          balanceKrw: payload.balanceKrw,
        };
        return {
          id: randomUUID(),
          event_id: event.id,
          recipient_id: event.recipient_id,
          kind: event.kind,
          payload: JSON.stringify(message),
          created_at: Number(event.recorded_at),
          read_at: null,
        };
      }),
    );
  },
};
