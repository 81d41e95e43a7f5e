import { randomUUID } from 'node:crypto';
import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/database';
import type { RecipientAccountTable, RecipientAuditTable, RecipientSessionTable } from './recipient.table';

export type RecipientAccountRow = Selectable<RecipientAccountTable>;

export interface RecipientSessionRow {
  token_hash: string;
  recipient_id: string;
  last_seen_at: number;
  expires_at: number;
  auto_login: number;
  revoked_at: number | null;
}

export const recipientRepository = {
  findAccountByPhone(db: Db, phone: string): Promise<RecipientAccountRow | undefined> {
    return db.selectFrom('recipient_accounts').selectAll().where('phone', '=', phone).executeTakeFirst();
  },

  findAccount(db: Db, recipientId: string): Promise<RecipientAccountRow | undefined> {
    return db.selectFrom('recipient_accounts').selectAll().where('recipient_id', '=', recipientId).executeTakeFirst();
  },

  /** The recipient whose phone is this and who holds this active card, if any. */
  findByPhoneAndActiveCard(db: Db, phone: string, cardNumber: string): Promise<{ id: string } | undefined> {
    return db
      .selectFrom('recipients')
      .innerJoin('cards', 'cards.recipient_id', 'recipients.id')
      .select('recipients.id')
      .where('recipients.phone', '=', phone)
      .where('cards.card_number', '=', cardNumber)
      .where('cards.status', '=', 'active')
      .executeTakeFirst();
  },

  /** Answers false when the recipient or the phone already has an account. */
  async insertAccount(db: Db, account: Insertable<RecipientAccountTable>): Promise<boolean> {
    const result = await db
      .insertInto('recipient_accounts')
      .values(account)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  },

  async recordLogin(db: Db, recipientId: string, at: number): Promise<void> {
    await db
      .updateTable('recipient_accounts')
      .set((eb) => ({ last_login_at: at, first_login_at: eb.fn.coalesce('first_login_at', eb.val(at)) }))
      .where('recipient_id', '=', recipientId)
      .execute();
  },

  async insertSession(db: Db, session: Insertable<RecipientSessionTable>): Promise<void> {
    await db.insertInto('recipient_sessions').values(session).execute();
  },

  findSession(db: Db, tokenHash: string): Promise<RecipientSessionRow | undefined> {
    return db
      .selectFrom('recipient_sessions')
      .select(['token_hash', 'recipient_id', 'last_seen_at', 'expires_at', 'auto_login', 'revoked_at'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  },

  async touchSession(db: Db, tokenHash: string, at: number): Promise<void> {
    await db.updateTable('recipient_sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
  },

  async revokeSession(db: Db, tokenHash: string, at: number): Promise<void> {
    await db.updateTable('recipient_sessions').set({ revoked_at: at }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
  },

  async audit(db: Db, entry: Omit<Insertable<RecipientAuditTable>, 'id'>): Promise<void> {
    await db
      .insertInto('recipient_audit')
      .values({ id: randomUUID(), ...entry })
      .execute();
  },
};
