/**
 * A fuzzer over every POST endpoint of the OpenAPI document (issue 7), on SQLite and PostgreSQL:
 * valid bodies mutated at a random field into adversarial values — wrong types, out-of-range and
 * fractional numbers, U+0000 and lone surrogates, huge strings, deep nesting, oversized bodies —
 * and arbitrary JSON. Whatever comes in: never a 5xx; every refusal is { code, message } with a
 * stable four-digit code and a Korean message; a refusal changes no money; after anything, every
 * balance still equals its ledger. Batches mixing good and bad items apply the good ones.
 * Each endpoint gets an exhaustive sweep (every field × every adversarial value of its type) and
 * a random property on top. FUZZ_RUNS (default 60; a third of it on PostgreSQL) sets its runs.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_BATCH_PATH, SYNC_COMMANDS_PATH, type SyncBatchResponse } from '../../src/domain/offline';
import { API, type Receipt } from '../../src/domain/wire';
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
  let deviceId: string;
  let amountLookupId: string;
  let timeLookupId: string;
  let cancellable: string[];
  const runs = kind === 'postgres' ? Math.max(10, Math.round(BASE_RUNS / 3)) : BASE_RUNS;

  beforeAll(async () => {
    ctx = await TestContext.create(kind, { lookupRateLimitPerMinute: 1_000_000, loginRateLimitPerMinute: 1_000_000 });
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
    [API.payments]: { body: () => paymentRequest(amountLookupId, 100, now()), session: true },
    [API.cancelPayment]: {
      body: () => ({ cancelId: randomUUID(), target: { by: 'paymentId', paymentId: cancellable[0] }, deviceAt: now() }),
      session: true,
    },
    [SYNC_BATCH_PATH]: { body: () => ({ items: [capture(), capture()], sentAt: now() }), session: true },
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

  it('has a valid body for every POST endpoint the OpenAPI document lists', async () => {
    const document = (await ctx.get('/api/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    const posts = Object.entries(document.paths).flatMap(([path, ops]) => ('post' in ops ? [path] : []));
    expect(posts.sort()).toEqual(Object.keys(GOOD).sort());
  });

  /** Sends one payload and checks the contract; answers the status. */
  async function probe(path: string, text: string, session: boolean): Promise<number> {
    const before = await money();
    const response = await ctx.app.inject({
      method: 'POST',
      url: path,
      payload: text,
      headers: { 'content-type': 'application/json' },
      ...(session ? { cookies: { evs: cookie } } : {}),
    });
    expect(response.statusCode, `${path} ${text.slice(0, 300)} → ${response.body.slice(0, 300)}`).toBeLessThan(500);
    const after = await money();
    expect(after.balanceKrw).toBe(after.ledgerKrw);
    if (response.statusCode >= 400) {
      const error = response.json<{ code: unknown; message: unknown }>();
      expect(error.code).toMatch(/^\d{4}$/);
      expect(error.message).toMatch(/[가-힣]/);
      expect(after).toEqual(before);
    }
    return response.statusCode;
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

  it('applies the good items of batches that mix good and bad ones, and refuses each bad one alone with its code', async () => {
    const bad = fc.tuple(fc.nat(), nasty).map(([pick, value]) => () => {
      const item = capture();
      const paths = keyPaths(item);
      return mutate(item, paths[pick % paths.length]!, value);
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constant(null), bad), { minLength: 1, maxLength: 12 }), async (shape) => {
        const items = shape.map((make) => (make === null ? { good: true, item: capture() } : { good: false, item: make() }));
        const response = await ctx.post(SYNC_BATCH_PATH, { items: items.map((i) => i.item), sentAt: now() }, { cookie });
        expect(response.statusCode).toBe(200);
        const { results } = response.json<SyncBatchResponse>();
        expect(results).toHaveLength(items.length);
        for (const [index, { good }] of items.entries()) {
          const result = results[index]!;
          if (good) expect(result.status, JSON.stringify(result)).toBe('approved');
          else if (result.status === 'refused') {
            expect(result.code).toMatch(/^\d{4}$/);
            expect(result.message).toMatch(/[가-힣]/);
          }
        }
        const after = await money();
        expect(after.balanceKrw).toBe(after.ledgerKrw);
      }),
      { numRuns: Math.max(5, Math.round(runs / 2)) },
    );
  });
});
