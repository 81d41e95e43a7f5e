import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/database';
import type { TariffRowTable } from './tariff.table';

export type TariffRowRecord = Selectable<TariffRowTable>;

export const tariffRepository = {
  listAll(db: Db): Promise<TariffRowRecord[]> {
    return db.selectFrom('tariff_rows').selectAll().orderBy('id').execute();
  },

  async count(db: Db): Promise<number> {
    const row = await db
      .selectFrom('tariff_rows')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async insertMany(db: Db, rows: Insertable<TariffRowTable>[]): Promise<void> {
    if (rows.length > 0) await db.insertInto('tariff_rows').values(rows).execute();
  },
};
