/**
 * The floor every host benchmark is compared with (issue 8): the least a ledger can do per
 * payment, written plainly — node:http and better-sqlite3 (or pg), no framework, no validation
 * library, no query builder. Per payment: the idempotency lookup, the conditional balance update,
 * the payment row, two ledger entries (debit and its counter-entry), one transaction; SQLite in WAL
 * with synchronous=FULL, like the host. It is a benchmark fixture, not a product: it trusts its input.
 *   node --import tsx bench/floor-server.ts <port> <sqliteFile | postgres://…>
 * POST /pay {id, voucherId, amount} → {approved, balance}; POST /batch {items: [...]} → {results};
 * POST /refuse → 429 without reading the body.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import SQLite from 'better-sqlite3';
import pg from 'pg';

const [portArg = '0', target = ':memory:'] = process.argv.slice(2);
export const FLOOR_VOUCHERS = 8;
export const FLOOR_BALANCE = 1_000_000_000;

interface Item {
  id: string;
  voucherId: string;
  amount: number;
}
interface Answer {
  id: string;
  approved: boolean;
  balance: number;
}
type Ledger = { pay(items: readonly Item[]): Promise<Answer[]> };

const SCHEMA = [
  'create table if not exists vouchers (id text primary key, balance bigint not null check (balance >= 0))',
  'create table if not exists payments (id text primary key, voucher_id text not null, amount bigint not null, recorded_at bigint not null)',
  'create table if not exists ledger (id text primary key, payment_id text not null, voucher_id text not null, delta bigint not null, recorded_at bigint not null)',
];

function sqliteLedger(file: string): Ledger {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  for (const statement of SCHEMA) db.exec(statement);
  const seed = db.prepare('insert or ignore into vouchers (id, balance) values (?, ?)');
  for (let v = 0; v < FLOOR_VOUCHERS; v++) seed.run(`v${v}`, FLOOR_BALANCE);
  const seen = db.prepare('select p.id, v.balance from payments p join vouchers v on v.id = p.voucher_id where p.id = ?');
  const debit = db.prepare('update vouchers set balance = balance - ? where id = ? and balance >= ? returning balance');
  const payment = db.prepare('insert into payments (id, voucher_id, amount, recorded_at) values (?, ?, ?, ?)');
  const entry = db.prepare('insert into ledger (id, payment_id, voucher_id, delta, recorded_at) values (?, ?, ?, ?, ?)');
  const apply = db.transaction((items: readonly Item[]) =>
    items.map((item): Answer => {
      const before = seen.get(item.id) as { balance: number } | undefined;
      if (before) return { id: item.id, approved: true, balance: Number(before.balance) };
      const row = debit.get(item.amount, item.voucherId, item.amount) as { balance: number } | undefined;
      if (!row) return { id: item.id, approved: false, balance: 0 };
      const now = Date.now();
      payment.run(item.id, item.voucherId, item.amount, now);
      entry.run(randomUUID(), item.id, item.voucherId, -item.amount, now);
      entry.run(randomUUID(), item.id, 'provider', item.amount, now);
      return { id: item.id, approved: true, balance: Number(row.balance) };
    }),
  );
  return { pay: async (items) => apply(items) };
}

async function postgresLedger(url: string): Promise<Ledger> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  for (const statement of SCHEMA) await pool.query(statement);
  for (let v = 0; v < FLOOR_VOUCHERS; v++) {
    await pool.query('insert into vouchers (id, balance) values ($1, $2) on conflict do nothing', [`v${v}`, FLOOR_BALANCE]);
  }
  return {
    async pay(items) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const answers: Answer[] = [];
        for (const item of items) {
          const before = await client.query({
            name: 'seen',
            text: 'select v.balance from payments p join vouchers v on v.id = p.voucher_id where p.id = $1',
            values: [item.id],
          });
          if (before.rows[0]) {
            answers.push({ id: item.id, approved: true, balance: Number(before.rows[0].balance) });
            continue;
          }
          const row = await client.query({
            name: 'debit',
            text: 'update vouchers set balance = balance - $1 where id = $2 and balance >= $1 returning balance',
            values: [item.amount, item.voucherId],
          });
          if (!row.rows[0]) {
            answers.push({ id: item.id, approved: false, balance: 0 });
            continue;
          }
          const now = Date.now();
          await client.query({
            name: 'payment',
            text: 'insert into payments values ($1, $2, $3, $4)',
            values: [item.id, item.voucherId, item.amount, now],
          });
          await client.query({
            name: 'entries',
            text: 'insert into ledger values ($1, $2, $3, $4, $5), ($6, $2, $7, $8, $5)',
            values: [randomUUID(), item.id, item.voucherId, -item.amount, now, randomUUID(), 'provider', item.amount],
          });
          answers.push({ id: item.id, approved: true, balance: Number(row.rows[0].balance) });
        }
        await client.query('commit');
        return answers;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

const ledger = target.startsWith('postgres://') ? await postgresLedger(target) : sqliteLedger(target);

const server = http.createServer((request, response) => {
  if (request.url === '/refuse') {
    // The least a refusal can cost: answered on the request line, the body left unread.
    response.writeHead(429, { 'content-type': 'application/json', 'content-length': 2, 'retry-after': '1' }).end('{}');
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    void (async () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Item & { items?: Item[] };
        const answers = await ledger.pay(request.url === '/batch' ? (body.items ?? []) : [body]);
        const payload = JSON.stringify(request.url === '/batch' ? { results: answers } : answers[0]);
        response.writeHead(200, { 'content-type': 'application/json' }).end(payload);
      } catch (error) {
        response.writeHead(500).end(String(error));
      }
    })();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(portArg), '127.0.0.1', () => console.log(`floor listening on ${(server.address() as { port: number }).port}`));
