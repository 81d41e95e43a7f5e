/**
 * One id, one outcome (issue 7, items 3 and 5–8): a device-made id has exactly one stored outcome
 * whichever path it arrives by (POST /api/payments or a sync batch), a resend on the other path is
 * the same payment only if it means the same thing, a 정상결제 is the service of its voucher screen
 * on its terminal, and device times are never trusted past the clock tolerance.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_BATCH_PATH, SYNC_COMMANDS_PATH, type SyncBatchResponse, type SyncCommandsResponse } from '../../src/domain/offline';
import type { Receipt } from '../../src/domain/wire';
import { amountCapture } from './offline-payments';
import { paymentRequest } from './online-payments';
import { databases, KIM, MINUTE, PARK, recipient, TestContext } from './test-context';

const DAY = 24 * 60 * MINUTE;

describe.each(databases)('payment ids across paths on %s', (kind) => {
  let ctx: TestContext;
  let cookie: string;

  beforeAll(async () => {
    ctx = await TestContext.create(kind);
    cookie = await ctx.login();
  });
  afterAll(async () => {
    await ctx.close();
  });

  const sync = async (items: unknown[], as = cookie) =>
    (await ctx.post(SYNC_BATCH_PATH, { items, sentAt: ctx.clock.now() }, { cookie: as })).json<SyncBatchResponse>().results;
  const pay = (body: unknown, as = cookie) => ctx.post('/api/payments', body, { cookie: as });

  it('answers 2107 to a sync capture that reuses an online payment id for another card, and charges nothing', async () => {
    const screen = await ctx.lookup(cookie, 'rcp-07');
    const now = ctx.clock.now();
    const online = paymentRequest(screen.lookupId, 3_000, now);
    expect((await pay(online)).statusCode).toBe(200);
    const before06 = await ctx.balanceOf('rcp-06');
    // Same amount, same program model, same times — but rcp-06's card: another voucher.
    const otherCard = amountCapture('rcp-06', 3_000, now, { paymentId: online.paymentId, serviceStartAt: now });
    const [result] = await sync([otherCard]);
    expect(result).toMatchObject({ status: 'refused', code: '2107' });
    expect(await ctx.balanceOf('rcp-06')).toEqual(before06);
    // The same capture again keeps its answer: the id's outcome is the online approval, not this one.
    expect((await sync([otherCard]))[0]).toMatchObject({ status: 'refused', code: '2107' });
  });

  it('answers a sync capture of the same payment under its online id with the online approval, once', async () => {
    const screen = await ctx.lookup(cookie, 'rcp-07');
    const now = ctx.clock.now();
    const online = paymentRequest(screen.lookupId, 2_500, now);
    const receipt = (await pay(online)).json<Receipt>();
    const before = await ctx.balanceOf('rcp-07');
    const same = amountCapture('rcp-07', 2_500, now, {
      paymentId: online.paymentId,
      serviceStartAt: now,
      card: { kind: 'typed', number: recipient('rcp-07').cardNumber },
    });
    const [result] = await sync([same]);
    expect(result).toMatchObject({ status: 'approved', approvalNumber: receipt.approvalNumber, balanceKrw: receipt.balanceKrw });
    expect(await ctx.balanceOf('rcp-07')).toEqual(before);
  });

  it('keeps a sync refusal as the outcome of its id: the id reused online gets it (or 2107), never an approval', async () => {
    const now = ctx.clock.now();
    // 50,000원 on a 10,000원 voucher: refused 2101 by sync.
    const capture = amountCapture('rcp-09', 50_000, now, { serviceStartAt: now });
    expect((await sync([capture]))[0]).toMatchObject({ status: 'refused', code: '2101' });
    const before = await ctx.balanceOf('rcp-09');
    const screen = await ctx.lookup(cookie, 'rcp-09');
    // The same id online for an amount the balance covers: a different request under a known id.
    const reused = paymentRequest(screen.lookupId, 5_000, now, { paymentId: capture.paymentId });
    const online = await pay(reused);
    expect(online.statusCode).toBe(409);
    expect(online.json().code).toBe('2107');
    // The same payment online (same amount) answers the stored refusal.
    const same = paymentRequest(screen.lookupId, 50_000, now, { paymentId: capture.paymentId });
    expect((await pay(same)).json().code).toBe('2101');
    // And the original capture's resend still answers its refusal, not an approval.
    expect((await sync([capture]))[0]).toMatchObject({ status: 'refused', code: '2101' });
    expect(await ctx.balanceOf('rcp-09')).toEqual(before);
  });

  it('keeps an online refusal as the outcome of its id: a capture resent under it gets the refusal, not a charge', async () => {
    const screen = await ctx.lookup(cookie, 'rcp-09');
    const now = ctx.clock.now();
    const online = paymentRequest(screen.lookupId, 40_000, now);
    expect((await pay(online)).json().code).toBe('2101');
    const before = await ctx.balanceOf('rcp-09');
    const kept = amountCapture('rcp-09', 40_000, now, { paymentId: online.paymentId, serviceStartAt: now });
    expect((await sync([kept]))[0]).toMatchObject({ status: 'refused', code: '2101' });
    expect(await ctx.balanceOf('rcp-09')).toEqual(before);
  });

  it("answers an online resend of an approved sync capture's id with that approval when it means the same, and 2107 otherwise", async () => {
    const now = ctx.clock.now();
    // An amount program paid online is a service that ends (and starts) at the payment: the capture says the same.
    const capture = amountCapture('rcp-07', 1_200, now, { serviceStartAt: now });
    const [approved] = await sync([capture]);
    expect(approved).toMatchObject({ status: 'approved' });
    if (approved?.status !== 'approved') return;
    const before = await ctx.balanceOf('rcp-07');
    const screen = await ctx.lookup(cookie, 'rcp-07');
    const same = await pay(paymentRequest(screen.lookupId, 1_200, now, { paymentId: capture.paymentId }));
    expect(same.statusCode).toBe(200);
    expect(same.json<Receipt>()).toMatchObject({
      paymentId: capture.paymentId,
      approvalNumber: approved.approvalNumber,
      balanceKrw: approved.balanceKrw,
      amountKrw: 1_200,
    });
    // Another amount, another time, another card under the same id: another request.
    const otherCard = await ctx.lookup(cookie, 'rcp-06');
    for (const other of [
      paymentRequest(screen.lookupId, 1_300, now, { paymentId: capture.paymentId }),
      paymentRequest(screen.lookupId, 1_200, now + MINUTE, { paymentId: capture.paymentId }),
      paymentRequest(otherCard.lookupId, 1_200, now, { paymentId: capture.paymentId }),
    ]) {
      const response = await pay(other);
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('2107');
    }
    expect(await ctx.balanceOf('rcp-07')).toEqual(before);
    expect(await ctx.db.selectFrom('payments').select('id').where('id', '=', capture.paymentId).execute()).toHaveLength(1);
    // The capture's own resend still answers its approval.
    expect((await sync([capture]))[0]).toEqual(approved);
  });

  it("never lets a malformed item (1001) or another worker's command (0273) settle an id or change its stored outcome", async () => {
    const now = ctx.clock.now();
    const commands = async (items: unknown[]) =>
      (await ctx.post(SYNC_COMMANDS_PATH, { items, sentAt: ctx.clock.now() }, { cookie })).json<SyncCommandsResponse>().results;
    const outcome = (id: string) => ctx.db.selectFrom('commands').select(['status', 'code', 'recorded_at']).where('id', '=', id).executeTakeFirst();
    // One id refused (2101: more than the voucher holds), one approved, one never decided.
    const refusedCapture = amountCapture('rcp-09', 50_000, now, { serviceStartAt: now });
    const approvedCapture = amountCapture('rcp-08', 600, now, { serviceStartAt: now });
    const freshCapture = amountCapture('rcp-08', 700, now, { serviceStartAt: now });
    const [refusedAnswer, approvedAnswer] = await sync([refusedCapture, approvedCapture]);
    expect(refusedAnswer).toMatchObject({ status: 'refused', code: '2101' });
    expect(approvedAnswer).toMatchObject({ status: 'approved' });
    const stored = { refused: await outcome(refusedCapture.paymentId), approved: await outcome(approvedCapture.paymentId) };
    const before08 = await ctx.balanceOf('rcp-08');
    const before09 = await ctx.balanceOf('rcp-09');

    for (const capture of [refusedCapture, approvedCapture, freshCapture]) {
      // The same id with an unreadable body, on both sync paths; then under another worker's name.
      const broken = { ...capture, amountKrw: -1 };
      expect((await sync([broken]))[0]).toMatchObject({ paymentId: capture.paymentId, status: 'refused', code: '1001' });
      const [malformed, foreign] = await commands([
        { kind: 'payment', workerId: KIM.id, ...broken },
        { kind: 'payment', workerId: PARK.id, ...capture },
      ]);
      expect(malformed).toMatchObject({ commandId: capture.paymentId, status: 'refused', code: '1001' });
      expect(foreign).toMatchObject({ commandId: capture.paymentId, status: 'refused', code: '0273' });
    }
    // Nothing was stored or changed by those answers.
    expect(await outcome(freshCapture.paymentId)).toBeUndefined();
    expect(await outcome(refusedCapture.paymentId)).toEqual(stored.refused);
    expect(await outcome(approvedCapture.paymentId)).toEqual(stored.approved);
    expect(await ctx.balanceOf('rcp-08')).toEqual(before08);
    expect(await ctx.balanceOf('rcp-09')).toEqual(before09);

    // The original requests still get what their ids were first answered; the undecided id is
    // decided by its first readable request of its own worker, once.
    const [refusedAgain, approvedAgain, fresh] = await sync([refusedCapture, approvedCapture, freshCapture]);
    expect(refusedAgain).toEqual(refusedAnswer);
    expect(approvedAgain).toEqual(approvedAnswer);
    expect(fresh).toMatchObject({ status: 'approved', balanceKrw: before08.balanceKrw - 700 });
    expect((await sync([freshCapture]))[0]).toEqual(fresh);
    expect(await ctx.balanceOf('rcp-08')).toEqual({ balanceKrw: before08.balanceKrw - 700, ledgerSumKrw: before08.balanceKrw - 700 });
  });

  it('answers a malformed cancel under its own id only, never under the id of the payment it names', async () => {
    const now = ctx.clock.now();
    const capture = amountCapture('rcp-08', 400, now, { serviceStartAt: now });
    // A cancel without its commandId, queued before the payment it names reaches the host.
    const [cancel, payment] = await ctx
      .post(
        SYNC_COMMANDS_PATH,
        {
          items: [
            { kind: 'cancel', workerId: KIM.id, paymentId: capture.paymentId, capturedAt: now },
            { kind: 'payment', workerId: KIM.id, ...capture },
          ],
          sentAt: now,
        },
        { cookie },
      )
      .then((response) => response.json<SyncCommandsResponse>().results);
    expect(cancel).toMatchObject({ status: 'refused', code: '1001' });
    expect(cancel?.commandId).not.toBe(capture.paymentId);
    expect(payment).toMatchObject({ commandId: capture.paymentId, status: 'approved' });
  });

  it("refuses another worker's resend of an id on either path with 2107", async () => {
    const park = await ctx.login(PARK);
    const screen = await ctx.lookup(cookie, 'rcp-08');
    const now = ctx.clock.now();
    const online = paymentRequest(screen.lookupId, 1_000, now);
    expect((await pay(online)).statusCode).toBe(200);
    const parkScreen = await ctx.lookup(park, 'rcp-08');
    expect((await pay({ ...online, lookupId: parkScreen.lookupId }, park)).json().code).toBe('2107');
    const capture = amountCapture('rcp-08', 1_000, now, { paymentId: online.paymentId, serviceStartAt: now });
    expect((await sync([capture], park))[0]).toMatchObject({ status: 'refused', code: '2107' });
  });

  it("refuses a queued command of another worker than the session's with 0273, and takes the session worker's", async () => {
    const now = ctx.clock.now();
    const mine = { kind: 'payment', workerId: KIM.id, ...amountCapture('rcp-08', 700, now, { serviceStartAt: now }) };
    const theirs = { kind: 'payment', workerId: PARK.id, ...amountCapture('rcp-08', 700, now, { serviceStartAt: now }) };
    const response = await ctx.post(SYNC_COMMANDS_PATH, { items: [mine, theirs], sentAt: now }, { cookie });
    expect(response.statusCode).toBe(200);
    const { results } = response.json<SyncCommandsResponse>();
    expect(results.map((r) => r.status)).toEqual(['approved', 'refused']);
    expect(results[1]).toMatchObject({ commandId: theirs.paymentId, code: '0273' });
  });
});

describe.each(databases)('normal payments are now, on their own voucher screen, on %s', (kind) => {
  let ctx: TestContext;
  let cookie: string;

  beforeAll(async () => {
    ctx = await TestContext.create(kind);
    cookie = await ctx.login();
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('refuses a 정상결제 dated before its voucher screen (40 days ago, or at the epoch) and charges nothing', async () => {
    const screen = await ctx.lookup(cookie, 'rcp-06');
    const before = await ctx.balanceOf('rcp-06');
    const now = ctx.clock.now();
    const old = await ctx.post('/api/payments', paymentRequest(screen.lookupId, 5_000, now, { serviceEndAt: now - 40 * DAY }), { cookie });
    expect(old.statusCode).toBe(400);
    expect(old.json()).toMatchObject({ code: '2114' });
    expect(old.json().message).toMatch(/소급결제/);
    // Not a real time at all: malformed at the schema.
    const epoch = await ctx.post('/api/payments', paymentRequest(screen.lookupId, 5_000, now, { serviceEndAt: 0 }), { cookie });
    expect(epoch.json().code).toBe('1001');
    expect(await ctx.balanceOf('rcp-06')).toEqual(before);
    // The same screen still pays the service of now.
    expect((await ctx.post('/api/payments', paymentRequest(screen.lookupId, 5_000, now), { cookie })).statusCode).toBe(200);
  });

  it('ties a voucher screen to the terminal that read the card: the same worker on another terminal gets 2106', async () => {
    const otherTerminal = await ctx.login(KIM);
    const screen = await ctx.lookup(cookie, 'rcp-06');
    const before = await ctx.balanceOf('rcp-06');
    const elsewhere = await ctx.post('/api/payments', paymentRequest(screen.lookupId, 1_000, ctx.clock.now()), { cookie: otherTerminal });
    expect(elsewhere.json().code).toBe('2106');
    const start = await ctx.lookup(cookie, 'rcp-01');
    const started = await ctx.post('/api/services/start', { lookupId: start.lookupId, deviceAt: ctx.clock.now() }, { cookie: otherTerminal });
    expect(started.json().code).toBe('2106');
    expect(await ctx.balanceOf('rcp-06')).toEqual(before);
  });
});

describe.each(databases)('device times in sync captures on %s', (kind) => {
  let ctx: TestContext;
  let cookie: string;

  beforeAll(async () => {
    ctx = await TestContext.create(kind);
    cookie = await ctx.login();
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('refuses a huge or future time alone and applies the good items beside it', async () => {
    const now = ctx.clock.now();
    const good = amountCapture('rcp-07', 900, now, { serviceStartAt: now });
    const huge = amountCapture('rcp-07', 900, now, { serviceStartAt: Number.MAX_SAFE_INTEGER });
    const future = amountCapture('rcp-07', 900, now, { capturedAt: Number.MAX_SAFE_INTEGER });
    const tomorrow = amountCapture('rcp-07', 900, now + DAY, { serviceStartAt: now + DAY });
    const endAfterCapture = amountCapture('rcp-07', 900, now - 60 * MINUTE, { serviceStartAt: now - 60 * MINUTE, serviceEndAt: now });
    const response = await ctx.post(SYNC_BATCH_PATH, { items: [huge, good, future, tomorrow, endAfterCapture], sentAt: now }, { cookie });
    expect(response.statusCode).toBe(200);
    const { results } = response.json<SyncBatchResponse>();
    expect(results.map((r) => (r.status === 'approved' ? 'approved' : r.code))).toEqual(['1001', 'approved', '1001', '0101', '2111']);
    expect(
      await ctx.db.selectFrom('payments').select('id').where('id', 'in', [huge.paymentId, future.paymentId, tomorrow.paymentId]).execute(),
    ).toEqual([]);
    // Past the clock tolerance no longer: the same capture a day later (the clock caught up) is still refused — its id has an outcome.
    ctx.clock.advance(DAY + MINUTE);
    const [again] = (await ctx.post(SYNC_BATCH_PATH, { items: [tomorrow], sentAt: ctx.clock.now() }, { cookie })).json<SyncBatchResponse>().results;
    expect(again).toMatchObject({ status: 'refused', code: '0101' });
  });

  it('answers a command with an unknown id field shape as 1001 without failing the batch', async () => {
    const now = ctx.clock.now();
    const good = amountCapture('rcp-07', 800, now, { serviceStartAt: now });
    const response = await ctx.post(SYNC_BATCH_PATH, { items: [{ paymentId: randomUUID(), programId: 'x\u0000' }, good], sentAt: now }, { cookie });
    expect(response.statusCode).toBe(200);
    expect(response.json<SyncBatchResponse>().results.map((r) => r.status)).toEqual(['refused', 'approved']);
  });
});
