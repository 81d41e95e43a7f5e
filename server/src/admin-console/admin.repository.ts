import { randomUUID } from 'node:crypto';
import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/database';
import type { AdminAuditTable, AdminSessionTable, AdministratorTable } from './admin.table';

export type AdministratorRow = Selectable<AdministratorTable>;

export interface AdminSessionRow {
  token_hash: string;
  admin_id: string;
  institution_id: string;
  last_seen_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export const adminRepository = {
  findByLoginId(db: Db, loginId: string): Promise<AdministratorRow | undefined> {
    return db.selectFrom('administrators').selectAll().where('login_id', '=', loginId).executeTakeFirst();
  },

  findById(db: Db, id: string): Promise<AdministratorRow | undefined> {
    return db.selectFrom('administrators').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async insert(db: Db, admin: Insertable<AdministratorTable>): Promise<boolean> {
    const result = await db
      .insertInto('administrators')
      .values(admin)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  },

  async insertSession(db: Db, session: Insertable<AdminSessionTable>): Promise<void> {
    await db.insertInto('admin_sessions').values(session).execute();
  },

  findSession(db: Db, tokenHash: string): Promise<AdminSessionRow | undefined> {
    return db
      .selectFrom('admin_sessions')
      .innerJoin('administrators', 'administrators.id', 'admin_sessions.admin_id')
      .select([
        'admin_sessions.token_hash',
        'admin_sessions.admin_id',
        'administrators.institution_id',
        'admin_sessions.last_seen_at',
        'admin_sessions.expires_at',
        'admin_sessions.revoked_at',
      ])
      .where('admin_sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
  },

  async touchSession(db: Db, tokenHash: string, seenAt: number): Promise<void> {
    await db.updateTable('admin_sessions').set({ last_seen_at: seenAt }).where('token_hash', '=', tokenHash).execute();
  },

  async revokeSession(db: Db, tokenHash: string, revokedAt: number): Promise<void> {
    await db
      .updateTable('admin_sessions')
      .set({ revoked_at: revokedAt })
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .execute();
  },

  async audit(db: Db, row: Omit<Insertable<AdminAuditTable>, 'id'>): Promise<void> {
    await db
      .insertInto('admin_audit')
      .values({ id: randomUUID(), ...row })
      .execute();
  },
};
