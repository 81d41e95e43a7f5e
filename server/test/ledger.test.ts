/**
 * The ledger Book (the one module that changes a balance), the append-only money tables, and the
 * domain events every committed money change writes — on SQLite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_BATCH_PATH } from '../../src/domain/offline';
import type { Receipt } from '../../src/domain/wire';
import { eventRepository } from '../src/events/event.repository';
import type { InboxPayload } from '../src/events/inbox.consumer';
import { startEventRelay } from '../src/events/relay';
import { inProcessNotifier } from '../src/events/notifier';
import { LedgerConflict, openBook, type EntryDetails } from '../src/ledger/ledger';
import { amountCapture } from './offline-payments';
import { paymentRequest } from './online-payments';
import { databases, TestContext } from './test-context';

/** A payment row the ledger entries below can point at (ledger_entries.payment_id is a foreign key). */
async function insertPaymentRow(ctx: TestContext, voucherId: string, amountKrw: number): Promise<string> {
  // A real card read gives the row its worker, terminal and lookup; the row itself is written by hand.
  const screen = await ctx.lookup(await ctx.login(), 'rcp-08');
  const lookup = await ctx.db.selectFrom('lookups').selectAll().where('id', '=', screen.lookupId).executeTakeFirstOrThrow();
  const id = randomUUID();
  await ctx.db
    .insertInto('payments')
    .values({
      id,
      request_hash: 'test',
      approval_number: null,
      voucher_id: voucherId,
      worker_id: lookup.worker_id,
      terminal_id: lookup.terminal_id,
      institution_id: 'inst-seongnam',
      lookup_id: lookup.id,
      open_service_id: null,
      program_id: 'parent-counseling',
      method: 'card',
      mode: 'normal',
      card_read: 'nfc',
      service_start_at: ctx.clock.now(),
      service_end_at: ctx.clock.now(),
      service_date: '2026-03-10',
      minutes_by_type: '{}',
      amount_krw: amountKrw,
      status: 'approved',
      refusal_code: null,
      device_at: ctx.clock.now(),
      recorded_at: ctx.clock.now(),
      reason: null,
      review_reasons: null,
    })
    .execute();
  return id;
}

const details = (paymentId: string): EntryDetails => ({
  paymentId,
  institutionId: 'inst-seongnam',
  event: { kind: 'payment.approved', payload: (balanceKrw) => ({ paymentId, balanceKrw }) },
});

describe.each(databases)('ledger Book on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create(kind);
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('debits what the balance covers, refuses the rest in memory, and writes one UPDATE, entries and events on commit', async () => {
    const voucherId = ctx.voucherIdOf('rcp-08');
    const before = await ctx.balanceOf('rcp-08');
    const [first, second] = [await insertPaymentRow(ctx, voucherId, 1), await insertPaymentRow(ctx, voucherId, 1)];
    const eventsBefore = await ctx.db.selectFrom('domain_events').select('id').execute();
    await ctx.db.transaction().execute(async (trx) => {
      const book = await openBook(trx, [voucherId]);
      expect(book.debit(voucherId, 60_000, details(first))).toBe(before.balanceKrw - 60_000);
      // More than is left: refused in memory, nothing posted for it.
      expect(book.debit(voucherId, before.balanceKrw, details(second))).toBeUndefined();
      expect(book.credit(voucherId, 10_000, { ...details(first), event: { kind: 'payment.cancelled', payload: () => ({}) } })).toBe(
        before.balanceKrw - 50_000,
      );
      await book.commit(ctx.clock.now());
    });
    expect(await ctx.balanceOf('rcp-08')).toEqual({ balanceKrw: before.balanceKrw - 50_000, ledgerSumKrw: before.balanceKrw - 50_000 });
    const entries = await ctx.db
      .selectFrom('ledger_entries')
      .select(['kind', 'delta_krw', 'balance_after_krw'])
      .where('payment_id', '=', first)
      .execute();
    expect(entries.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'cancel', delta_krw: 10_000, balance_after_krw: before.balanceKrw - 50_000 },
      { kind: 'payment', delta_krw: -60_000, balance_after_krw: before.balanceKrw - 60_000 },
    ]);
    expect(await ctx.db.selectFrom('ledger_entries').select('id').where('payment_id', '=', second).execute()).toEqual([]);
    const events = await ctx.db
      .selectFrom('domain_events')
      .select(['kind', 'payment_id', 'recipient_id'])
      .where('id', 'not in', eventsBefore.map((e) => e.id).concat('-'))
      .execute();
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.payment_id === first && e.recipient_id === 'rcp-08')).toBe(true);
  });

  it('fails the commit with LedgerConflict when the balance changed under the book, and leaves no entry or event', async () => {
    const voucherId = ctx.voucherIdOf('rcp-08');
    const paymentId = await insertPaymentRow(ctx, voucherId, 1);
    const before = await ctx.balanceOf('rcp-08');
    const eventCount = await eventRepository.queuedCount(ctx.db);
    const attempt = ctx.db.transaction().execute(async (trx) => {
      const book = await openBook(trx, [voucherId]);
      book.debit(voucherId, 1_000, details(paymentId));
      // What another process could do between the read and the write on SQLite (PostgreSQL's row lock prevents it).
      await trx
        .updateTable('vouchers')
        .set({ balance_krw: before.balanceKrw - 1 })
        .where('id', '=', voucherId)
        .execute();
      await book.commit(ctx.clock.now());
    });
    await expect(attempt).rejects.toBeInstanceOf(LedgerConflict);
    expect(await ctx.balanceOf('rcp-08')).toEqual(before);
    expect(await ctx.db.selectFrom('ledger_entries').select('id').where('payment_id', '=', paymentId).execute()).toEqual([]);
    expect(await eventRepository.queuedCount(ctx.db)).toBe(eventCount);
  });

  it.each(['ledger_entries', 'payments', 'cancellations', 'domain_events'] as const)(
    'refuses UPDATE and DELETE on %s: the money history is append-only in the database itself',
    async (table) => {
      // A row to aim at (cancellations may be empty: then the statement itself must still be refused
      // for any row, so one is made by cancelling a fresh payment).
      if (table === 'cancellations') {
        const cookie = await ctx.login();
        const screen = await ctx.lookup(cookie, 'rcp-07');
        const paid = (await ctx.post('/api/payments', paymentRequest(screen.lookupId, 1_000, ctx.clock.now()), { cookie })).json<Receipt>();
        const cancelled = await ctx.post(
          '/api/payments/cancel',
          { cancelId: randomUUID(), target: { by: 'paymentId', paymentId: paid.paymentId }, deviceAt: ctx.clock.now() },
          { cookie },
        );
        expect(cancelled.statusCode).toBe(200);
      }
      const before = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.db);
      expect(Number(before.rows[0]!.n)).toBeGreaterThan(0);
      await expect(sql`update ${sql.table(table)} set recorded_at = recorded_at + 1`.execute(ctx.db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from ${sql.table(table)}`.execute(ctx.db)).rejects.toThrow(/append-only/);
      const after = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.db);
      expect(Number(after.rows[0]!.n)).toBe(Number(before.rows[0]!.n));
    },
  );
});

describe.each(databases)('domain events on %s', (kind) => {
  let ctx: TestContext;
  let cookie: string;
  beforeAll(async () => {
    // The app's own relay is off: these tests drive delivery themselves.
    ctx = await TestContext.create(kind, { eventRelay: false });
    cookie = await ctx.login();
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('writes one payment event per approval, online and synced, and none for a refusal', async () => {
    const screen = await ctx.lookup(cookie, 'rcp-06');
    const online = paymentRequest(screen.lookupId, 5_000, ctx.clock.now());
    expect((await ctx.post('/api/payments', online, { cookie })).statusCode).toBe(200);
    // A retry of the same payment is answered, not charged: no second event.
    expect((await ctx.post('/api/payments', online, { cookie })).statusCode).toBe(200);
    const synced = amountCapture('rcp-06', 4_000, ctx.clock.now(), { serviceStartAt: ctx.clock.now() });
    const short = amountCapture('rcp-09', 50_000, ctx.clock.now(), { serviceStartAt: ctx.clock.now() });
    const batch = await ctx.post(SYNC_BATCH_PATH, { items: [synced, short], sentAt: ctx.clock.now() }, { cookie });
    expect(batch.json().results.map((r: { status: string }) => r.status)).toEqual(['approved', 'refused']);

    const events = await ctx.db
      .selectFrom('domain_events')
      .select(['payment_id', 'kind', 'payload'])
      .where('payment_id', 'in', [online.paymentId, synced.paymentId, short.paymentId])
      .execute();
    expect(events.map((e) => `${e.kind} ${e.payment_id}`).sort()).toEqual(
      [`payment.approved ${online.paymentId}`, `payment.approved ${synced.paymentId}`].sort(),
    );
    const payload = JSON.parse(events.find((e) => e.payment_id === online.paymentId)!.payload);
    expect(payload).toMatchObject({ amountKrw: 5_000, serviceCode: '070101', workerId: 'wrk-kim' });
    // Every approved payment of the whole database has its event: none is missed on any path.
    const approved = await ctx.db.selectFrom('payments').select('id').where('status', '=', 'approved').execute();
    const withEvents = new Set(
      (await ctx.db.selectFrom('domain_events').select('payment_id').where('kind', '=', 'payment.approved').execute()).map((e) => e.payment_id),
    );
    expect(approved.filter((p) => !withEvents.has(p.id))).toEqual([]);
  });

  it('delivers queued events to the inbox once, however often the relay runs, and empties the queue', async () => {
    expect(await eventRepository.queuedCount(ctx.db)).toBeGreaterThan(0);
    const notifier = inProcessNotifier();
    const relay = startEventRelay({
      db: ctx.db,
      postgres: kind === 'postgres',
      notifier,
      consumers: [(await import('../src/events/inbox.consumer')).inboxConsumer],
      now: ctx.clock.now,
      pollMs: 60_000,
    });
    await relay.drain();
    await relay.drain();
    await relay.stop();
    expect(await eventRepository.queuedCount(ctx.db)).toBe(0);
    const messages = await ctx.db.selectFrom('inbox_messages').select(['event_id', 'recipient_id', 'kind', 'payload']).execute();
    const notified = await ctx.db.selectFrom('domain_events').select('id').where('kind', 'in', ['payment.approved', 'payment.cancelled']).execute();
    expect(messages.map((m) => m.event_id).sort()).toEqual(notified.map((e) => e.id).sort());
    const payload = messages.map((m) => JSON.parse(m.payload) as InboxPayload).find((p) => p.amountKrw === 5_000)!;
    expect(payload).toMatchObject({ institutionName: '성남주간보호센터-발달', workerName: '김하늘', serviceCode: '070101' });
    expect(payload.approvalNumber).toMatch(/^\d{12}$/);

    // A redelivered event (a crash after the consumer's write, before the dequeue) adds nothing.
    const [one] = await ctx.db.selectFrom('domain_events').select(['id', 'recorded_at']).where('kind', '=', 'payment.approved').limit(1).execute();
    await ctx.db.insertInto('event_queue').values({ event_id: one!.id, available_at: 0, attempts: 0 }).execute();
    const again = startEventRelay({
      db: ctx.db,
      postgres: kind === 'postgres',
      notifier,
      consumers: [(await import('../src/events/inbox.consumer')).inboxConsumer],
      now: ctx.clock.now,
      pollMs: 60_000,
    });
    await again.drain();
    await again.stop();
    expect(await ctx.db.selectFrom('inbox_messages').select('id').where('event_id', '=', one!.id).execute()).toHaveLength(1);
  });

  it('keeps an event queued with a backoff when a consumer fails, and delivers it once the consumer recovers', async () => {
    const empty = startEventRelay({
      db: ctx.db,
      postgres: kind === 'postgres',
      notifier: inProcessNotifier(),
      consumers: [],
      now: ctx.clock.now,
      pollMs: 60_000,
    });
    await empty.drain();
    await empty.stop();
    expect(await eventRepository.queuedCount(ctx.db)).toBe(0);
    const screen = await ctx.lookup(cookie, 'rcp-07');
    const request = paymentRequest(screen.lookupId, 1_500, ctx.clock.now());
    expect((await ctx.post('/api/payments', request, { cookie })).statusCode).toBe(200);
    let failing = true;
    const seen: string[] = [];
    const consumer = {
      name: 'flaky',
      async handle(_trx: unknown, events: readonly { id: string }[]) {
        if (failing) throw new Error('push service down');
        seen.push(...events.map((e) => e.id));
      },
    };
    expect(await eventRepository.queuedCount(ctx.db)).toBe(1);
    const errors: unknown[] = [];
    const relay = startEventRelay({
      db: ctx.db,
      postgres: kind === 'postgres',
      notifier: inProcessNotifier(),
      consumers: [consumer],
      now: ctx.clock.now,
      pollMs: 60_000,
      onError: (e) => errors.push(e),
    });
    await relay.drain();
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors.map(String))).toEqual(new Set(['Error: push service down']));
    expect(await eventRepository.queuedCount(ctx.db)).toBe(1);
    const row = await ctx.db.selectFrom('event_queue').selectAll().executeTakeFirstOrThrow();
    expect(row.attempts).toBe(1);
    expect(Number(row.available_at)).toBeGreaterThan(ctx.clock.now());
    failing = false;
    await relay.drain();
    expect(seen).toEqual([]);
    ctx.clock.advance(2_000);
    await relay.drain();
    await relay.stop();
    expect(seen).toHaveLength(1);
    expect(await eventRepository.queuedCount(ctx.db)).toBe(0);
  });
});
