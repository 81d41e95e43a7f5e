/**
 * Data of one journey alone, written straight into the host's database beside the running host
 * (WAL allows it), so that what a journey changes — a password, a balance, a terminal's mode —
 * disturbs no other journey of the same run. Test support only.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { E2E_DATA_DIR } from '../playwright.config';
import { hashPassword } from '../server/src/auth/password';
import { seoulMonth } from '../src/domain/time';
import { hostDb } from './fixtures';

export interface JourneyWorker {
  readonly id: string;
  readonly name: string;
  readonly phone: string;
  readonly password: string;
  readonly paymentId: string;
}

/** A worker of the demo institution. */
export async function journeyWorker(id: string, phone: string, password: string, paymentId: string): Promise<JourneyWorker> {
  const db = hostDb();
  try {
    db.prepare(
      `INSERT INTO workers (id, institution_id, name, phone, password_hash, payment_id, created_at)
       VALUES (?, 'inst-seongnam', '시험인력', ?, ?, ?, ?)`,
    ).run(id, phone, await hashPassword(password), paymentId, Date.now());
  } finally {
    db.close();
  }
  return { id, name: '시험인력', phone, password, paymentId };
}

export interface JourneyRecipient {
  readonly id: string;
  readonly programId: string;
  readonly cardToken: string;
  readonly cardNumber: string;
  readonly voucherId: string;
}

/**
 * A recipient with a card, a contract with the demo institution and this month's voucher of
 * `balanceKrw`, granted by a ledger entry as the host grants one (balance = Σ ledger).
 */
export function journeyRecipient(id: string, name: string, programId: string, cardNumber: string, balanceKrw: number): JourneyRecipient {
  const now = Date.now();
  const voucherId = `vch-${id}-${programId}-${seoulMonth(now)}`;
  const cardToken = `EVC-${id}`;
  const db = hostDb();
  try {
    db.transaction(() => {
      db.prepare('INSERT INTO recipients (id, name, phone, created_at) VALUES (?, ?, ?, ?)').run(id, name, '01029990000', now);
      db.prepare(`INSERT INTO cards (id, recipient_id, token, card_number, status, created_at) VALUES (?, ?, ?, ?, 'active', ?)`).run(
        `card-${id}`,
        id,
        cardToken,
        cardNumber,
        now,
      );
      grantJourneyVoucher(db, id, programId, balanceKrw, now);
    })();
  } finally {
    db.close();
  }
  return { id, programId, cardToken, cardNumber, voucherId };
}

/** A contract with the demo institution and this month's voucher of `balanceKrw`, granted by a ledger entry. */
function grantJourneyVoucher(db: ReturnType<typeof hostDb>, recipientId: string, programId: string, balanceKrw: number, now: number): string {
  const voucherId = `vch-${recipientId}-${programId}-${seoulMonth(now)}`;
  db.prepare(`INSERT INTO contracts (id, institution_id, recipient_id, program_id, created_at) VALUES (?, 'inst-seongnam', ?, ?, ?)`).run(
    `ctr-${recipientId}-${programId}`,
    recipientId,
    programId,
    now,
  );
  db.prepare('INSERT INTO vouchers (id, recipient_id, program_id, month, granted_krw, balance_krw, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    voucherId,
    recipientId,
    programId,
    seoulMonth(now),
    balanceKrw,
    balanceKrw,
    now,
  );
  db.prepare(
    `INSERT INTO ledger_entries (id, voucher_id, payment_id, kind, delta_krw, balance_after_krw, recorded_at) VALUES (?, ?, NULL, 'grant', ?, ?, ?)`,
  ).run(randomUUID(), voucherId, balanceKrw, balanceKrw, now);
  return voucherId;
}

/** Another program's voucher for a journey recipient (a 시도추가지원 top-up beside the national one). */
export function journeyVoucher(recipientId: string, programId: string, balanceKrw: number): string {
  const db = hostDb();
  try {
    return db.transaction(() => grantJourneyVoucher(db, recipientId, programId, balanceKrw, Date.now()))();
  } finally {
    db.close();
  }
}

/** The institution administrator's host command (`npm run admin`), on the journeys' host database. */
export function admin(...args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'server/admin.ts', ...args, '--institution', 'inst-seongnam'], {
    env: { ...process.env, DATA_DIR: E2E_DATA_DIR, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
}

/** The payments recorded on a voucher, oldest first: whose they are and how they came. */
export function paymentsOn(voucherId: string): { workerId: string; mode: string; amountKrw: number }[] {
  const db = hostDb();
  try {
    const rows = db
      .prepare(`SELECT worker_id, mode, amount_krw FROM payments WHERE voucher_id = ? AND status = 'approved' ORDER BY recorded_at, id`)
      .all(voucherId) as { worker_id: string; mode: string; amount_krw: number }[];
    return rows.map((row) => ({ workerId: row.worker_id, mode: row.mode, amountKrw: Number(row.amount_krw) }));
  } finally {
    db.close();
  }
}
