import { describe, expect, it } from 'vitest';
import { MAX_BATCH_ITEMS, SYNC_COMMANDS_PATH } from '../domain/offline';
import { writeMeta, type DeviceDb } from '../db/db';
import { enqueuePayment } from './enqueue';
import { listPending } from './listPending';
import { findVoucherByCard } from './findVoucherByCard';
import { MAX_TURN_WAITS_PER_RUN, syncIfPossible, throwUnlessFinished, type SyncOptions } from './syncIfPossible';
import { syncStatus } from './syncStatus';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelayMs, hostRetryDelayMs, MAX_TURN_JITTER_MS } from './backoff';
import { retryAfterExactMs } from './sendBatch';
import { retryAfterMs } from '../api/host';
import type { LockRequester } from './syncLock';
import { deviceOnFakeHost, makePayment } from './fakeHost.testkit';

const T0 = Date.UTC(2025, 5, 2, 3, 0);

async function setup() {
  const device = await deviceOnFakeHost(T0);
  const { db, host, now } = device;
  const options: SyncOptions = { transport: host.transport, now, random: () => 0.5 };
  const capture = async (overrides: Parameters<typeof makePayment>[0] = {}) => {
    const payment = makePayment({ capturedAt: now(), ...overrides });
    const result = await enqueuePayment(db, payment, { now });
    if (!result.ok) throw new Error(`capture refused: ${result.code}`);
    return payment;
  };
  return { ...device, options, capture };
}

describe('syncIfPossible', () => {
  it('moves approved payments from the outbox to receipts and takes the host balance', async () => {
    const { db, host, options, capture } = await setup();
    const a = await capture({ amountKrw: 10_000 });
    const b = await capture({ amountKrw: 20_000 });

    const summary = await syncIfPossible(db, options);

    expect(summary).toEqual({ sent: 2, approved: 2, refused: 0, remaining: 0 });
    expect(await db.commands.count()).toBe(0);
    const receipts = await db.receipts.toArray();
    expect(receipts.map((r) => r.paymentId).sort()).toEqual([a.paymentId, b.paymentId].sort());
    for (const receipt of receipts) {
      const answer = host.answers.get(receipt.paymentId);
      expect(answer?.status === 'approved' && answer.approvalNumber).toBe(receipt.approvalNumber);
      expect(receipt.recipientMasked).toBe('김**');
    }
    expect(await findVoucherByCard(db, 'activity-support', { kind: 'nfc', token: 'card-token-0001' })).toMatchObject({
      balanceKrw: 70_000,
      provisionalBalanceKrw: 70_000,
      provisional: false,
    });
    expect((await syncStatus(db)).lastSyncAt).toBe(T0);
  });

  it('keeps a refused payment with the host code and message, and charges nothing', async () => {
    const { db, host, options, capture } = await setup();
    const payment = await capture({ amountKrw: 9_000, cardToken: 'card-token-0002' });

    const summary = await syncIfPossible(db, options);

    expect(summary).toMatchObject({ sent: 1, approved: 0, refused: 1, remaining: 0 });
    const item = await db.commands.get(payment.paymentId);
    expect(item).toMatchObject({ syncState: 'refused', refusal: { code: '2101', message: '바우처 잔액이 부족합니다.' } });
    expect((await syncStatus(db)).refused.map((r) => r.id)).toEqual([payment.paymentId]);
    expect(host.ledger).toHaveLength(0);
    expect((await db.vouchers.get('v2'))?.provisionalBalanceKrw).toBe(5_000);
  });

  it('leaves items queued when the answer is lost, and the retry gets the same approval numbers', async () => {
    const { db, host, options, capture, advance } = await setup();
    const payments = [await capture(), await capture(), await capture()];
    host.faults.push({ kind: 'drop-response' });

    const first = await syncIfPossible(db, options);
    expect(first).toMatchObject({ sent: 3, approved: 0, remaining: 3, error: { code: '0104' } });
    expect((await listPending(db)).map((item) => [item.syncState, item.attempts])).toEqual([
      ['queued', 1],
      ['queued', 1],
      ['queued', 1],
    ]);
    const approvalsOnHost = new Map([...host.answers].map(([id, answer]) => [id, answer.status === 'approved' ? answer.approvalNumber : '']));
    expect((await syncStatus(db)).lastError).toMatchObject({ code: '0104', at: T0 });

    advance(BACKOFF_CAP_MS);
    const second = await syncIfPossible(db, options);
    expect(second).toMatchObject({ sent: 3, approved: 3, remaining: 0 });
    for (const payment of payments) {
      expect((await db.receipts.get(payment.paymentId))?.approvalNumber).toBe(approvalsOnHost.get(payment.paymentId));
    }
    expect(host.ledger).toHaveLength(3);
    expect(host.vouchers.get('v1')?.balanceKrw).toBe(70_000);
  });

  it('requeues on 5xx with an exponential backoff that stays under the cap', async () => {
    const { db, host, capture, now, advance } = await setup();
    const payment = await capture();
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      host.faults.push({ kind: 'status', status: 503, code: '9999' });
      const summary = await syncIfPossible(db, { transport: host.transport, now, random: () => 0.999999 });
      expect(summary.error?.code).toBe('9999');
      const item = await db.commands.get(payment.paymentId);
      expect(item).toMatchObject({ syncState: 'queued', attempts: attempt });
      delays.push((item?.nextAttemptAt ?? 0) - now());
      advance(BACKOFF_CAP_MS);
    }
    expect(delays.slice(0, 4)).toEqual([1_999, 3_999, 7_999, 15_999]);
    expect(Math.max(...delays)).toBeLessThan(BACKOFF_CAP_MS);
    expect(delays.slice(-2)).toEqual([BACKOFF_CAP_MS - 1, BACKOFF_CAP_MS - 1]);
    expect(host.ledger).toHaveLength(0);
  });

  it('does not send an item before its retry time', async () => {
    const { db, host, options, capture, advance } = await setup();
    await capture();
    host.faults.push({ kind: 'status', status: 500, code: '9999' });
    await syncIfPossible(db, options);
    const requests = host.batchRequests;
    expect(await syncIfPossible(db, options)).toMatchObject({ sent: 0, remaining: 1 });
    expect(host.batchRequests).toBe(requests);
    advance(BACKOFF_CAP_MS);
    expect(await syncIfPossible(db, options)).toMatchObject({ sent: 1, approved: 1 });
  });

  it('honours Retry-After on 429', async () => {
    const { db, host, capture, now } = await setup();
    const payment = await capture();
    host.faults.push({ kind: 'status', status: 429, code: '1004', retryAfter: '120' });
    const summary = await syncIfPossible(db, { transport: host.transport, now, random: () => 0 });
    expect(summary.error).toMatchObject({ code: '1004' });
    expect((await db.commands.get(payment.paymentId))?.nextAttemptAt).toBe(now() + 120_000);
  });

  it('waits out a turn the host booked in ms within the run, then sends the batch again', async () => {
    const { db, host, capture, now, advance } = await setup();
    const payment = await capture();
    host.faults.push({ kind: 'status', status: 429, code: '1004', retryAfter: '1', retryAfterMs: '300' });
    const waits: number[] = [];
    const retryAts: Array<number | undefined> = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      retryAts.push((await db.commands.get(payment.paymentId))?.nextAttemptAt);
      advance(ms);
    };
    const summary = await syncIfPossible(db, { transport: host.transport, now, random: () => 0.5, sleep });
    // The turn plus half of its jitter: a tenth of 300 ms.
    expect(waits).toEqual([315]);
    expect(retryAts).toEqual([now()]);
    expect(summary).toEqual({ sent: 1, approved: 1, refused: 0, remaining: 0 });
    expect(host.batchRequests).toBe(2);
  });

  it('follows a booked turn without the exponential backoff of earlier failures, and leaves a far one to the next trigger', async () => {
    const { db, host, capture, now } = await setup();
    const payment = await capture();
    await db.commands.update(payment.paymentId, { attempts: 6 });
    host.faults.push({ kind: 'status', status: 429, code: '1004', retryAfter: '45', retryAfterMs: '44100' });
    const sleep = async () => {
      throw new Error('a turn this far is not waited for within the run');
    };
    const summary = await syncIfPossible(db, { transport: host.transport, now, random: () => 1, sleep });
    expect(summary.error).toMatchObject({ code: '1004' });
    // Not up to 2 s × 2^6 of backoff: the turn, and at most MAX_TURN_JITTER_MS more.
    expect(await db.commands.get(payment.paymentId)).toMatchObject({
      syncState: 'queued',
      attempts: 7,
      nextAttemptAt: now() + 44_100 + MAX_TURN_JITTER_MS,
    });
  });

  it('gives up waiting within a run after MAX_TURN_WAITS_PER_RUN turns', async () => {
    const { db, host, capture, now, advance } = await setup();
    await capture();
    for (let i = 0; i <= MAX_TURN_WAITS_PER_RUN; i += 1) host.faults.push({ kind: 'status', status: 429, code: '1004', retryAfterMs: '100' });
    let waits = 0;
    const sleep = async (ms: number) => {
      waits += 1;
      advance(ms);
    };
    const summary = await syncIfPossible(db, { transport: host.transport, now, random: () => 0, sleep });
    expect(waits).toBe(MAX_TURN_WAITS_PER_RUN);
    expect(summary).toMatchObject({ approved: 0, remaining: 1, error: { code: '1004' } });
    expect(host.batchRequests).toBe(MAX_TURN_WAITS_PER_RUN + 1);
  });

  it('stops on an expired session and keeps everything queued without counting an attempt', { timeout: 30_000 }, async () => {
    const { db, host, options, capture } = await setup();
    await raiseLimits(db);
    for (let i = 0; i < MAX_BATCH_ITEMS + 5; i += 1) await capture({ amountKrw: 100, capturedAt: T0 - i });
    host.faults.push({ kind: 'status', status: 401, code: '1003' });
    const summary = await syncIfPossible(db, options);
    expect(summary).toMatchObject({ sent: MAX_BATCH_ITEMS, approved: 0, remaining: MAX_BATCH_ITEMS + 5, error: { code: '1003' } });
    expect(host.batchRequests).toBe(1);
    const items = await listPending(db);
    expect(items.every((item) => item.syncState === 'queued' && item.attempts === 0)).toBe(true);
    expect((await syncStatus(db)).lastError?.code).toBe('1003');
  });

  it('requeues the batch when the answer breaks the contract', async () => {
    const { db, host, options, capture } = await setup();
    await capture();
    host.faults.push({ kind: 'garbage' });
    expect(await syncIfPossible(db, options)).toMatchObject({ approved: 0, remaining: 1, error: { code: '9999' } });
    expect((await listPending(db))[0]).toMatchObject({ syncState: 'queued', attempts: 1 });
  });

  it('changes only the items the answer names; the others go back to the queue', async () => {
    const { db, host, options, capture, advance } = await setup();
    const first = await capture();
    advance(1);
    const second = await capture();
    host.faults.push({ kind: 'answer-only-first' });
    expect(await syncIfPossible(db, options)).toMatchObject({ sent: 2, approved: 1, remaining: 1 });
    expect(await db.receipts.get(first.paymentId)).toBeDefined();
    expect(await db.commands.get(second.paymentId)).toMatchObject({ syncState: 'queued', attempts: 1 });
    advance(BACKOFF_CAP_MS);
    expect(await syncIfPossible(db, options)).toMatchObject({ sent: 1, approved: 1, remaining: 0 });
    expect(host.ledger).toHaveLength(2);
  });

  it('ignores answers about payments it did not send', async () => {
    const { db, options, capture } = await setup();
    const sent = await capture();
    const stranger = crypto.randomUUID();
    const transport: typeof options.transport = async (_url, init) => {
      const body = JSON.parse(String(init.body)) as { items: Array<{ paymentId: string }> };
      const results = [stranger, ...body.items.map((item) => item.paymentId)].map((commandId) => ({
        commandId,
        status: 'refused',
        code: '2101',
        message: '잔액 부족',
      }));
      return new Response(JSON.stringify({ results, hostNow: T0 }), { status: 200 });
    };
    await syncIfPossible(db, { ...options, transport });
    expect(await db.commands.get(sent.paymentId)).toMatchObject({ syncState: 'refused' });
    expect(await db.commands.count()).toBe(1);
  });

  it('sends oldest captures first in batches of at most MAX_BATCH_ITEMS', async () => {
    const { db, host, options, capture } = await setup();
    const bodies: Array<{ items: Array<{ capturedAt: number }>; sentAt: number }> = [];
    const transport: typeof options.transport = async (url, init) => {
      expect(url).toBe(SYNC_COMMANDS_PATH);
      expect(init.credentials).toBe('same-origin');
      expect(new Headers(init.headers).get('x-app-version')).toBeTruthy();
      bodies.push(JSON.parse(String(init.body)));
      return host.transport(url, init);
    };
    await raiseLimits(db);
    for (let i = 0; i < 2 * MAX_BATCH_ITEMS + 10; i += 1) await capture({ amountKrw: 100, capturedAt: T0 - 1_000 + ((i * 37) % 500) });
    const summary = await syncIfPossible(db, { ...options, transport });
    expect(summary).toMatchObject({ sent: 210, approved: 210, remaining: 0 });
    expect(bodies.map((body) => body.items.length)).toEqual([MAX_BATCH_ITEMS, MAX_BATCH_ITEMS, 10]);
    const order = bodies.flatMap((body) => body.items.map((item) => item.capturedAt));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  }, 30_000);

  it('resends items a dead run left in sending', async () => {
    const { db, host, options, capture } = await setup();
    const payment = await capture();
    await db.commands.update(payment.paymentId, { syncState: 'sending', firstSentAt: T0 });
    expect(await syncIfPossible(db, options)).toMatchObject({ sent: 1, approved: 1, remaining: 0 });
    expect(host.ledger.map((line) => line.paymentId)).toEqual([payment.paymentId]);
  });

  it('merges concurrent calls: each item is in one request at a time and charged once', async () => {
    const { db, host, options, capture } = await setup();
    for (let i = 0; i < 5; i += 1) await capture({ amountKrw: 1_000 });
    const summaries = await Promise.all([syncIfPossible(db, options), syncIfPossible(db, options), syncIfPossible(db, options)]);
    expect(summaries.reduce((sum, s) => sum + s.approved, 0)).toBe(5);
    expect(host.overlapping).toEqual([]);
    expect(host.ledger).toHaveLength(5);
    // Three calls: the running one and exactly one merged follow-up.
    expect(summaries[1]).toBe(summaries[2]);
  });

  it('runs one syncer at a time across two connections (tabs) to the same database', async () => {
    const { db, reopen, host, options, capture } = await setup();
    for (let i = 0; i < 5; i += 1) await capture({ amountKrw: 1_000 });
    const otherTab = reopen();
    const summaries = await Promise.all([syncIfPossible(db, options), syncIfPossible(otherTab, options)]);
    expect(summaries.reduce((sum, s) => sum + s.approved, 0)).toBe(5);
    expect(host.overlapping).toEqual([]);
    expect(host.ledger).toHaveLength(5);
  });

  it('takes the Web Lock evoucher-sync, and waits for it when another context holds it', async () => {
    const { db, options, capture } = await setup();
    await capture();
    const calls: Array<{ name: string; ifAvailable: boolean | undefined }> = [];
    let heldElsewhere = true;
    const locks: LockRequester = {
      async request(name, requestOptions, callback) {
        calls.push({ name, ifAvailable: requestOptions.ifAvailable });
        if (requestOptions.ifAvailable === true && heldElsewhere) {
          heldElsewhere = false;
          return callback(null);
        }
        return callback({ name });
      },
    };
    expect(await syncIfPossible(db, { ...options, locks })).toMatchObject({ approved: 1 });
    expect(calls).toEqual([
      { name: 'evoucher-sync', ifAvailable: true },
      { name: 'evoucher-sync', ifAvailable: undefined },
    ]);
  });

  it('reports a database failure mid-run, and the next run resends what it left', async () => {
    const { db, reopen, host, options, capture } = await setup();
    const payment = await capture();
    const transport: typeof options.transport = async (url, init) => {
      db.close();
      return host.transport(url, init);
    };
    const summary = await syncIfPossible(db, { ...options, transport });
    expect(summary.error?.code).toBe('9999');

    const restarted = reopen();
    expect(await syncIfPossible(restarted, options)).toMatchObject({ sent: 1, approved: 1, remaining: 0 });
    expect(await restarted.receipts.get(payment.paymentId)).toMatchObject({ approvalNumber: expect.stringMatching(/^\d{12}$/) });
    expect(host.ledger).toHaveLength(1);
  });
});

describe('the service worker sync event', () => {
  it('rejects while work is left or the run stopped on an error, so Background Sync tries again, and resolves once all is sent', async () => {
    const { db, host, options, capture } = await setup();
    await capture();
    host.online = false;
    const offline = await syncIfPossible(db, options);
    expect(() => throwUnlessFinished(offline)).toThrow(/0104/);
    host.online = true;
    host.faults.push({ kind: 'answer-only-first' });
    await capture();
    const partly = await syncIfPossible(db, { ...options, now: () => T0 + BACKOFF_CAP_MS * 2 });
    expect(partly.remaining).toBeGreaterThan(0);
    expect(() => throwUnlessFinished(partly)).toThrow(/waiting/);
    const done = await syncIfPossible(db, { ...options, now: () => T0 + BACKOFF_CAP_MS * 4 });
    expect(done).toMatchObject({ remaining: 0 });
    expect(() => throwUnlessFinished(done)).not.toThrow();
  });
});

describe('backoff', () => {
  it('grows exponentially from 2 s with full jitter and caps at 5 minutes', () => {
    expect(backoffDelayMs(1, () => 0.999999)).toBe(BACKOFF_BASE_MS - 1);
    expect(backoffDelayMs(3, () => 0.5)).toBe(4_000);
    expect(backoffDelayMs(50, () => 0.999999)).toBe(BACKOFF_CAP_MS - 1);
    expect(backoffDelayMs(4, () => 0)).toBe(0);
  });

  it('reads Retry-After-Ms as a wait in ms, bounded to an hour, and nothing else', () => {
    expect(retryAfterExactMs('250')).toBe(250);
    expect(retryAfterExactMs('12.6')).toBe(13);
    expect(retryAfterExactMs('99999999')).toBe(3_600_000);
    expect(retryAfterExactMs('-5')).toBeNull();
    expect(retryAfterExactMs('soon')).toBeNull();
    expect(retryAfterExactMs('')).toBeNull();
    expect(retryAfterExactMs(null)).toBeNull();
  });

  it('spreads a booked turn by at most a tenth and MAX_TURN_JITTER_MS, and whole seconds by up to half again', () => {
    expect(hostRetryDelayMs(1_000, true, () => 0.999)).toBe(1_100);
    expect(hostRetryDelayMs(10_000, true, () => 1)).toBe(10_000 + MAX_TURN_JITTER_MS);
    expect(hostRetryDelayMs(2_000, false, () => 1)).toBe(3_000);
    expect(hostRetryDelayMs(2_000, true, () => 0)).toBe(2_000);
  });

  it('reads Retry-After as seconds or an HTTP date, bounded to an hour', () => {
    expect(retryAfterMs('30', 0)).toBe(30_000);
    expect(retryAfterMs(new Date(T0 + 90_000).toUTCString(), T0)).toBe(90_000);
    expect(retryAfterMs('999999', 0)).toBe(3_600_000);
    expect(retryAfterMs('soon', 0)).toBeNull();
    expect(retryAfterMs(null, 0)).toBeNull();
  });
});

async function raiseLimits(db: DeviceDb): Promise<void> {
  await writeMeta(db, 'limits', { maxAgeMs: 72 * 60 * 60 * 1000, maxCount: 10_000, maxAmountKrw: 1_000_000_000 });
}
