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
import { SqliteAdapter, type Insertable } from 'kysely';
import type { Db } from '../db/database';
import { insertRows } from '../db/insert-rows';
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
      for (const changed of [...accounts.values()].filter((a) => a.balanceKrw !== a.openingKrw)) {
        const updated = await trx
          .updateTable('vouchers')
          .set({ balance_krw: changed.balanceKrw })
          .where('id', '=', changed.voucherId)
          .where('balance_krw', '=', changed.openingKrw)
          .executeTakeFirst();
        if (updated.numUpdatedRows !== 1n) throw new LedgerConflict(`voucher ${changed.voucherId} changed under the book`);
      }
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
      await insertRows(trx, 'ledger_entries', entries);
      // eventRepository.appendMany's two inserts, without the query builder: a batch posts a hundred.
      await insertRows(trx, 'domain_events', events);
      await insertRows(
        trx,
        'event_queue',
        events.map((event) => ({ event_id: event.id, available_at: event.recorded_at, attempts: 0 })),
      );
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
