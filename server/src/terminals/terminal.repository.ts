import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/database';
import type { TerminalTable } from './terminal.table';

export type TerminalRow = Selectable<TerminalTable>;

export const terminalRepository = {
  findByDeviceId(db: Db, deviceId: string): Promise<TerminalRow | undefined> {
    return db.selectFrom('terminals').selectAll().where('device_id', '=', deviceId).executeTakeFirst();
  },

  findById(db: Db, id: string): Promise<TerminalRow | undefined> {
    return db.selectFrom('terminals').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Inserts unless the device is already registered; false when another request got there first. */
  async insertIfNewDevice(db: Db, terminal: Insertable<TerminalTable>): Promise<boolean> {
    const result = await db
      .insertInto('terminals')
      .values(terminal)
      .onConflict((oc) => oc.column('device_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  },

  /** Binds a terminal to an institution only if it is still unbound (first login wins). */
  async bindToInstitution(db: Db, terminalId: string, institutionId: string): Promise<void> {
    await db
      .updateTable('terminals')
      .set({ institution_id: institutionId })
      .where('id', '=', terminalId)
      .where('institution_id', 'is', null)
      .execute();
  },
};
