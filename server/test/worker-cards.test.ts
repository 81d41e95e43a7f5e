/**
 * 제공인력카드 on a shared terminal (issue 9, item 2: 가사간병방문지원 is entered with the worker's
 * card, as the seed says): POST /api/cards/lookup/worker binds a voucher screen to the worker a
 * worker card names — tagged (token) or typed (number) — under the rules of the 결제 ID: 0273 for
 * a card of nobody, a revoked one, another institution's worker or one not let on this terminal,
 * leaving the screen unbound. The shared terminal's snapshot carries only hashes of the cards.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { workerCardHashInput, type DeviceSnapshot } from '../../src/domain/offline';
import type { CardRead, LookupWorker, Terminal } from '../../src/domain/wire';
import { hashPassword } from '../src/auth/password';
import { DEMO_WORKER_CARDS } from '../src/demo/demo-data';
import { shareTerminal } from '../src/terminals/terminal-admin.service';
import { paymentRequest } from './online-payments';
import { databases, KIM, PARK, TestContext } from './test-context';

const INSTITUTION = 'inst-seongnam';
const cardOf = (workerId: string) => DEMO_WORKER_CARDS.find((card) => card.workerId === workerId)!;
const KIM_CARD = cardOf(KIM.id);
const PARK_CARD = cardOf(PARK.id);
const tagged = (token: string): CardRead => ({ kind: 'nfc', token });
const typed = (number: string): CardRead => ({ kind: 'typed', number });
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe.each(databases)('제공인력카드 on %s', (kind) => {
  let ctx: TestContext;
  /** Another institution's worker whose card is live and whose 결제 ID is KIM's too (a namesake). */
  const OTHER = {
    institutionId: 'inst-other-wc',
    workerId: 'wrk-other-wc',
    paymentId: KIM.paymentId,
    token: 'EVW-other-0001',
    number: '9420000000009001',
  };
  /** A worker of ours whose card the institution revoked. */
  const REVOKED = { token: 'EVW-revoked-0001', number: '9420000000009002' };

  beforeAll(async () => {
    ctx = await TestContext.create(kind);
    const now = ctx.clock.now();
    await ctx.db.insertInto('institutions').values({ id: OTHER.institutionId, name: '다른기관', created_at: now }).execute();
    await ctx.db
      .insertInto('workers')
      .values({
        id: OTHER.workerId,
        institution_id: OTHER.institutionId,
        name: '다른인력',
        phone: '01066660021',
        password_hash: await hashPassword('other-pass1!'),
        payment_id: OTHER.paymentId,
        created_at: now,
      })
      .execute();
    await ctx.db
      .insertInto('worker_cards')
      .values([
        {
          id: 'wcard-other',
          worker_id: OTHER.workerId,
          token: OTHER.token,
          card_number: OTHER.number,
          status: 'active',
          created_at: now,
          revoked_at: null,
        },
        {
          id: 'wcard-revoked',
          worker_id: PARK.id,
          token: REVOKED.token,
          card_number: REVOKED.number,
          status: 'revoked',
          created_at: now,
          revoked_at: now,
        },
      ])
      .execute();
  });
  afterAll(async () => {
    await ctx.close();
  });

  /** A tablet: registered, signed in once by 김하늘, then made the institution's shared terminal. */
  async function sharedTablet(workers: 'all' | string[] = 'all') {
    const deviceId = randomUUID();
    const terminal = (await ctx.post('/api/terminals/register', { deviceId, model: 'Galaxy Tab A9' })).json<Terminal>();
    const cookie = await ctx.login(KIM, { deviceId, autoLogin: false });
    await shareTerminal(ctx.db, { institutionId: INSTITUTION, terminalNumber: terminal.terminalNumber, workers }, ctx.clock.now());
    return cookie;
  }
  let tablet: string;
  beforeEach(async () => {
    tablet = await sharedTablet();
  });

  const bindCard = (lookupId: string, workerCard: CardRead, cookie = tablet) =>
    ctx.post('/api/cards/lookup/worker', { lookupId, workerCard }, { cookie });
  const lookupRow = (lookupId: string) =>
    ctx.db.selectFrom('lookups').select(['worker_id', 'needs_worker']).where('id', '=', lookupId).executeTakeFirstOrThrow();

  it('binds a 가사간병방문지원 voucher screen to the worker whose card is tagged, and starts the visit as theirs', async () => {
    const voucher = await ctx.lookup(tablet, 'rcp-05');
    expect(voucher.needsWorker).toBe(true);
    const bound = await bindCard(voucher.lookupId, tagged(PARK_CARD.token));
    expect(bound.statusCode).toBe(200);
    expect(bound.json<LookupWorker>()).toEqual({ workerId: PARK.id, paymentId: PARK.paymentId, name: PARK.name, openService: null });
    expect(await lookupRow(voucher.lookupId)).toEqual({ worker_id: PARK.id, needs_worker: 0 });

    const start = await ctx.post('/api/services/start', { lookupId: voucher.lookupId, deviceAt: ctx.clock.now() }, { cookie: tablet });
    expect(start.statusCode).toBe(200);
    const row = await ctx.db.selectFrom('open_services').select('worker_id').where('lookup_id', '=', voucher.lookupId).executeTakeFirstOrThrow();
    expect(row.worker_id).toBe(PARK.id);
    await ctx.db.updateTable('open_services').set({ abandoned_at: ctx.clock.now() }).where('lookup_id', '=', voucher.lookupId).execute();
  });

  it('binds by the typed worker-card number, and the payment is recorded under that worker', async () => {
    const voucher = await ctx.lookup(tablet, 'rcp-06');
    expect((await bindCard(voucher.lookupId, typed(KIM_CARD.cardNumber))).json<LookupWorker>()).toMatchObject({ workerId: KIM.id });
    const paid = await ctx.post('/api/payments', paymentRequest(voucher.lookupId, 1_000, ctx.clock.now()), { cookie: tablet });
    expect(paid.statusCode).toBe(200);
    const payment = await ctx.db
      .selectFrom('payments')
      .select('worker_id')
      .where('id', '=', paid.json<{ paymentId: string }>().paymentId)
      .executeTakeFirstOrThrow();
    expect(payment.worker_id).toBe(KIM.id);
  });

  it('binds a voucher screen once: the same card again is fine, another worker’s card is 2106', async () => {
    const voucher = await ctx.lookup(tablet, 'rcp-05');
    expect((await bindCard(voucher.lookupId, tagged(PARK_CARD.token))).statusCode).toBe(200);
    expect((await bindCard(voucher.lookupId, typed(PARK_CARD.cardNumber))).statusCode).toBe(200);
    expect((await bindCard(voucher.lookupId, tagged(KIM_CARD.token))).json()).toMatchObject({ code: '2106' });
    expect(await lookupRow(voucher.lookupId)).toEqual({ worker_id: PARK.id, needs_worker: 0 });
  });

  it('refuses, with 0273, a card of nobody, a revoked card, and another institution’s worker’s card, and leaves the screen unbound', async () => {
    const voucher = await ctx.lookup(tablet, 'rcp-05');
    const refused = [
      tagged('EVW-nobody-0000'),
      typed('9420000000009999'),
      tagged(REVOKED.token),
      typed(REVOKED.number),
      // Its worker's 결제 ID is KIM's too: the card still names the other institution's worker, not KIM.
      tagged(OTHER.token),
      typed(OTHER.number),
      // A recipient's card is no worker card.
      tagged('EVC-8a9b0c15-hom'),
    ];
    for (const card of refused) {
      const response = await bindCard(voucher.lookupId, card);
      expect(response.statusCode, JSON.stringify(card)).toBe(403);
      expect(response.json()).toEqual({ code: '0273', message: '제공인력과 단말기 정보가 일치하지 않습니다.' });
    }
    expect(await lookupRow(voucher.lookupId)).toEqual({ worker_id: KIM.id, needs_worker: 1 });
    // Nothing can be started on it until a worker is bound.
    const start = await ctx.post('/api/services/start', { lookupId: voucher.lookupId, deviceAt: ctx.clock.now() }, { cookie: tablet });
    expect(start.json()).toMatchObject({ code: '0273' });
  });

  it('refuses, with 0273, the card of a worker the tablet does not let on', async () => {
    const listed = await sharedTablet([KIM.paymentId]);
    const voucher = await ctx.lookup(listed, 'rcp-05');
    expect((await bindCard(voucher.lookupId, tagged(PARK_CARD.token), listed)).json()).toMatchObject({ code: '0273' });
    expect(await lookupRow(voucher.lookupId)).toEqual({ worker_id: KIM.id, needs_worker: 1 });
    expect((await bindCard(voucher.lookupId, tagged(KIM_CARD.token), listed)).json<LookupWorker>()).toMatchObject({ workerId: KIM.id });
  });

  it('takes on a personal phone only the session worker’s own card (0273 for another’s)', async () => {
    const phone = await ctx.login(KIM);
    const voucher = await ctx.lookup(phone, 'rcp-06');
    expect((await bindCard(voucher.lookupId, tagged(PARK_CARD.token), phone)).json()).toMatchObject({ code: '0273' });
    expect((await bindCard(voucher.lookupId, tagged(KIM_CARD.token), phone)).statusCode).toBe(200);
  });

  it('refuses a body with both a 결제 ID and a card, or neither, as unreadable (1001)', async () => {
    const voucher = await ctx.lookup(tablet, 'rcp-05');
    const both = { lookupId: voucher.lookupId, workerPaymentId: KIM.paymentId, workerCard: tagged(KIM_CARD.token) };
    expect((await ctx.post('/api/cards/lookup/worker', both, { cookie: tablet })).json()).toMatchObject({ code: '1001' });
    expect((await ctx.post('/api/cards/lookup/worker', { lookupId: voucher.lookupId }, { cookie: tablet })).json()).toMatchObject({ code: '1001' });
    const shortNumber = { lookupId: voucher.lookupId, workerCard: typed('94200000') };
    expect((await ctx.post('/api/cards/lookup/worker', shortNumber, { cookie: tablet })).json()).toMatchObject({ code: '1001' });
    expect(await lookupRow(voucher.lookupId)).toEqual({ worker_id: KIM.id, needs_worker: 1 });
  });

  it('gives the shared tablet’s snapshot the hashes of its workers’ live cards, never a token or a number', async () => {
    const response = await ctx.get('/api/device/snapshot', { cookie: tablet });
    const body = response.body;
    const snapshot = response.json<DeviceSnapshot>();
    const kim = snapshot.terminalWorkers?.find((worker) => worker.workerId === KIM.id);
    const park = snapshot.terminalWorkers?.find((worker) => worker.workerId === PARK.id);
    expect(kim?.cardHashes?.sort()).toEqual(
      [sha256(workerCardHashInput(tagged(KIM_CARD.token))), sha256(workerCardHashInput(typed(KIM_CARD.cardNumber)))].sort(),
    );
    // The revoked card is not carried.
    expect(park?.cardHashes).toHaveLength(2);
    expect(park?.cardHashes).not.toContain(sha256(workerCardHashInput(tagged(REVOKED.token))));
    for (const secret of [KIM_CARD.token, KIM_CARD.cardNumber, PARK_CARD.token, PARK_CARD.cardNumber, 'EVW-']) expect(body).not.toContain(secret);
    // A personal phone carries no terminal workers at all.
    const personal = (await ctx.get('/api/device/snapshot', { cookie: await ctx.login(KIM) })).json<DeviceSnapshot>();
    expect(personal.terminalWorkers).toBeUndefined();
  });
});
