/**
 * A host killed (SIGKILL) at any statement of its migrations must start again (issue 7, item 4):
 * each migration runs in one transaction on both engines, so a kill leaves the database as it was
 * before, and the next start migrates it fully. Kills at seeded-random statements of a fresh
 * migration, on one database in a row, then a clean start: the full schema is there. The same
 * for an upgrade of a database that already holds data at an earlier migration (the demo
 * institution, vouchers, payments and a sync refusal at 0002): the start completes the schema, the
 * rows are as they were, and the data the later migrations move (commands) is there once.
 * The seed is printed; MIGRATION_KILL_SEED=<seed> repeats a run's kill points.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, Migrator, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../migrations';
import { openDatabase } from '../src/db/connect';
import { DEMO_INSTITUTION, DEMO_RECIPIENTS, DEMO_WORKERS } from '../src/demo/demo-data';
import { freePort, REPO_ROOT, startHost, stopHost, type HostProcess } from './host-process';
import { createPostgresDatabase, databases, T0 } from './test-context';

const SEED = Number(process.env.MIGRATION_KILL_SEED ?? Date.now() % 2 ** 31);
console.log(`migration kill points: seed ${SEED} (MIGRATION_KILL_SEED=${SEED} repeats them)`);

/** mulberry32: a small seeded generator, so a failing run's kill points can be repeated. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** `count` distinct statement numbers in 1..total, drawn from `random`, in order. */
function killPoints(total: number, count: number, random: () => number): number[] {
  const points = new Set<number>();
  while (points.size < Math.min(count, total)) points.add(1 + Math.floor(random() * total));
  return [...points].sort((a, b) => a - b);
}

/**
 * Kysely makes its bookkeeping (kysely_migration, its lock table and lock row) before the
 * migration transaction, so they survive a kill: every later run of a fresh migration takes this
 * many statements fewer than the first.
 */
const BOOKKEEPING_STATEMENTS = 3;

/** The last migration an upgraded database was at, with data in it. */
const EARLIER_MIGRATION = '2026_11_27_0002_offline_sync';

function migrateInChild(target: string, killAt?: number): Promise<{ signal: string | null; output: string }> {
  return new Promise((resolve) => {
    const args = ['--import', 'tsx', 'server/test/migrate-and-die.ts', target, ...(killAt === undefined ? [] : [String(killAt)])];
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (_code, signal) => resolve({ signal, output }));
  });
}

const EXPECTED_TABLES = [
  'commands',
  'cancellations',
  'domain_events',
  'event_queue',
  'inbox_messages',
  'ledger_entries',
  'payments',
  'vouchers',
  'workers',
];

type Loose = Kysely<Record<string, Record<string, unknown>>>;

/**
 * The demo institution as a database at 0002 held it, written with the columns of that schema
 * (not through today's seed, which follows the latest one): its workers, recipients, cards and
 * contracts, this month's vouchers with their grants, a terminal, and payments — an online one, an
 * offline capture flagged for review, a refused one — next to a sync refusal.
 */
async function seedAtEarlierMigration(db: Loose): Promise<void> {
  const at = T0;
  const month = '2026-03';
  await db.insertInto('institutions').values({ id: DEMO_INSTITUTION.id, name: DEMO_INSTITUTION.name, created_at: at }).execute();
  await db
    .insertInto('workers')
    .values(
      DEMO_WORKERS.map((w) => ({
        ...pick(w, ['id', 'name', 'phone']),
        institution_id: DEMO_INSTITUTION.id,
        password_hash: 'scrypt$0',
        payment_id: w.paymentId,
        created_at: at,
      })),
    )
    .execute();
  await db
    .insertInto('recipients')
    .values(DEMO_RECIPIENTS.map((r) => ({ ...pick(r, ['id', 'name', 'phone']), created_at: at })))
    .execute();
  await db
    .insertInto('cards')
    .values(
      DEMO_RECIPIENTS.map((r) => ({
        id: `card-${r.id}`,
        recipient_id: r.id,
        token: r.cardToken,
        card_number: r.cardNumber,
        status: r.cardStatus,
        created_at: at,
      })),
    )
    .execute();
  await db
    .insertInto('contracts')
    .values(
      DEMO_RECIPIENTS.filter((r) => r.contracted).map((r) => ({
        id: `ctr-${r.id}-${r.programId}`,
        institution_id: DEMO_INSTITUTION.id,
        recipient_id: r.id,
        program_id: r.programId,
        created_at: at,
      })),
    )
    .execute();
  const voucherOf = (recipientId: string) => `vch-${recipientId}-${month}`;
  const paid = new Map([
    ['rcp-06', 12_000],
    ['rcp-07', 3_000],
  ]);
  await db
    .insertInto('vouchers')
    .values(
      DEMO_RECIPIENTS.map((r) => ({
        id: voucherOf(r.id),
        recipient_id: r.id,
        program_id: r.programId,
        month,
        granted_krw: r.monthlyGrantKrw,
        balance_krw: r.monthlyGrantKrw - (paid.get(r.id) ?? 0),
        created_at: at,
      })),
    )
    .execute();
  await db
    .insertInto('ledger_entries')
    .values(
      DEMO_RECIPIENTS.map((r) => ({
        id: `led-grant-${r.id}`,
        voucher_id: voucherOf(r.id),
        payment_id: null,
        kind: 'grant',
        delta_krw: r.monthlyGrantKrw,
        balance_after_krw: r.monthlyGrantKrw,
        recorded_at: at,
      })),
    )
    .execute();
  const [kim] = DEMO_WORKERS;
  await db
    .insertInto('terminals')
    .values({
      id: 'trm-1',
      device_id: randomUUID(),
      terminal_number: '1000000001',
      model: 'UT-99L',
      institution_id: DEMO_INSTITUTION.id,
      status: 'active',
      registered_at: at,
    })
    .execute();
  const payments = [
    { id: randomUUID(), recipientId: 'rcp-06', amountKrw: 12_000, mode: 'normal', status: 'approved', reason: null, flagged: 0 },
    { id: randomUUID(), recipientId: 'rcp-07', amountKrw: 3_000, mode: 'offline', status: 'approved', reason: 'dead-zone', flagged: 1 },
    { id: randomUUID(), recipientId: 'rcp-09', amountKrw: 50_000, mode: 'normal', status: 'refused', reason: null, flagged: 0 },
  ];
  for (const [index, p] of payments.entries()) {
    const recipient = DEMO_RECIPIENTS.find((r) => r.id === p.recipientId)!;
    const lookupId = `lk-${index}`;
    await db
      .insertInto('lookups')
      .values({
        id: lookupId,
        worker_id: kim!.id,
        terminal_id: 'trm-1',
        voucher_id: voucherOf(recipient.id),
        card_read: 'nfc',
        created_at: at,
        expires_at: at + 60_000,
      })
      .execute();
    await db
      .insertInto('payments')
      .values({
        id: p.id,
        request_hash: `hash-${index}`,
        approval_number: p.status === 'approved' ? `20260310000${index}` : null,
        voucher_id: voucherOf(recipient.id),
        worker_id: kim!.id,
        terminal_id: 'trm-1',
        institution_id: DEMO_INSTITUTION.id,
        lookup_id: lookupId,
        open_service_id: null,
        program_id: recipient.programId,
        method: 'card',
        mode: p.mode,
        card_read: 'nfc',
        service_start_at: at - 50 * 60_000,
        service_end_at: at,
        service_date: '2026-03-10',
        minutes_by_type: '{}',
        amount_krw: p.amountKrw,
        status: p.status,
        refusal_code: p.status === 'refused' ? '2101' : null,
        device_at: at,
        recorded_at: at,
        reason: p.reason,
        flagged_for_review: p.flagged,
        review_reasons: p.flagged ? '["late"]' : null,
      })
      .execute();
    if (p.status !== 'approved') continue;
    await db
      .insertInto('ledger_entries')
      .values({
        id: `led-pay-${index}`,
        voucher_id: voucherOf(recipient.id),
        payment_id: p.id,
        kind: 'payment',
        delta_krw: -p.amountKrw,
        balance_after_krw: recipient.monthlyGrantKrw - p.amountKrw,
        recorded_at: at,
      })
      .execute();
  }
  await db
    .insertInto('sync_refusals')
    .values({
      payment_id: randomUUID(),
      request_hash: 'hash-refused-capture',
      worker_id: kim!.id,
      terminal_id: 'trm-1',
      institution_id: DEMO_INSTITUTION.id,
      code: '2207',
      detail: null,
      captured_at: at,
      recorded_at: at,
    })
    .execute();
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, value[key]])) as Pick<T, K>;
}

/** Every row of every table (the columns it has now), ordered, to compare before and after an upgrade. */
async function snapshot(db: Loose, columnsOf: ReadonlyMap<string, readonly string[]>): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const [table, columns] of columnsOf) {
    const rows = await db
      .selectFrom(table)
      .select(columns as string[])
      .execute();
    tables[table] = rows.map((row) => JSON.stringify(columns.map((column) => row[column]))).sort();
  }
  return tables;
}

describe.each(databases)('migrations killed at any statement on %s', (kind) => {
  const cleanups: Array<() => Promise<void>> = [];
  let host: HostProcess | undefined;
  afterAll(async () => {
    await stopHost(host);
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  interface Target {
    readonly target: string;
    readonly dataDir: string;
    readonly databaseUrl: string | null;
  }

  async function freshTarget(): Promise<Target> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'evoucher-migrate-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    if (kind === 'postgres') {
      const postgres = await createPostgresDatabase();
      cleanups.push(postgres.drop);
      return { target: postgres.url, dataDir, databaseUrl: postgres.url };
    }
    return { target: path.join(dataDir, 'evoucher.sqlite'), dataDir, databaseUrl: null };
  }

  async function withDatabase<T>({ dataDir, databaseUrl }: Target, use: (db: Loose) => Promise<T>): Promise<T> {
    const database = openDatabase({ databaseUrl, sqliteFile: path.join(dataDir, 'evoucher.sqlite') });
    try {
      return await use(database.db as unknown as Loose);
    } finally {
      await database.close();
    }
  }

  /** A database migrated up to EARLIER_MIGRATION and holding the demo data; answers its tables' columns. */
  async function earlierTarget(): Promise<{ target: Target; columnsOf: Map<string, string[]> }> {
    const target = await freshTarget();
    const columnsOf = await withDatabase(target, async (db) => {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
      const { error } = await migrator.migrateTo(EARLIER_MIGRATION);
      if (error) throw error;
      await seedAtEarlierMigration(db);
      const tables = await db.introspection.getTables();
      return new Map(tables.map((table) => [table.name, table.columns.map((column) => column.name)]));
    });
    return { target, columnsOf };
  }

  /** Starts the host on the database (it migrates what is left), checks it serves, stops it. */
  async function restart({ dataDir, databaseUrl }: Target): Promise<void> {
    host = await startHost({ dataDir, databaseUrl, port: await freePort(), env: { DEMO_DATA: '0' } });
    const health = await fetch(`${host.baseUrl}/api/health`);
    expect(health.status).toBe(200);
    await stopHost(host, 'SIGTERM');
    host = undefined;
  }

  /** Every migration applied, every table there, the append-only triggers too. */
  async function expectFullSchema(db: Loose): Promise<void> {
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(applied.rows.map((row) => row.name)).toEqual(Object.keys(MIGRATIONS).sort());
    for (const table of EXPECTED_TABLES) {
      await expect(sql`select count(*) from ${sql.table(table)}`.execute(db)).resolves.toBeDefined();
    }
    const triggers =
      kind === 'sqlite'
        ? await sql<{ name: string }>`select name from sqlite_master where type = 'trigger'`.execute(db)
        : await sql<{ name: string }>`select tgname as name from pg_trigger where not tgisinternal`.execute(db);
    expect(triggers.rows.map((row) => row.name)).toContain(kind === 'sqlite' ? 'ledger_entries_no_delete' : 'ledger_entries_append_only');
  }

  it('comes up with the full schema after kills at random statements of a fresh migration', { timeout: 60_000 }, async () => {
    // How many statements a full fresh migration takes, on a throwaway database.
    const probe = await freshTarget();
    const counted = await migrateInChild(probe.target);
    const total = Number(/statements (\d+)/.exec(counted.output)?.[1]);
    expect(total).toBeGreaterThan(30);

    const target = await freshTarget();
    // After the first run, Kysely's bookkeeping is there: every point in 1..total - bookkeeping is a statement of every run.
    const points = killPoints(total - BOOKKEEPING_STATEMENTS, 6, seededRandom(SEED));
    for (const killAt of points) {
      const run = await migrateInChild(target.target, killAt);
      expect(run.signal, `kill at statement ${killAt} of ${total} (seed ${SEED}):\n${run.output}`).toBe('SIGKILL');
    }

    await restart(target);
    await withDatabase(target, expectFullSchema);
  });

  it('completes an upgrade killed at random statements, with the data of the earlier schema intact', { timeout: 60_000 }, async () => {
    // How many statements the upgrade takes, on a throwaway copy of the same data.
    const probe = await earlierTarget();
    const counted = await migrateInChild(probe.target.target);
    const total = Number(/statements (\d+)/.exec(counted.output)?.[1]);
    expect(total).toBeGreaterThan(10);

    const { target, columnsOf } = await earlierTarget();
    const before = await withDatabase(target, (db) => snapshot(db, columnsOf));
    // The bookkeeping exists already: every run of the upgrade takes the same statements.
    const points = killPoints(total, 3, seededRandom(SEED + 1));
    for (const killAt of points) {
      const run = await migrateInChild(target.target, killAt);
      expect(run.signal, `kill at statement ${killAt} of ${total} (seed ${SEED}):\n${run.output}`).toBe('SIGKILL');
      // Killed mid-upgrade, the database is exactly as it was.
      expect(await withDatabase(target, (db) => snapshot(db, columnsOf))).toEqual(before);
    }

    await restart(target);
    await withDatabase(target, async (db) => {
      await expectFullSchema(db);
      // Every row of the earlier schema is there as it was, in the columns it had; sync_refusals moved to
      // commands; the empty tariff table got the published tariff, which every start seeds into an empty one.
      const { sync_refusals: _moved, tariff_rows: emptyTariff, ...kept } = before;
      expect(emptyTariff).toEqual([]);
      const keptColumns = new Map([...columnsOf].filter(([table]) => table !== 'sync_refusals' && table !== 'tariff_rows'));
      expect(await snapshot(db, keptColumns)).toEqual(kept);
      expect((await db.selectFrom('tariff_rows').select('id').execute()).length).toBeGreaterThan(0);
      const commands = await db.selectFrom('commands').select(['kind', 'channel', 'status', 'code', 'fingerprint']).execute();
      expect(
        commands
          .map((c) => [c.kind, c.channel, c.status, c.code, typeof c.fingerprint])
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      ).toEqual([
        ['payment', 'online', 'approved', null, 'string'],
        ['payment', 'online', 'refused', '2101', 'object'],
        ['payment', 'sync', 'approved', null, 'string'],
        ['payment', 'sync', 'refused', '2207', 'object'],
      ]);
      // Every balance still equals its ledger.
      const drift = await sql<{ id: string }>`select v.id from vouchers v
        where v.balance_krw <> (select coalesce(sum(e.delta_krw), 0) from ledger_entries e where e.voucher_id = v.id)`.execute(db);
      expect(drift.rows).toEqual([]);
    });
  });
});
