import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/database';
import type { CardTable, LookupTable, RecipientTable } from './card.table';

export type CardRow = Selectable<CardTable>;
export type LookupRow = Selectable<LookupTable>;
export type RecipientRow = Selectable<RecipientTable>;

export const cardRepository = {
  findByToken(db: Db, token: string): Promise<CardRow | undefined> {
    return db.selectFrom('cards').selectAll().where('token', '=', token).executeTakeFirst();
  },

  findByNumber(db: Db, cardNumber: string): Promise<CardRow | undefined> {
    return db.selectFrom('cards').selectAll().where('card_number', '=', cardNumber).executeTakeFirst();
  },

  findRecipient(db: Db, id: string): Promise<RecipientRow | undefined> {
    return db.selectFrom('recipients').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async hasContract(db: Db, institutionId: string, recipientId: string, programId: string): Promise<boolean> {
    const row = await db
      .selectFrom('contracts')
      .select('id')
      .where('institution_id', '=', institutionId)
      .where('recipient_id', '=', recipientId)
      .where('program_id', '=', programId)
      .executeTakeFirst();
    return row !== undefined;
  },

  async contractedProgramIds(db: Db, institutionId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('contracts')
      .select('program_id')
      .distinct()
      .where('institution_id', '=', institutionId)
      .execute();
    return rows.map((r) => r.program_id);
  },

  async insertLookup(db: Db, lookup: Insertable<LookupTable>): Promise<void> {
    await db.insertInto('lookups').values(lookup).execute();
  },

  findLookup(db: Db, id: string): Promise<LookupRow | undefined> {
    return db.selectFrom('lookups').selectAll().where('id', '=', id).executeTakeFirst();
  },
};
