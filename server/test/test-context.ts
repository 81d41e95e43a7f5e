import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { seoulInstant } from '../../src/domain/time';
import type { VoucherScreen } from '../../src/domain/wire';
import { buildApp } from '../src/app';
import { loadConfig, type HostConfig } from '../src/config';
import { openDatabase, type DatabaseHandle, type DatabaseKind } from '../src/db/connect';
import type { Db } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { DEMO_RECIPIENTS, DEMO_WORKERS, type DemoRecipient, type DemoWorker } from '../src/demo/demo-data';
import { demoVoucherId, seedOnStart } from '../src/demo/seed';
import { checkVoucherBalance } from '../src/ledger/ledger.service';

/** SQLite always; PostgreSQL too when DATABASE_URL points at a server. */
export const databases: DatabaseKind[] = ['sqlite', ...(process.env.DATABASE_URL?.startsWith('postgres://') ? (['postgres'] as const) : [])];

/** Tuesday 2026-03-10 10:00 in Seoul: a weekday inside the 2026 tariff. */
export const T0 = seoulInstant('2026-03-10', 10, 0);
export const MINUTE = 60_000;

export class TestClock {
  constructor(public at: number) {}
  readonly now = (): number => this.at;
  advance(ms: number): void {
    this.at += ms;
  }
}

export function recipient(id: string): DemoRecipient {
  const found = DEMO_RECIPIENTS.find((r) => r.id === id);
  if (!found) throw new Error(`no demo recipient ${id}`);
  return found;
}

export const KIM: DemoWorker = DEMO_WORKERS[0]!;
export const PARK: DemoWorker = DEMO_WORKERS[1]!;

/** The fake build's app script; the build's brotli and gzip copies of it sit beside it. */
export const FAKE_APP_JS = 'console.log("app");';

/**
 * A fake Vite build: enough files to check the static headers, the precompressed copies (of the
 * app shell and its script, as tools/precompress.ts writes them) and the SPA fallback.
 */
function writeFakeDist(dir: string): void {
  mkdirSync(path.join(dir, 'portal'), { recursive: true });
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  const shell = '<!doctype html><title>결제앱</title><script type="module" src="/assets/app-3f9a.js"></script>';
  for (const [file, content] of [
    ['index.html', shell],
    [path.join('assets', 'app-3f9a.js'), FAKE_APP_JS],
  ] as const) {
    writeFileSync(path.join(dir, file), content);
    writeFileSync(path.join(dir, `${file}.br`), brotliCompressSync(content));
    writeFileSync(path.join(dir, `${file}.gz`), gzipSync(content));
  }
  writeFileSync(path.join(dir, 'portal', 'index.html'), '<!doctype html><title>이용자 포털</title>');
  writeFileSync(path.join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
}

export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `evoucher_test_${randomBytes(6).toString('hex')}`;
  const maintenance = new URL(base);
  maintenance.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: maintenance.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: maintenance.toString() });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/**
 * Yields to the event loop after every query. better-sqlite3 answers synchronously, so without it
 * two requests on SQLite never interleave inside one process; with it they do, between any two
 * statements, the way requests on PostgreSQL do — races become testable on both engines.
 */
export class InterleavePlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    await new Promise((resolve) => setImmediate(resolve));
    return args.result;
  }
}

export interface CreateOptions {
  /** The app's queries yield to the event loop (see InterleavePlugin). */
  readonly interleave?: boolean;
  /** false: a host started with DEMO_DATA=0 (the tariff only, as every start seeds it). */
  readonly demo?: boolean;
}

export interface PostOptions {
  readonly cookie?: string;
  readonly headers?: Record<string, string>;
}

/**
 * One fresh database (a new SQLite file, or a new PostgreSQL database) migrated and seeded with
 * the demo, and the app on top of it, driven through app.inject with real cookies.
 */
export class TestContext {
  private constructor(
    readonly kind: DatabaseKind,
    readonly app: FastifyInstance,
    readonly database: DatabaseHandle,
    readonly clock: TestClock,
    readonly config: HostConfig,
    private readonly cleanup: () => Promise<void>,
  ) {}

  get db(): Db {
    return this.database.db;
  }

  static async create(kind: DatabaseKind, overrides: Partial<HostConfig> = {}, options: CreateOptions = {}): Promise<TestContext> {
    const tempDir = mkdtempSync(path.join(os.tmpdir(), 'evoucher-test-'));
    const distDir = path.join(tempDir, 'dist');
    writeFakeDist(distDir);
    const postgres = kind === 'postgres' ? await createPostgresDatabase() : null;
    const config: HostConfig = {
      ...loadConfig({}),
      dataDir: tempDir,
      sqliteFile: path.join(tempDir, 'evoucher.sqlite'),
      databaseUrl: postgres?.url ?? null,
      distDir,
      loginRateLimitPerMinute: 1000,
      ...overrides,
    };
    const database = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
    const clock = new TestClock(T0);
    await migrateToLatest(database.db);
    await seedOnStart(database.db, options.demo ?? true, clock.now());
    const appDb = options.interleave ? database.db.withPlugin(new InterleavePlugin()) : database.db;
    const app = await buildApp({ config, db: appDb, now: clock.now, logger: false });
    await app.ready();
    return new TestContext(kind, app, database, clock, config, async () => {
      await app.close();
      await database.close();
      await postgres?.drop();
      rmSync(tempDir, { recursive: true, force: true });
    });
  }

  close(): Promise<void> {
    return this.cleanup();
  }

  post(url: string, body: unknown, options: PostOptions = {}): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method: 'POST',
      url,
      payload: body as object,
      headers: options.headers ?? {},
      ...(options.cookie ? { cookies: { evs: options.cookie } } : {}),
    });
  }

  get(url: string, options: PostOptions = {}): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method: 'GET',
      url,
      headers: options.headers ?? {},
      ...(options.cookie ? { cookies: { evs: options.cookie } } : {}),
    });
  }

  async registerTerminal(deviceId: string = randomUUID()): Promise<string> {
    const response = await this.post('/api/terminals/register', { deviceId, model: 'UT-99L' });
    if (response.statusCode !== 200) throw new Error(`register failed: ${response.body}`);
    return deviceId;
  }

  /** Logs a worker in on a new terminal and answers the session cookie value. */
  async login(worker: DemoWorker = KIM, options: { autoLogin?: boolean; deviceId?: string } = {}): Promise<string> {
    const deviceId = options.deviceId ?? (await this.registerTerminal());
    const response = await this.post('/api/auth/login', {
      phone: worker.phone,
      password: worker.password,
      autoLogin: options.autoLogin ?? true,
      deviceId,
    });
    const cookie = response.cookies.find((c) => c.name === 'evs');
    if (response.statusCode !== 200 || !cookie) throw new Error(`login failed: ${response.body}`);
    return cookie.value;
  }

  /** Tags a demo recipient's card (NFC) for their program and answers the voucher screen. */
  async lookup(cookie: string, recipientId: string, card: 'nfc' | 'typed' = 'nfc'): Promise<VoucherScreen> {
    const r = recipient(recipientId);
    const response = await this.post(
      '/api/cards/lookup',
      { programId: r.programId, card: card === 'nfc' ? { kind: 'nfc', token: r.cardToken } : { kind: 'typed', number: r.cardNumber } },
      { cookie },
    );
    if (response.statusCode !== 200) throw new Error(`lookup failed: ${response.body}`);
    return response.json<VoucherScreen>();
  }

  voucherIdOf(recipientId: string): string {
    const r = recipient(recipientId);
    return demoVoucherId(r.id, r.programId, '2026-03');
  }

  /** The stored balance and the one recomputed from the ledger. */
  async balanceOf(recipientId: string): Promise<{ balanceKrw: number; ledgerSumKrw: number }> {
    const { balanceKrw, ledgerSumKrw } = await checkVoucherBalance(this.db, this.voucherIdOf(recipientId));
    return { balanceKrw, ledgerSumKrw };
  }

  async count(table: 'payments' | 'ledger_entries' | 'sessions' | 'open_services'): Promise<number> {
    const row = await this.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
