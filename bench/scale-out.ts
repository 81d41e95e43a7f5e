/**
 * Benchmark (not a test), issue 8: several host processes on one PostgreSQL (DATABASE_URL), for
 * 1, 2 and 4 processes, each time on a fresh database:
 *   race:  the same 20 batches of 100 offline captures sent to every process at once. Every process
 *          must answer every capture identically (status, approval number, balance, record time),
 *          and the database must hold each payment once, with every balance equal to its ledger.
 *   load:  4 clients send distinct batches of 100 round-robin over the processes for BENCH_SECONDS.
 * Prints one JSON line per process count: payments/s in all and per process, and the CPU ms per
 * payment of the host processes and of the PostgreSQL server (every `postgres` process, from /proc).
 * On this 2-core machine the clients, the hosts and PostgreSQL share two cores, so the sum cannot
 * grow with the process count here; the CPU per payment is what sizes a cluster.
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/scale-out.ts
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { SYNC_COMMANDS_PATH, type SyncCommandResult } from '../src/domain/offline';
import { openDatabase } from '../server/src/db/connect';
import { DEMO_WORKERS } from '../server/src/demo/demo-data';
import { freePort, startHost, stopHost, type HostProcess } from '../server/test/host-process';
import { amountCapture } from '../server/test/offline-payments';
import { createPostgresDatabase } from '../server/test/test-context';
import { client, cpuMs, login } from './http-load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const RACE_BATCHES = 20;
const CLIENTS = 4;
const RECIPIENTS = ['rcp-06', 'rcp-07', 'rcp-08'];

if (!process.env.DATABASE_URL?.startsWith('postgres://')) {
  console.log(JSON.stringify({ bench: 'scale-out', skipped: 'needs DATABASE_URL=postgres://…' }));
  process.exit(0);
}

function batch(n: number) {
  const worker = DEMO_WORKERS[n % DEMO_WORKERS.length]!;
  const now = Date.now();
  return {
    items: Array.from({ length: 100 }, (_, i) => ({
      kind: 'payment',
      workerId: worker.id,
      ...amountCapture(RECIPIENTS[i % RECIPIENTS.length]!, 1, now - i, { serviceStartAt: now - i }),
    })),
    sentAt: now,
  };
}

/** CPU ms used so far by every PostgreSQL server process on this machine. */
function postgresCpuMs(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      total += cpuMs(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

const fingerprint = (r: SyncCommandResult): string =>
  r.status === 'refused' ? `refused ${r.code}` : `${r.status} ${r.approvalNumber} ${r.balanceKrw} ${r.recordedAt}`;

async function run(processes: number) {
  const database = await createPostgresDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'evoucher-scale-'));
  const hosts: HostProcess[] = [];
  try {
    // One after the other: the first migrates and seeds, the others find it done.
    for (let i = 0; i < processes; i++) {
      hosts.push(
        await startHost({
          dataDir: path.join(dataDir, String(i)),
          databaseUrl: database.url,
          port: await freePort(),
          env: { OFFLINE_MAX_COUNT: '1000000', LOGIN_RATE_LIMIT_PER_MINUTE: '100000', SYNC_MAX_IN_FLIGHT: '8', LOG_LEVEL: 'warn' },
        }),
      );
    }
    const cookies = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => login(hosts[0]!.baseUrl, DEMO_WORKERS[i % DEMO_WORKERS.length]!)));
    const clients = hosts.map((host) => client(host.baseUrl, CLIENTS));

    // Race: every batch to every process at once.
    let differing = 0;
    const raced = new Set<string>();
    for (let n = 0; n < RACE_BATCHES; n++) {
      const body = batch(n);
      const answers = await Promise.all(clients.map((c) => c.post(SYNC_COMMANDS_PATH, body, cookies[n % CLIENTS])));
      const results = answers.map((answer) => {
        if (answer.status !== 200) throw new Error(`race ${answer.status} ${answer.body.slice(0, 200)}`);
        return new Map((JSON.parse(answer.body) as { results: SyncCommandResult[] }).results.map((r) => [r.commandId, fingerprint(r)]));
      });
      for (const item of body.items) {
        raced.add(item.paymentId);
        const seen = new Set(results.map((r) => r.get(item.paymentId)));
        if (seen.size !== 1 || seen.has(undefined)) differing += 1;
      }
    }

    // Load: distinct batches, round-robin over the processes.
    const pids = hosts.map((host) => host.child.pid!);
    const hostCpuBefore = pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
    const pgCpuBefore = postgresCpuMs();
    const startedAt = performance.now();
    const endAt = Date.now() + SECONDS * 1000;
    let approved = 0;
    let sent = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        while (Date.now() < endAt) {
          const target = sent++ % processes;
          const answer = await clients[target]!.post(SYNC_COMMANDS_PATH, batch(c), cookies[c]);
          if (answer.status === 429) continue;
          if (answer.status !== 200) throw new Error(`load ${answer.status} ${answer.body.slice(0, 200)}`);
          approved += (JSON.parse(answer.body) as { results: SyncCommandResult[] }).results.filter((r) => r.status === 'approved').length;
        }
      }),
    );
    const seconds = (performance.now() - startedAt) / 1000;
    const hostCpu = pids.reduce((sum, pid) => sum + cpuMs(pid), 0) - hostCpuBefore;
    const pgCpu = postgresCpuMs() - pgCpuBefore;
    for (const c of clients) c.agent.destroy();

    // What the database holds: each payment once, every balance equal to its ledger.
    const handle = openDatabase({ databaseUrl: database.url, sqliteFile: '' });
    try {
      const stored = await handle.db
        .selectFrom('payments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const unbalanced = await sql<{ id: string }>`
        select v.id from vouchers v
        left join (select voucher_id, sum(delta_krw) as total from ledger_entries group by voucher_id) l on l.voucher_id = v.id
        where v.balance_krw <> coalesce(l.total, 0)`.execute(handle.db);
      return {
        bench: 'scale-out',
        engine: 'postgres',
        processes,
        race: { captures: raced.size, differingAnswers: differing },
        paymentsStored: Number(stored.n),
        paymentsExpected: raced.size + approved,
        vouchersOffLedger: unbalanced.rows.length,
        paymentsPerSecond: Math.round(approved / seconds),
        perProcess: Math.round(approved / seconds / processes),
        hostCpuMsPerPayment: Math.round((hostCpu / approved) * 1000) / 1000,
        postgresCpuMsPerPayment: Math.round((pgCpu / approved) * 1000) / 1000,
        // SPEC §7: 2,000 payments/s after an outage. Cores = ms of CPU per payment × 2,000 / 1,000.
        coresFor2000PerSecond: { host: Math.round((hostCpu / approved) * 2 * 100) / 100, postgres: Math.round((pgCpu / approved) * 2 * 100) / 100 },
      };
    } finally {
      await handle.close();
    }
  } finally {
    for (const host of hosts) await stopHost(host);
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

for (const processes of [1, 2, 4]) console.log(JSON.stringify(await run(processes)));
process.exit(0);
