/**
 * A host killed (SIGKILL) at any statement of its migrations must start again (issue 7, item 4):
 * each migration runs in one transaction on both engines, so a kill leaves the database as it was
 * before, and the next start migrates it fully. Kills at points spread over every statement of a
 * fresh migration, on one database in a row, then a clean start: the full schema is there.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../migrations';
import { openDatabase } from '../src/db/connect';
import { freePort, REPO_ROOT, startHost, stopHost, type HostProcess } from './host-process';
import { createPostgresDatabase, databases } from './test-context';

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

/** Spread kill points over 1..total, the first and the last statement included. */
function killPoints(total: number, count: number): number[] {
  const points = new Set<number>([1, total]);
  for (let i = 1; i < count - 1; i++) points.add(Math.max(1, Math.round((total * i) / (count - 1))));
  return [...points].sort((a, b) => a - b);
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

describe.each(databases)('migrations killed at any statement on %s', (kind) => {
  const cleanups: Array<() => Promise<void>> = [];
  let host: HostProcess | undefined;
  afterAll(async () => {
    await stopHost(host);
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function freshTarget(): Promise<{ target: string; dataDir: string; databaseUrl: string | null }> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'evoucher-migrate-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    if (kind === 'postgres') {
      const postgres = await createPostgresDatabase();
      cleanups.push(postgres.drop);
      return { target: postgres.url, dataDir, databaseUrl: postgres.url };
    }
    return { target: path.join(dataDir, 'evoucher.sqlite'), dataDir, databaseUrl: null };
  }

  it('comes up with the full schema after kills spread over a fresh migration', { timeout: 120_000 }, async () => {
    // How many statements a full fresh migration takes, on a throwaway database.
    const probe = await freshTarget();
    const counted = await migrateInChild(probe.target);
    const total = Number(/statements (\d+)/.exec(counted.output)?.[1]);
    expect(total).toBeGreaterThan(30);

    const { target, dataDir, databaseUrl } = await freshTarget();
    let killed = 0;
    for (const killAt of killPoints(total, 8)) {
      // Kysely's bookkeeping tables, made before the migration transaction, survive a kill, so a
      // later run takes a few statements fewer and may finish before the last kill point.
      const run = await migrateInChild(target, killAt);
      if (run.signal === 'SIGKILL') killed += 1;
      else expect(run.output).toMatch(/statements \d+/);
    }
    expect(killed).toBeGreaterThanOrEqual(6);

    // The next start migrates what is left and serves.
    host = await startHost({ dataDir, databaseUrl, port: await freePort(), env: { DEMO_DATA: '0' } });
    const health = await fetch(`${host.baseUrl}/api/health`);
    expect(health.status).toBe(200);
    await stopHost(host, 'SIGTERM');

    const database = openDatabase({ databaseUrl, sqliteFile: path.join(dataDir, 'evoucher.sqlite') });
    try {
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(database.db);
      expect(applied.rows.map((row) => row.name)).toEqual(Object.keys(MIGRATIONS).sort());
      for (const table of EXPECTED_TABLES) {
        await expect(sql`select count(*) from ${sql.table(table)}`.execute(database.db)).resolves.toBeDefined();
      }
      // The append-only triggers came with the schema.
      const triggers =
        kind === 'sqlite'
          ? await sql<{ name: string }>`select name from sqlite_master where type = 'trigger'`.execute(database.db)
          : await sql<{ name: string }>`select tgname as name from pg_trigger where not tgisinternal`.execute(database.db);
      expect(triggers.rows.map((row) => row.name)).toContain(kind === 'sqlite' ? 'ledger_entries_no_delete' : 'ledger_entries_append_only');
    } finally {
      await database.close();
    }
  });
});
