/**
 * Model-based test of the whole offline protocol against the REAL host (issue 3): the device code
 * (fake-indexeddb outbox, enqueuePayment, syncIfPossible) talks to buildApp through app.inject on a
 * SQLite file, with random captures, offline/online, lost answers, batches delivered twice at once,
 * a host that dies halfway through a batch, host restarts on the same file, 5xx and 429, concurrent
 * syncers and cancellations. After every step and at the end (online, synced to quiescence): every
 * captured payment is approved exactly once or refused with a reason, none is lost, none is charged
 * twice, and the host's balances equal its ledger. SYNC_MODEL_RUNS_HOST sets the number of runs.
 * The commands and the device-side checks are shared with the fake-host model in
 * src/sync/syncModel.test.ts through src/sync/syncModel.testkit.ts.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { SYNC_COMMANDS_PATH, type OfflinePayment, type SyncCommandsResponse } from '../../src/domain/offline';
import { messageKo, type ErrorCode } from '../../src/domain/errors';
import type { Transport } from '../../src/sync/syncIfPossible';
import { checkDeviceInvariants, enqueueChecked, seededRandom, syncModel, type SyncModel, type SyncReal } from '../../src/sync/syncModel.testkit';
import { buildApp } from '../src/app';
import { loadConfig, type HostConfig } from '../src/config';
import { openDatabase, type DatabaseHandle } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';
import { seedDemoIfEmpty, topUpDemoVouchers } from '../src/demo/seed';
import { amountCapture } from './offline-payments';
import { InterleavePlugin, KIM, recipient, T0 } from './test-context';

// Every run talks to a real host over app.inject, so CI takes 300 runs here; the fake-host model in src/sync takes 1,000.
const NUM_RUNS = Number(process.env.SYNC_MODEL_RUNS_HOST ?? (process.env.CI ? 300 : 100));
/** Demo cards: three amount-program vouchers (one of 10,000원), one typed number, one unknown card (2001). */
const CARDS: Array<{ recipientId: string; typed?: boolean; unknown?: boolean }> = [
  { recipientId: 'rcp-06' },
  { recipientId: 'rcp-07' },
  { recipientId: 'rcp-09' },
  { recipientId: 'rcp-08', typed: true },
  { recipientId: 'rcp-06', unknown: true },
];
const VOUCHER_RECIPIENTS = ['rcp-06', 'rcp-07', 'rcp-08', 'rcp-09'];

type HostFault =
  | { kind: 'drop-response' }
  | { kind: 'duplicate-delivery' }
  | { kind: 'die-mid-batch' }
  | { kind: 'status'; status: number; code: ErrorCode; retryAfter?: string }
  | { kind: 'answer-only-first' };

/** The real host on one SQLite file, restartable, reached only through a Transport. */
class RealHost {
  online = true;
  faults: HostFault[] = [];
  database!: DatabaseHandle;
  app!: FastifyInstance;
  constructor(
    private readonly config: HostConfig,
    private readonly cookie: string,
    readonly clock: { now: number },
    private readonly random: () => number,
  ) {}

  async start(): Promise<void> {
    this.database = openDatabase({ databaseUrl: null, sqliteFile: this.config.sqliteFile });
    // Queries yield to the event loop, so a batch delivered twice really races on the host.
    this.app = await buildApp({
      config: this.config,
      db: this.database.db.withPlugin(new InterleavePlugin()),
      now: () => this.clock.now,
      logger: false,
    });
    await this.app.ready();
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.database.close();
  }

  private async inject(url: string, init: RequestInit): Promise<{ status: number; body: string; headers: Record<string, string> }> {
    const response = await this.app.inject({
      method: (init.method ?? 'GET') as 'GET' | 'POST',
      url,
      headers: { ...(init.headers as Record<string, string>), cookie: `evs=${this.cookie}` },
      ...(typeof init.body === 'string' ? { payload: init.body } : {}),
    });
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'retry-after']) {
      const value = response.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    return { status: response.statusCode, body: response.body, headers };
  }

  readonly transport: Transport = async (url, init) => {
    // A network round trip takes a few macrotasks, so syncers and duplicates overlap.
    for (let tick = Math.floor(this.random() * 4); tick >= 0; tick--) await new Promise((resolve) => setImmediate(resolve));
    if (!this.online) throw new TypeError('Failed to fetch');
    const fault = url === SYNC_COMMANDS_PATH && init.method === 'POST' ? this.faults.shift() : undefined;
    if (fault?.kind === 'status') {
      return toResponse({
        status: fault.status,
        body: JSON.stringify({ code: fault.code, message: messageKo(fault.code) }),
        headers: { 'content-type': 'application/json', ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}) },
      });
    }
    if (fault?.kind === 'die-mid-batch') {
      // Items commit one by one; the process dies after the first half: they stay, the answer is lost.
      const body = JSON.parse(String(init.body)) as { items: unknown[]; sentAt: number };
      await this.inject(url, { ...init, body: JSON.stringify({ ...body, items: body.items.slice(0, Math.ceil(body.items.length / 2)) }) });
      throw new TypeError('Failed to fetch');
    }
    let answer: Awaited<ReturnType<RealHost['inject']>>;
    if (fault?.kind === 'duplicate-delivery') {
      const [, second] = await Promise.all([this.inject(url, init), this.inject(url, init)]);
      answer = second!;
    } else {
      answer = await this.inject(url, init);
    }
    if (fault?.kind === 'drop-response') throw new TypeError('Failed to fetch');
    if (fault?.kind === 'answer-only-first' && answer.status === 200) {
      const parsed = JSON.parse(answer.body) as SyncCommandsResponse;
      answer = { ...answer, body: JSON.stringify({ ...parsed, results: parsed.results.slice(0, 1) }) };
    }
    return toResponse(answer);
  };
}

function toResponse(answer: { status: number; body: string; headers: Record<string, string> }): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

type Real = SyncReal<RealHost>;

function voucherIdOf(recipientId: string): string {
  const r = recipient(recipientId);
  return `vch-${r.id}-${r.programId}-2026-03`;
}

async function capture(model: SyncModel, real: Real, cardIndex: number, amountKrw: number): Promise<void> {
  real.clock.now += 60_000;
  const card = CARDS[cardIndex]!;
  const r = recipient(card.recipientId);
  const payment: OfflinePayment = amountCapture(card.recipientId, amountKrw, real.clock.now, {
    card: card.unknown
      ? { kind: 'nfc', token: 'EVC-unknown-card' }
      : card.typed
        ? { kind: 'typed', number: r.cardNumber }
        : { kind: 'nfc', token: r.cardToken },
  });
  await enqueueChecked(model, real, payment);
}

async function hostState(real: Real) {
  const db = real.host.database.db;
  const payments = await db.selectFrom('payments').select(['id', 'status', 'approval_number', 'voucher_id', 'amount_krw', 'mode']).execute();
  const refusals = await db.selectFrom('commands').select(['id as payment_id', 'code']).where('status', '=', 'refused').execute();
  const ledger = await db.selectFrom('ledger_entries').select(['payment_id', 'voucher_id', 'delta_krw', 'kind']).execute();
  const vouchers = await db.selectFrom('vouchers').select(['id', 'granted_krw', 'balance_krw']).execute();
  return { payments: new Map(payments.map((p) => [p.id, p])), refusals: new Map(refusals.map((r) => [r.payment_id, r.code])), ledger, vouchers };
}

async function checkInvariants(model: SyncModel, real: Real): Promise<void> {
  const host = await hostState(real);
  await checkDeviceInvariants(model, real.db, {
    expectUnseen: (paymentId) => {
      expect(host.payments.get(paymentId)).toBeUndefined();
      expect(host.refusals.has(paymentId)).toBe(false);
    },
    expectApproved: (paymentId, approvalNumber) =>
      expect(host.payments.get(paymentId)).toMatchObject({ status: 'approved', approval_number: approvalNumber, mode: 'offline' }),
    expectRefused: (paymentId, code) => {
      expect(host.payments.has(paymentId)).toBe(false);
      expect(host.refusals.get(paymentId)).toBe(code);
    },
  });

  // The host: only captured, uncancelled payments; one ledger line per approval; balances = ledger.
  for (const [paymentId, payment] of host.payments) {
    expect(model.captured.has(paymentId) && !model.cancelled.has(paymentId)).toBe(true);
    const lines = host.ledger.filter((line) => line.payment_id === paymentId);
    expect(lines).toHaveLength(payment.status === 'approved' ? 1 : 0);
  }
  for (const voucher of host.vouchers) {
    const sum = host.ledger.filter((line) => line.voucher_id === voucher.id).reduce((total, line) => total + Number(line.delta_krw), 0);
    expect(Number(voucher.balance_krw)).toBe(sum);
    const approvedKrw = [...host.payments.values()]
      .filter((p) => p.voucher_id === voucher.id && p.status === 'approved')
      .reduce((total, p) => total + Number(p.amount_krw), 0);
    expect(Number(voucher.balance_krw)).toBe(Number(voucher.granted_krw) - approvedKrw);
  }
}

const model = syncModel<RealHost, HostFault>({
  cardCount: CARDS.length,
  workerId: KIM.id,
  capture,
  faults: [
    { kind: 'drop-response' },
    { kind: 'duplicate-delivery' },
    { kind: 'die-mid-batch' },
    { kind: 'status', status: 503, code: '9999' },
    { kind: 'status', status: 429, code: '1004', retryAfter: '3' },
    { kind: 'answer-only-first' },
  ],
  checkInvariants,
  checkSnapshot: async (db) => {
    expect((await db.vouchers.toArray()).map((v) => v.voucherId)).toEqual(expect.arrayContaining(VOUCHER_RECIPIENTS.map(voucherIdOf)));
  },
  checkSettled: async (settled, real) => {
    const host = await hostState(real);
    for (const { paymentId, approved } of settled) if (approved) expect(host.payments.get(paymentId)?.status).toBe('approved');
  },
  tick: () => new Promise((resolve) => setImmediate(resolve)),
});

// Captures are listed three times: a run is mostly work, with faults in between.
const commands = [
  model.commands.capture,
  model.commands.capture,
  model.commands.capture,
  model.commands.goOffline,
  model.commands.goOnline,
  model.commands.sync,
  model.commands.fault,
  fc.constant(
    model.command('restartHost', async (_model, real) => {
      await real.host.stop();
      await real.host.start();
    }),
  ),
  model.commands.concurrentSync,
  model.commands.captureWhileSyncing,
  model.commands.cancel,
];

describe('offline sync protocol against the real host (model-based, SQLite)', () => {
  let workDir: string;
  let templateFile: string;
  let cookie: string;
  let baseConfig: HostConfig;

  beforeAll(async () => {
    // One migrated, seeded database with a logged-in session; every run starts from a copy of it.
    workDir = mkdtempSync(path.join(os.tmpdir(), 'evoucher-model-'));
    templateFile = path.join(workDir, 'template.sqlite');
    baseConfig = {
      ...loadConfig({}),
      dataDir: workDir,
      sqliteFile: templateFile,
      databaseUrl: null,
      distDir: path.join(workDir, 'no-dist'),
      syncMaxInFlight: 4,
    };
    const database = openDatabase({ databaseUrl: null, sqliteFile: templateFile });
    await migrateToLatest(database.db);
    await seedDemoIfEmpty(database.db, T0);
    await topUpDemoVouchers(database.db, T0);
    const app = await buildApp({ config: baseConfig, db: database.db, now: () => T0, logger: false });
    const deviceId = crypto.randomUUID();
    await app.inject({ method: 'POST', url: '/api/terminals/register', payload: { deviceId, model: 'UT-99L' } });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone: KIM.phone, password: KIM.password, autoLogin: true, deviceId },
    });
    cookie = login.cookies.find((c) => c.name === 'evs')!.value;
    await app.close();
    await database.close();
  });
  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it(
    'approves every captured payment exactly once or refuses it with a reason, loses none, and keeps balances equal to the ledger',
    async () => {
      let run = 0;
      const startedAt = Date.now();
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands: 40, size: 'medium' }), fc.integer(), async (cmds, seed) => {
          run += 1;
          const sqliteFile = path.join(workDir, `run-${run}.sqlite`);
          copyFileSync(templateFile, sqliteFile);
          const clock = { now: T0 };
          const random = seededRandom(seed);
          const host = new RealHost({ ...baseConfig, sqliteFile }, cookie, clock, random);
          await host.start();
          try {
            await model.run(cmds, host, clock, random);
          } finally {
            await host.stop();
            rmSync(sqliteFile, { force: true });
            rmSync(`${sqliteFile}-wal`, { force: true });
            rmSync(`${sqliteFile}-shm`, { force: true });
          }
        }),
        { numRuns: NUM_RUNS },
      );
      console.log(`sync model on the real host: ${NUM_RUNS} runs in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    },
    Math.max(120_000, NUM_RUNS * 1_000),
  );
});
