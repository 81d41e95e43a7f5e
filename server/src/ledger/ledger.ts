/**
 * The ledger: the one place a voucher balance changes (SPEC §6). Every money path — online
 * payments, offline sync, and next 소급결제 and 거래취소 — opens a Book on the vouchers it touches
 * inside its own transaction, debits or credits them, and commits the book:
 *
 *   const book = await openBook(trx, voucherIds);    // locks the vouchers (PostgreSQL) and reads them
 *   const after = book.debit(voucher, amount, entry); // in memory: the balance after, or undefined if short
 *   … write the payment rows …
 *   await book.commit(recordedAt);                    // per voucher ONE conditional UPDATE, then the
 *                                                     // ledger entries and their domain events
 *
 * The vouchers are locked in id order, so racing transactions cannot deadlock on them (callers claim
 * their command ids first, in id order, and lock vouchers after: one order for every path). Each
 * UPDATE is conditional on the balance read under the lock, so a change the lock did not prevent
 * (another process on SQLite) fails the transaction instead of overwriting it; balance ≥ 0 is also
 * a CHECK. Each entry writes its domain event in the same transaction (the transactional outbox
 * that the event relay delivers after the commit), so every committed money change yields one event.
 */
import { CompiledQuery, SqliteAdapter, type Insertable } from 'kysely';
import type { Db } from '../db/database';
import { insertRows } from '../db/insert-rows';
import { sqliteConnectionOf } from '../db/sqlite-connection';
import { timeOrderedId } from '../db/time-ordered-id';
import type { DomainEventKind, DomainEventTable } from '../events/event.table';
import { eventRepository } from '../events/event.repository';
import type { LedgerEntryKind, LedgerEntryTable } from './ledger.table';
import type { VoucherTable } from './voucher.table';

/** The account a book holds for one voucher: its balance when opened and after what was posted. */
interface Account {
  readonly voucherId: string;
  readonly recipientId: string;
  readonly openingKrw: number;
  balanceKrw: number;
}

/** What an entry says beyond its amount: the payment it belongs to and the event it makes. */
export interface EntryDetails {
  readonly paymentId: string;
  readonly institutionId: string;
  readonly event: { readonly kind: DomainEventKind; readonly payload: (balanceAfterKrw: number) => object };
}

/** Thrown when a voucher changed under the book (never on PostgreSQL, whose rows are locked): retry. */
export class LedgerConflict extends Error {
  override readonly name = 'LedgerConflict';
}

export interface Book {
  /** The voucher's balance now, with this book's postings applied. */
  balanceOf(voucherId: string): number;
  /** Takes `amountKrw` off the voucher if its balance covers it: the balance after, or undefined (2101). */
  debit(voucherId: string, amountKrw: number, details: EntryDetails): number | undefined;
  /** Gives `amountKrw` back to the voucher (거래취소): the balance after. */
  credit(voucherId: string, amountKrw: number, details: EntryDetails): number;
  /** Writes what was posted: one conditional UPDATE per changed voucher, the entries, their events. */
  commit(recordedAt: number): Promise<void>;
}

interface Posting {
  readonly account: Account;
  readonly kind: LedgerEntryKind;
  readonly deltaKrw: number;
  readonly balanceAfterKrw: number;
  readonly details: EntryDetails;
}

/**
 * A book's writes on PostgreSQL in one statement, one round trip: the conditional balance updates,
 * the ledger entries, the domain events and their queue rows (what eventRepository.appendMany
 * writes). Its text is the same whatever the counts (the rows go as arrays), so it is prepared once
 * per connection. Answers how many vouchers it updated.
 */
const POSTGRES_WRITE = `
with changed as (
  select * from unnest($1::text[], $2::bigint[], $3::bigint[]) as c (id, balance_krw, opening_krw)
), updated as (
  update vouchers set balance_krw = changed.balance_krw from changed
  where vouchers.id = changed.id and vouchers.balance_krw = changed.opening_krw
  returning vouchers.id
), entries as (
  insert into ledger_entries (id, voucher_id, payment_id, kind, delta_krw, balance_after_krw, recorded_at)
  select * from unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[], $10::bigint[])
), events as (
  insert into domain_events (id, kind, institution_id, recipient_id, voucher_id, payment_id, payload, recorded_at)
  select * from unnest($11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::bigint[])
), queued as (
  insert into event_queue (event_id, available_at, attempts)
  select id, recorded_at, 0 from unnest($11::text[], $18::bigint[]) as e (id, recorded_at)
)
select count(*)::int as updated from updated`;

async function writeOnPostgres(
  trx: Db,
  changed: readonly Account[],
  entries: readonly Insertable<LedgerEntryTable>[],
  events: readonly Insertable<DomainEventTable>[],
): Promise<number> {
  const column = <T, K extends keyof T>(rows: readonly T[], key: K): T[K][] => rows.map((row) => row[key]);
  const result = await trx.executeQuery<{ updated: number }>(
    CompiledQuery.raw(POSTGRES_WRITE, [
      changed.map((a) => a.voucherId),
      changed.map((a) => a.balanceKrw),
      changed.map((a) => a.openingKrw),
      column(entries, 'id'),
      column(entries, 'voucher_id'),
      column(entries, 'payment_id'),
      column(entries, 'kind'),
      column(entries, 'delta_krw'),
      column(entries, 'balance_after_krw'),
      column(entries, 'recorded_at'),
      column(events, 'id'),
      column(events, 'kind'),
      column(events, 'institution_id'),
      column(events, 'recipient_id'),
      column(events, 'voucher_id'),
      column(events, 'payment_id'),
      column(events, 'payload'),
      column(events, 'recorded_at'),
    ]),
  );
  return Number(result.rows[0]?.updated ?? 0);
}

/** Opens a book on some vouchers inside the caller's transaction. */
export async function openBook(trx: Db, voucherIds: Iterable<string>): Promise<Book> {
  const ids = [...new Set(voucherIds)].sort();
  const accounts = new Map<string, Account>();
  if (ids.length > 0) {
    const query = trx.selectFrom('vouchers').select(['id', 'recipient_id', 'balance_krw']).where('id', 'in', ids).orderBy('id');
    const sqlite = trx.getExecutor().adapter instanceof SqliteAdapter;
    for (const row of await (sqlite ? query : query.forUpdate()).execute()) {
      const balanceKrw = Number(row.balance_krw);
      accounts.set(row.id, { voucherId: row.id, recipientId: row.recipient_id, openingKrw: balanceKrw, balanceKrw });
    }
  }
  const postings: Posting[] = [];

  const account = (voucherId: string): Account => {
    const found = accounts.get(voucherId);
    if (!found) throw new Error(`voucher ${voucherId} is not in this book`);
    return found;
  };
  const post = (voucherId: string, kind: LedgerEntryKind, deltaKrw: number, details: EntryDetails): number => {
    const target = account(voucherId);
    target.balanceKrw += deltaKrw;
    postings.push({ account: target, kind, deltaKrw, balanceAfterKrw: target.balanceKrw, details });
    return target.balanceKrw;
  };

  return {
    balanceOf: (voucherId) => account(voucherId).balanceKrw,
    debit(voucherId, amountKrw, details) {
      if (!Number.isSafeInteger(amountKrw) || amountKrw <= 0) throw new Error(`debit of ${amountKrw}`);
      if (account(voucherId).balanceKrw < amountKrw) return undefined;
      return post(voucherId, 'payment', -amountKrw, details);
    },
    credit(voucherId, amountKrw, details) {
      if (!Number.isSafeInteger(amountKrw) || amountKrw <= 0) throw new Error(`credit of ${amountKrw}`);
      return post(voucherId, 'cancel', amountKrw, details);
    },
    async commit(recordedAt) {
      if (postings.length === 0) return;
      const changed = [...accounts.values()].filter((a) => a.balanceKrw !== a.openingKrw);
      const entries: Insertable<LedgerEntryTable>[] = [];
      const events: Insertable<DomainEventTable>[] = [];
      for (const posting of postings) {
        entries.push({
          id: timeOrderedId(),
          voucher_id: posting.account.voucherId,
          payment_id: posting.details.paymentId,
          kind: posting.kind,
          delta_krw: posting.deltaKrw,
          balance_after_krw: posting.balanceAfterKrw,
          recorded_at: recordedAt,
        });
        events.push({
          id: timeOrderedId(),
          kind: posting.details.event.kind,
          institution_id: posting.details.institutionId,
          recipient_id: posting.account.recipientId,
          voucher_id: posting.account.voucherId,
          payment_id: posting.details.paymentId,
          payload: JSON.stringify(posting.details.event.payload(posting.balanceAfterKrw)),
          recorded_at: recordedAt,
        });
      }
      if (sqliteConnectionOf(trx) === null) {
        const updated = await writeOnPostgres(trx, changed, entries, events);
        if (updated !== changed.length) throw new LedgerConflict(`${changed.length - updated} voucher(s) changed under the book`);
      } else {
        for (const account of changed) {
          const updated = await trx
            .updateTable('vouchers')
            .set({ balance_krw: account.balanceKrw })
            .where('id', '=', account.voucherId)
            .where('balance_krw', '=', account.openingKrw)
            .executeTakeFirst();
          if (updated.numUpdatedRows !== 1n) throw new LedgerConflict(`voucher ${account.voucherId} changed under the book`);
        }
        await insertRows(trx, 'ledger_entries', entries);
        await eventRepository.appendMany(trx, events);
      }
      postings.length = 0;
    },
  };
}

/**
 * Grants a month's voucher (its opening 'grant' entry and event) unless it exists; true when
 * granted. The one way a voucher comes to exist with money on it.
 */
export async function grantVoucher(
  trx: Db,
  voucher: Insertable<VoucherTable> & { granted_krw: number },
  institutionId: string | null,
): Promise<boolean> {
  const inserted = await trx
    .insertInto('vouchers')
    .values({ ...voucher, balance_krw: voucher.granted_krw })
    .onConflict((oc) => oc.columns(['recipient_id', 'program_id', 'month']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) return false;
  const recordedAt = Number(voucher.created_at);
  await trx
    .insertInto('ledger_entries')
    .values({
      id: timeOrderedId(),
      voucher_id: voucher.id,
      payment_id: null,
      kind: 'grant',
      delta_krw: voucher.granted_krw,
      balance_after_krw: voucher.granted_krw,
      recorded_at: recordedAt,
    })
    .execute();
  await eventRepository.appendMany(trx, [
    {
      id: timeOrderedId(),
      kind: 'voucher.granted',
      institution_id: institutionId,
      recipient_id: voucher.recipient_id,
      voucher_id: voucher.id,
      payment_id: null,
      payload: JSON.stringify({
        programId: voucher.program_id,
        month: voucher.month,
        amountKrw: voucher.granted_krw,
        balanceKrw: voucher.granted_krw,
      }),
      recorded_at: recordedAt,
    },
  ]);
  return true;
}
