/**
 * A fuzzer over every POST endpoint of the OpenAPI document (issue 7), on SQLite and PostgreSQL:
 * valid bodies mutated at a random field into adversarial values — wrong types, out-of-range and
 * fractional numbers, U+0000 and lone surrogates, huge strings, deep nesting, oversized bodies —
 * and arbitrary JSON. Whatever comes in: never a 5xx; every refusal is { code, message } with a
 * stable four-digit code and a Korean message; a refusal changes no money; after anything, every
 * balance still equals its ledger. Batches mixing good and bad items apply the good ones, on both
 * sync paths (captures and outbox commands, cancellations included), and move no other money.
 * Each endpoint gets an exhaustive sweep (every field × every adversarial value of its type), the
 * same deterministic hostile bodies every run (3,000 levels of nesting, bodies over the size limit,
 * arrays of 5,000 items — as the whole body and in each field), and a random property on top. The
 * hostile bodies are sent once more over a real socket, so the sync gate in front of Fastify
 * (http/backpressure.ts) is in their path and must give every slot back.
 * FUZZ_RUNS (default 60; a third of it on PostgreSQL) sets the random runs.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_BATCH_PATH, SYNC_COMMANDS_PATH, type SyncBatchResponse } from '../../src/domain/offline';
import { API, type Receipt } from '../../src/domain/wire';
import { PORTAL_API, REQUEST_API } from '../../src/domain/portal';
import { ADMIN_API } from '../../src/domain/admin';
import { DEMO_ADMIN, DEMO_PORTAL_ACCOUNT } from '../src/demo/demo-data';
import { amountCapture } from './offline-payments';
import { paymentRequest } from './online-payments';
import { databases, KIM, recipient, TestContext } from './test-context';

const BASE_RUNS = Number(process.env.FUZZ_RUNS ?? 60);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Numbers that break naive code: out of every range, fractional, beyond 2^53, negative zero. */
const NASTY_NUMBERS: readonly number[] = [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, -1, 0, 0.5, 2 ** 53 + 2, 1e21, -0];
/** Strings that break naive code: NUL (PostgreSQL refuses it), lone surrogates, direction marks, huge, injection. */
const NASTY_STRINGS: readonly string[] = [
  '\u0000',
  '\ud800',
  'a\udfffb',
  '',
  ' ',
  '\ufeff',
  '\u202e',
  "'; drop table payments; --",
  '__proto__',
  '9'.repeat(400),
  '가'.repeat(5_000),
];
/** Shapes in the wrong place. */
const NASTY_SHAPES: readonly unknown[] = [null, true, [], {}, [[[[[]]]]], { __proto__: { polluted: true } }];

/** The adversarial values for a field that holds `original`: its own type's worst first, then wrong shapes. */
function nastyFor(original: unknown): unknown[] {
  const strings = typeof original === 'string' ? [...NASTY_STRINGS, `${original}\u0000`, `\u0000${original}`, `${original}\ud800`] : [];
  const numbers = typeof original === 'number' ? NASTY_NUMBERS : [];
  return [...strings, ...numbers, ...NASTY_SHAPES, typeof original === 'number' ? 'NaN' : 1, undefined];
}

const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom(...NASTY_NUMBERS),
  fc.integer(),
  fc.constantFrom(...NASTY_SHAPES),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Every leaf and branch of a JSON value, as key paths. */
function keyPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => keyPaths(item, [...prefix, i]))];
  if (value !== null && typeof value === 'object') {
    return [...here, ...Object.entries(value).flatMap(([key, item]) => keyPaths(item, [...prefix, key]))];
  }
  return here;
}

/** A copy of `body` with the field at `path` set to `value` (or deleted when value is undefined). */
function mutate(body: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

function valueAt(body: unknown, path: readonly (string | number)[]): unknown {
  let node = body as Record<string | number, unknown> | undefined;
  for (const key of path) node = node?.[key] as Record<string | number, unknown> | undefined;
  return node;
}

function deepNest(depth: number): Json {
  let value: Json = 1;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

/** Fastify's bodyLimit in app.ts: a body past it is refused before it is parsed. */
const BODY_LIMIT_BYTES = 256 * 1024;
const HUGE_ARRAY_ITEMS = 5_000;
const DEEP_NESTING_LEVELS = 3_000;

interface Hostile {
  readonly name: string;
  readonly text: string;
}

/** `good` (a JSON object) padded with an extra field to exactly `bytes` bytes. */
function paddedTo(good: object, bytes: number): string {
  const bare = JSON.stringify({ ...good, padding: '' });
  return JSON.stringify({ ...good, padding: 'x'.repeat(bytes - Buffer.byteLength(bare)) });
}

/**
 * The hostile bodies every POST endpoint gets on every run, built from its valid body: nesting
 * 3,000 levels deep, bodies over the size limit, arrays of 5,000 items — as the whole body, and in
 * place of each of its fields (where a parser or a recursive check would meet them).
 */
function hostileBodies(good: unknown): Hostile[] {
  const body = good !== null && typeof good === 'object' && !Array.isArray(good) ? (good as Record<string, Json>) : {};
  const fields = Object.keys(body);
  const huge = Array.from({ length: HUGE_ARRAY_ITEMS }, () => ({}));
  const deep = deepNest(DEEP_NESTING_LEVELS);
  return [
    { name: `nested ${DEEP_NESTING_LEVELS} levels deep`, text: JSON.stringify(deep) },
    ...fields.map((key) => ({ name: `${key} nested ${DEEP_NESTING_LEVELS} levels deep`, text: JSON.stringify({ ...body, [key]: deep }) })),
    { name: 'one byte over the body limit', text: paddedTo(body, BODY_LIMIT_BYTES + 1) },
    { name: 'four times the body limit', text: paddedTo(body, 4 * BODY_LIMIT_BYTES) },
    { name: `an array of ${HUGE_ARRAY_ITEMS} items`, text: JSON.stringify(huge) },
    ...fields.map((key) => ({ name: `${key} as an array of ${HUGE_ARRAY_ITEMS} items`, text: JSON.stringify({ ...body, [key]: huge }) })),
  ];
}

/** What a body may be: a mutated valid one (most runs), arbitrary JSON, deep nesting, an oversized or broken payload. */
function payloads(good: () => unknown): fc.Arbitrary<() => string> {
  const edit = fc.tuple(fc.nat(), fc.nat(), nasty, fc.boolean());
  const mutated = fc.tuple(fc.array(edit, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([edits, extra]) => () => {
    let body = good();
    for (const [pathPick, valuePick, generic, typed] of edits) {
      const paths = keyPaths(body);
      if (paths.length === 0) break;
      const path = paths[pathPick % paths.length]!;
      const candidates = nastyFor(valueAt(body, path));
      body = mutate(body, path, typed ? candidates[valuePick % candidates.length] : generic);
    }
    return JSON.stringify(extra && body !== null && typeof body === 'object' ? { ...body, unexpected: 1 } : body);
  });
  return fc.oneof(
    { weight: 6, arbitrary: mutated },
    { weight: 1, arbitrary: fc.jsonValue().map((value) => () => JSON.stringify(value)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        () => JSON.stringify(deepNest(3_000)),
        () => JSON.stringify({ items: ['x'.repeat(300 * 1024)] }),
        () => '{"paymentId": "unterminated',
        () => 'null',
        () => '\u0000',
        () => JSON.stringify({ items: Array.from({ length: 5_000 }, () => ({})), sentAt: Date.UTC(2026, 2, 10) }),
      ),
    },
  );
}

describe.each(databases)('fuzzing every POST endpoint on %s', (kind) => {
  let ctx: TestContext;
  let cookie: string;
  /** The demo institution's console session, sent beside the worker's: the console's routes read only it. */
  let adminCookie: string;
  /** A recipient's portal session (cookie evr), for the portal's own endpoints. */
  let portalCookie: string;
  let fuzzWorkerId: string;
  let fuzzRecipientId: string;
  let fuzzCardId: string;
  let deviceId: string;
  let amountLookupId: string;
  let timeLookupId: string;
  let cancellable: string[];
  const runs = kind === 'postgres' ? Math.max(10, Math.round(BASE_RUNS / 3)) : BASE_RUNS;

  beforeAll(async () => {
    ctx = await TestContext.create(kind, {
      lookupRateLimitPerMinute: 1_000_000,
      loginRateLimitPerMinute: 1_000_000,
      phoneRequestRateLimitPerMinute: 1_000_000,
      phoneRequestPerNumberPerMinute: 1_000_000,
    });
    deviceId = await ctx.registerTerminal();
    cookie = await ctx.login(KIM, { deviceId });
    amountLookupId = (await ctx.lookup(cookie, 'rcp-06')).lookupId;
    timeLookupId = (await ctx.lookup(cookie, 'rcp-01')).lookupId;
    // Payments the cancel endpoint's valid bodies can name.
    cancellable = [];
    for (let i = 0; i < 5; i++) {
      const response = await ctx.post('/api/payments', paymentRequest(amountLookupId, 100, ctx.clock.now()), { cookie });
      cancellable.push(response.json<Receipt>().paymentId);
    }
    // The console's targets: a worker, a recipient and a card of its own, apart from the ones the fuzzing worker pays with.
    const adminLogin = await ctx.post(ADMIN_API.login, { loginId: DEMO_ADMIN.loginId, password: DEMO_ADMIN.password });
    adminCookie = adminLogin.cookies.find((c) => c.name === 'eva')!.value;
    const portalSignup = await ctx.app.inject({
      method: 'POST',
      url: PORTAL_API.signup,
      payload: { phone: recipient('rcp-09').phone, cardNumber: recipient('rcp-09').cardNumber, password: 'portal-pass1!' },
    });
    portalCookie = portalSignup.cookies.find((c) => c.name === 'evr')!.value;
    const asAdmin = (url: string, payload: object) => ctx.app.inject({ method: 'POST', url, payload, cookies: { eva: adminCookie } });
    fuzzWorkerId = (await asAdmin(ADMIN_API.workers, { name: '퍼즈', phone: '01077770000', password: 'fuzz-pass1!', paymentId: '7777' })).json<{
      id: string;
    }>().id;
    fuzzRecipientId = (
      await asAdmin(ADMIN_API.recipients, {
        name: '퍼즈',
        phone: '01077770002',
        contracts: [{ programId: 'developmental-rehab', monthlyKrw: 1_000 }],
      })
    ).json<{ id: string }>().id;
    fuzzCardId = (await asAdmin(ADMIN_API.cards, { recipientId: fuzzRecipientId })).json<{ cardId: string }>().cardId;
  });
  afterAll(async () => {
    await ctx.close();
  });

  const now = () => ctx.clock.now();
  // 10원 captures spread over three vouchers: thousands of runs never exhaust a balance.
  let captures = 0;
  const capture = () => amountCapture(['rcp-06', 'rcp-07', 'rcp-08'][captures++ % 3]!, 10, now(), { serviceStartAt: now() });
  /** A valid body per POST endpoint; an endpoint added without one fails the coverage test below. */
  const GOOD: Record<string, { body: () => unknown; session: boolean }> = {
    [API.registerTerminal]: { body: () => ({ deviceId: randomUUID(), model: 'UT-99L' }), session: false },
    [API.login]: { body: () => ({ phone: KIM.phone, password: KIM.password, autoLogin: false, deviceId }), session: false },
    [API.logout]: { body: () => ({}), session: false },
    [API.autoLoginOff]: { body: () => ({}), session: true },
    // No earlier terminal of the fuzzing worker to take over: a refusal (1023) that changes nothing.
    [API.reclaimTerminal]: { body: () => ({ terminalNumber: '1234567890' }), session: true },
    // The wrong current password: a valid body that must leave the fuzzing worker's password alone.
    [API.changePassword]: { body: () => ({ currentPassword: 'not-the-password1!', newPassword: 'fresh-pass2@' }), session: true },
    [API.cardCheck]: { body: () => ({ deviceId, card: { kind: 'nfc', token: recipient('rcp-06').cardToken } }), session: false },
    [API.cardLookup]: {
      body: () => ({ programId: 'developmental-rehab', card: { kind: 'nfc', token: recipient('rcp-06').cardToken } }),
      session: true,
    },
    [API.lookupWorker]: { body: () => ({ lookupId: amountLookupId, workerPaymentId: KIM.paymentId }), session: true },
    [API.serviceStart]: { body: () => ({ lookupId: timeLookupId, deviceAt: now() }), session: true },
    // No open service of that id: a refusal (2108) that changes nothing.
    [API.serviceDiscard]: { body: () => ({ lookupId: timeLookupId, openServiceId: randomUUID(), deviceAt: now() }), session: true },
    [API.payments]: { body: () => paymentRequest(amountLookupId, 100, now()), session: true },
    [API.cancelPayment]: {
      body: () => ({ cancelId: randomUUID(), target: { by: 'paymentId', paymentId: cancellable[0] }, deviceAt: now() }),
      session: true,
    },
    [SYNC_BATCH_PATH]: { body: () => ({ items: [capture(), capture()], sentAt: now() }), session: true },
    // The recipient portal (issue 10), with a recipient's session (evr); unknown request ids are refusals (2146).
    [PORTAL_API.signup]: {
      body: () => ({ phone: recipient('rcp-08').phone, cardNumber: recipient('rcp-08').cardNumber, password: 'portal-pass1!' }),
      session: false,
    },
    [PORTAL_API.login]: {
      body: () => ({ phone: DEMO_PORTAL_ACCOUNT.phone, password: DEMO_PORTAL_ACCOUNT.password, autoLogin: false }),
      session: false,
    },
    [PORTAL_API.logout]: { body: () => ({}), session: false },
    [PORTAL_API.pushSubscribe]: {
      body: () => ({ endpoint: 'https://push.example.com/send/1', keys: { p256dh: 'BPn3pXW6dWj4', auth: 'c2VjcmV0' } }),
      session: true,
    },
    [PORTAL_API.pushUnsubscribe]: { body: () => ({ endpoint: 'https://push.example.com/send/1' }), session: true },
    [PORTAL_API.webauthnRegisterOptions]: { body: () => ({}), session: true },
    [PORTAL_API.webauthnRegister]: {
      body: () => ({ response: { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'e30', attestationObject: 'oA' } } }),
      session: true,
    },
    [PORTAL_API.webauthnRemove]: { body: () => ({}), session: true },
    [PORTAL_API.qrToken]: { body: () => ({ requestId: randomUUID() }), session: true },
    [PORTAL_API.offlineTokens]: { body: () => ({}), session: true },
    [PORTAL_API.approvalOptions]: { body: () => ({ requestId: randomUUID() }), session: true },
    [PORTAL_API.approve]: {
      body: () => ({
        requestId: randomUUID(),
        response: { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' } },
      }),
      session: true,
    },
    [PORTAL_API.decline]: { body: () => ({ requestId: randomUUID() }), session: true },
    // No portal member with this number: a refusal (2005) that changes nothing.
    [REQUEST_API.qrRequest]: { body: () => ({ phone: '01055554444', programId: 'developmental-rehab' }), session: true },
    [REQUEST_API.biometricRequest]: { body: () => ({ phone: '01055554444', programId: 'developmental-rehab', amountCapKrw: 10_000 }), session: true },
    [REQUEST_API.qrRedeem]: { body: () => ({ token: 'EVQ1.e30.AAAA' }), session: true },
    // The institution console (issue 12): its own session cookie (eva), its own targets; logout keeps the session, as the worker's does.
    [ADMIN_API.login]: { body: () => ({ loginId: DEMO_ADMIN.loginId, password: DEMO_ADMIN.password }), session: false },
    [ADMIN_API.logout]: { body: () => ({}), session: false },
    [ADMIN_API.workers]: { body: () => ({ name: '퍼즈', phone: '01077770001', password: 'fuzz-pass1!', paymentId: '7778' }), session: true },
    [ADMIN_API.workerStatus]: { body: () => ({ workerId: fuzzWorkerId, active: true }), session: true },
    [ADMIN_API.workerPassword]: { body: () => ({ workerId: fuzzWorkerId, password: 'fuzz-pass2@' }), session: true },
    [ADMIN_API.workerPrograms]: { body: () => ({ workerId: fuzzWorkerId, programIds: ['developmental-rehab'] }), session: true },
    // No terminal of that number: a refusal (1052) that changes nothing — the fuzzing worker's terminal stays in use.
    [ADMIN_API.terminalProfile]: { body: () => ({ terminalNumber: '1234567890', profile: 'shared', workers: 'all' }), session: true },
    [ADMIN_API.terminalStatus]: { body: () => ({ terminalNumber: '1234567890', status: 'revoked' }), session: true },
    [ADMIN_API.recipients]: {
      body: () => ({ name: '퍼즈', phone: '01077770003', contracts: [{ programId: 'developmental-rehab', monthlyKrw: 1_000 }] }),
      session: true,
    },
    [ADMIN_API.contracts]: { body: () => ({ recipientId: fuzzRecipientId, programId: 'language-development', monthlyKrw: 0 }), session: true },
    // This month's voucher exists already: a refusal (1057) that moves no money.
    [ADMIN_API.vouchers]: { body: () => ({ recipientId: fuzzRecipientId, programId: 'developmental-rehab', monthlyKrw: 1_000 }), session: true },
    [ADMIN_API.cards]: { body: () => ({ recipientId: fuzzRecipientId }), session: true },
    [ADMIN_API.cardRevoke]: { body: () => ({ cardId: fuzzCardId }), session: true },
    [ADMIN_API.cardReplace]: { body: () => ({ cardId: fuzzCardId }), session: true },
    [ADMIN_API.cardVerify]: { body: () => ({ token: 'EVC-unknown-tag' }), session: true },
    [SYNC_COMMANDS_PATH]: {
      body: () => ({
        items: [
          { kind: 'payment', workerId: KIM.id, ...capture() },
          { kind: 'cancel', commandId: randomUUID(), workerId: KIM.id, paymentId: cancellable[1], capturedAt: now() },
        ],
        sentAt: now(),
      }),
      session: true,
    },
  };

  async function money() {
    const [balances, ledger, counts] = await Promise.all([
      sql<{ total: number }>`select cast(coalesce(sum(balance_krw), 0) as bigint) as total from vouchers`.execute(ctx.db),
      sql<{ total: number }>`select cast(coalesce(sum(delta_krw), 0) as bigint) as total from ledger_entries`.execute(ctx.db),
      sql<{ entries: number; payments: number; cancels: number }>`select
        (select count(*) from ledger_entries) as entries,
        (select count(*) from payments) as payments,
        (select count(*) from cancellations) as cancels`.execute(ctx.db),
    ]);
    const row = counts.rows[0]!;
    return {
      balanceKrw: Number(balances.rows[0]!.total),
      ledgerKrw: Number(ledger.rows[0]!.total),
      entries: Number(row.entries),
      payments: Number(row.payments),
      cancels: Number(row.cancels),
    };
  }

  /** Endpoints whose valid body is `{}` (logout, 자동로그인 해제) read no field: what they are sent is ignored, unless it is too large. */
  const readsItsBody = (good: unknown) => JSON.stringify(good) !== '{}';

  it('has a valid body for every POST endpoint the OpenAPI document lists', async () => {
    const document = (await ctx.get('/api/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    const posts = Object.entries(document.paths).flatMap(([path, ops]) => ('post' in ops ? [path] : []));
    expect(posts.sort()).toEqual(Object.keys(GOOD).sort());
  });

  interface Answer {
    readonly status: number;
    readonly body: string;
  }
  type Send = (path: string, text: string, session: boolean) => Promise<Answer>;

  const injected: Send = async (path, text, session) => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: path,
      payload: text,
      headers: { 'content-type': 'application/json' },
      ...(session ? { cookies: { evs: cookie, eva: adminCookie, evr: portalCookie } } : {}),
    });
    return { status: response.statusCode, body: response.body };
  };

  /** Sends one payload (in-process, or through `send`) and checks the contract; answers the status. */
  async function probe(path: string, text: string, session: boolean, send: Send = injected): Promise<number> {
    const before = await money();
    const response = await send(path, text, session);
    expect(response.status, `${path} ${text.slice(0, 300)} → ${response.body.slice(0, 300)}`).toBeLessThan(500);
    const after = await money();
    expect(after.balanceKrw).toBe(after.ledgerKrw);
    if (response.status >= 400) {
      const error = JSON.parse(response.body) as { code: unknown; message: unknown };
      expect(error.code).toMatch(/^\d{4}$/);
      expect(error.message).toMatch(/[가-힣]/);
      expect(after).toEqual(before);
    }
    return response.status;
  }

  it.each(Object.keys(GOOD))(
    'survives every field of a valid %s body replaced, one at a time, by each adversarial value of its type',
    async (path) => {
      const { body: good, session } = GOOD[path]!;
      for (const fieldPath of keyPaths(good())) {
        for (const value of nastyFor(valueAt(good(), fieldPath))) {
          await probe(path, JSON.stringify(mutate(good(), fieldPath, value)), session);
        }
      }
    },
  );

  it.each(Object.keys(GOOD))(
    'answers deep nesting, bodies over the limit and arrays of 5,000 items sent to %s with a code and a Korean message, every run',
    async (path) => {
      const { body: good, session } = GOOD[path]!;
      for (const { name, text } of hostileBodies(good())) {
        const status = await probe(path, text, session);
        if (readsItsBody(good())) expect(status, name).toBeGreaterThanOrEqual(400);
      }
    },
  );

  it('answers the hostile bodies over a real socket, through the sync gate, and gives every sync slot back', async () => {
    const url = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const overHttp: Send = async (path, text, session) => {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        body: text,
        headers: { 'content-type': 'application/json', ...(session ? { cookie: `evs=${cookie}; eva=${adminCookie}; evr=${portalCookie}` } : {}) },
      });
      return { status: response.status, body: await response.text() };
    };
    let gated = 0;
    for (const [path, { body: good, session }] of Object.entries(GOOD)) {
      for (const { name, text } of hostileBodies(good())) {
        const status = await probe(path, text, session, overHttp);
        // One request at a time: the gate (4 in flight) never has a reason to turn one away.
        expect(status, `${path}: ${name}`).not.toBe(429);
        if (readsItsBody(good())) expect(status, `${path}: ${name}`).toBeGreaterThanOrEqual(400);
        if (path === SYNC_BATCH_PATH || path === SYNC_COMMANDS_PATH) gated += 1;
      }
    }
    expect(gated).toBeGreaterThan(2 * ctx.config.syncMaxInFlight);
    // Every refusal, parsed or not, gave its slot back: good batches still get in, one after another.
    for (let i = 0; i <= ctx.config.syncMaxInFlight; i++) {
      const response = await overHttp(SYNC_BATCH_PATH, JSON.stringify({ items: [capture()], sentAt: now() }), true);
      expect(response.status).toBe(200);
      expect((JSON.parse(response.body) as SyncBatchResponse).results.map((r) => r.status)).toEqual(['approved']);
    }
  });

  it.each(Object.keys(GOOD))(
    'answers anything sent to %s with a code and a Korean message, never a 5xx, and moves no money on a refusal',
    async (path) => {
      const { body: good, session } = GOOD[path]!;
      await fc.assert(
        fc.asyncProperty(payloads(good), async (payload) => {
          await probe(path, payload(), session);
        }),
        { numRuns: runs },
      );
    },
  );

  /** Whether a body carries the keys of prototype poisoning, which the host's JSON parser refuses (as Fastify's does). */
  const poisons = (body: unknown): boolean => /"__proto__"\s*:|"constructor"\s*:\s*\{[^{}]*"prototype"\s*:/.test(JSON.stringify(body));

  /** One or two items of a batch, each good (it must apply) or bad (it may be refused, alone). */
  type Planned = () => { readonly good: boolean; readonly item: Record<string, unknown> }[];

  it.each([SYNC_BATCH_PATH, SYNC_COMMANDS_PATH])(
    'applies the good items of batches sent to %s that mix good and bad ones, refuses each bad one alone, and moves no other money',
    async (path) => {
      const commands = path === SYNC_COMMANDS_PATH;
      const payment = (): Record<string, unknown> => (commands ? { kind: 'payment', workerId: KIM.id, ...capture() } : { ...capture() });
      const cancelOf = (paymentId: unknown): Record<string, unknown> => ({
        kind: 'cancel',
        commandId: randomUUID(),
        workerId: KIM.id,
        paymentId,
        capturedAt: now(),
      });
      const spoiled = (item: Record<string, unknown>, pick: number, value: unknown) => {
        const paths = keyPaths(item);
        return mutate(item, paths[pick % paths.length]!, value) as Record<string, unknown>;
      };
      const goodPayment: fc.Arbitrary<Planned> = fc.constant(() => [{ good: true, item: payment() }]);
      const badPayment: fc.Arbitrary<Planned> = fc.tuple(fc.nat(), nasty).map(([pick, value]) => () => [
        { good: false, item: spoiled(payment(), pick, value) },
      ]);
      // A cancel names a payment captured earlier in the same batch: payments apply before cancels.
      const goodCancel: fc.Arbitrary<Planned> = fc.constant(() => {
        const paid = payment();
        return [
          { good: true, item: paid },
          { good: true, item: cancelOf(paid.paymentId) },
        ];
      });
      const badCancel: fc.Arbitrary<Planned> = fc.tuple(fc.nat(), nasty).map(([pick, value]) => () => {
        const paid = payment();
        return [
          { good: true, item: paid },
          { good: false, item: spoiled(cancelOf(paid.paymentId), pick, value) },
        ];
      });
      const plans = commands ? [goodPayment, badPayment, goodCancel, badCancel] : [goodPayment, badPayment];

      await fc.assert(
        fc.asyncProperty(fc.array(fc.oneof(...plans), { minLength: 1, maxLength: 8 }), async (shape) => {
          const items = shape.flatMap((plan) => plan());
          const before = await money();
          const body = { items: items.map((i) => i.item), sentAt: now() };
          const response = await ctx.post(path, body, { cookie });
          if (poisons(body)) {
            // A body that tries to reach an object's prototype is refused whole before any item is read.
            expect(response.statusCode).toBe(400);
            expect(response.json()).toMatchObject({ code: '1001' });
            expect(await money()).toEqual(before);
            return;
          }
          expect(response.statusCode).toBe(200);
          const results = response.json<{ results: Array<Record<string, unknown>> }>().results;
          expect(results).toHaveLength(items.length);
          const approved: string[] = [];
          const cancelled: string[] = [];
          for (const [index, { good, item }] of items.entries()) {
            const result = results[index]!;
            const id = String(result.commandId ?? result.paymentId);
            const expected = item.kind === 'cancel' ? 'cancelled' : 'approved';
            if (good) {
              expect(result.status, JSON.stringify(result)).toBe(expected);
              expect(id).toBe(item.kind === 'cancel' ? item.commandId : item.paymentId);
            } else if (result.status === 'refused') {
              expect(result.code).toMatch(/^\d{4}$/);
              expect(result.message).toMatch(/[가-힣]/);
            }
            if (result.status === 'approved') approved.push(id);
            if (result.status === 'cancelled') cancelled.push(id);
          }
          // The money moved by exactly what was answered approved or cancelled, nothing else.
          const charged = approved.length === 0 ? [] : await ctx.db.selectFrom('payments').select('amount_krw').where('id', 'in', approved).execute();
          const returned =
            cancelled.length === 0 ? [] : await ctx.db.selectFrom('cancellations').select('amount_krw').where('id', 'in', cancelled).execute();
          expect(charged).toHaveLength(approved.length);
          expect(returned).toHaveLength(cancelled.length);
          const sum = (rows: { amount_krw: number }[]) => rows.reduce((total, row) => total + Number(row.amount_krw), 0);
          const after = await money();
          expect(after.balanceKrw).toBe(after.ledgerKrw);
          expect(after.balanceKrw).toBe(before.balanceKrw - sum(charged) + sum(returned));
          expect(after.payments - before.payments).toBe(approved.length);
          expect(after.cancels - before.cancels).toBe(cancelled.length);
        }),
        { numRuns: Math.max(5, Math.round(runs / 2)) },
      );
    },
  );
});
