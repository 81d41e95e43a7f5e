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

  /** The cards with any of these tokens or card numbers, in one query (a sync batch). */
  findByTokensOrNumbers(db: Db, tokens: readonly string[], cardNumbers: readonly string[]): Promise<CardRow[]> {
    if (tokens.length === 0 && cardNumbers.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('cards')
      .selectAll()
      .where((eb) =>
        eb.or([
          ...(tokens.length > 0 ? [eb('token', 'in', [...new Set(tokens)])] : []),
          ...(cardNumbers.length > 0 ? [eb('card_number', 'in', [...new Set(cardNumbers)])] : []),
        ]),
      )
      .execute();
  },

  findRecipient(db: Db, id: string): Promise<RecipientRow | undefined> {
    return db.selectFrom('recipients').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** An institution's contracts with some recipients, as (recipient, program) pairs, in one query. */
  async listContractsFor(
    db: Db,
    institutionId: string,
    recipientIds: readonly string[],
  ): Promise<Array<{ recipient_id: string; program_id: string }>> {
    if (recipientIds.length === 0) return [];
    return db
      .selectFrom('contracts')
      .select(['recipient_id', 'program_id'])
      .where('institution_id', '=', institutionId)
      .where('recipient_id', 'in', [...new Set(recipientIds)])
      .execute();
  },

  /** Inserts lookups in one statement, in the given order; an id already stored is left as it is. */
  async insertLookupsIfNew(db: Db, lookups: readonly Insertable<LookupTable>[]): Promise<void> {
    if (lookups.length === 0) return;
    await db
      .insertInto('lookups')
      .values([...lookups])
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  },

  /** The programs an institution may bill a recipient for (its contracts with them). */
  async contractedProgramsOf(db: Db, institutionId: string, recipientId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('contracts')
      .select('program_id')
      .where('institution_id', '=', institutionId)
      .where('recipient_id', '=', recipientId)
      .execute();
    return rows.map((row) => row.program_id);
  },

  async contractedProgramIds(db: Db, institutionId: string): Promise<string[]> {
    const rows = await db.selectFrom('contracts').select('program_id').distinct().where('institution_id', '=', institutionId).execute();
    return rows.map((r) => r.program_id);
  },

  async insertLookup(db: Db, lookup: Insertable<LookupTable>): Promise<void> {
    await db.insertInto('lookups').values(lookup).execute();
  },

  findLookup(db: Db, id: string): Promise<LookupRow | undefined> {
    return db.selectFrom('lookups').selectAll().where('id', '=', id).executeTakeFirst();
  },
};
