import type { Selectable } from 'kysely';
import type { Db } from '../db/database';
import type { InstitutionTable, WorkerTable } from './worker.table';

export type WorkerRow = Selectable<WorkerTable>;
export type InstitutionRow = Selectable<InstitutionTable>;

export const workerRepository = {
  findByPhone(db: Db, phone: string): Promise<WorkerRow | undefined> {
    return db.selectFrom('workers').selectAll().where('phone', '=', phone).executeTakeFirst();
  },

  findById(db: Db, id: string): Promise<WorkerRow | undefined> {
    return db.selectFrom('workers').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Compare-and-set of the password hash; false when it changed since it was read. */
  async replacePasswordHash(db: Db, workerId: string, expectedHash: string, nextHash: string): Promise<boolean> {
    const result = await db
      .updateTable('workers')
      .set({ password_hash: nextHash })
      .where('id', '=', workerId)
      .where('password_hash', '=', expectedHash)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /** The programs the institution let this worker bill; empty = every program of the institution. */
  async programIds(db: Db, workerId: string): Promise<string[]> {
    const rows = await db.selectFrom('worker_programs').select('program_id').where('worker_id', '=', workerId).execute();
    return rows.map((row) => row.program_id);
  },

  findInstitution(db: Db, id: string): Promise<InstitutionRow | undefined> {
    return db.selectFrom('institutions').selectAll().where('id', '=', id).executeTakeFirst();
  },
};
