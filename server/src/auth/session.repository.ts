import type { Insertable } from 'kysely';
import type { Db } from '../db/database';
import { preparedQuery } from '../db/prepared-query';
import type { SessionTable } from './session.table';

export interface ActiveSessionRow {
  token_hash: string;
  worker_id: string;
  terminal_id: string;
  institution_id: string;
  terminal_status: 'active' | 'revoked';
  terminal_profile: 'personal' | 'shared';
  last_seen_at: number;
  expires_at: number;
  auto_login: number;
  revoked_at: number | null;
  /** The worker's 사용 중지 (host time), null while in service. */
  worker_deactivated_at: number | null;
}

const findWithWorker = preparedQuery((db: Db, tokenHash: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('workers', 'workers.id', 'sessions.worker_id')
    .innerJoin('terminals', 'terminals.id', 'sessions.terminal_id')
    .select([
      'sessions.token_hash',
      'sessions.worker_id',
      'sessions.terminal_id',
      'workers.institution_id',
      'terminals.status as terminal_status',
      'terminals.profile as terminal_profile',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.auto_login',
      'sessions.revoked_at',
      'workers.deactivated_at as worker_deactivated_at',
    ])
    .where('sessions.token_hash', '=', tokenHash),
);

export const sessionRepository = {
  async insert(db: Db, session: Insertable<SessionTable>): Promise<void> {
    await db.insertInto('sessions').values(session).execute();
  },

  /** Read on every authenticated request: prepared once (db/prepared-query.ts). */
  async findWithWorker(db: Db, tokenHash: string): Promise<ActiveSessionRow | undefined> {
    const [row] = await findWithWorker(db, tokenHash);
    return row;
  },

  async touch(db: Db, tokenHash: string, seenAt: number): Promise<void> {
    await db.updateTable('sessions').set({ last_seen_at: seenAt }).where('token_hash', '=', tokenHash).execute();
  },

  /** 자동로그인 해제: the session goes on without it; its absolute end only ever comes closer. */
  async endAutoLogin(db: Db, tokenHash: string, expiresAtMost: number, seenAt: number): Promise<void> {
    await db
      .updateTable('sessions')
      .set((eb) => ({
        auto_login: 0,
        last_seen_at: seenAt,
        expires_at: eb.case().when('expires_at', '>', expiresAtMost).then(expiresAtMost).else(eb.ref('expires_at')).end(),
      }))
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .execute();
  },

  /**
   * Ends every live session of the worker but one, on the worker's own devices only: a session on a
   * shared terminal is the institution's tablet staying signed in for everyone (each payment there
   * names its worker by 결제 ID), so it goes on. Answers how many it ended.
   */
  async revokeOthers(db: Db, workerId: string, keepTokenHash: string, revokedAt: number): Promise<number> {
    const result = await db
      .updateTable('sessions')
      .set({ revoked_at: revokedAt })
      .where('worker_id', '=', workerId)
      .where('token_hash', '!=', keepTokenHash)
      .where('revoked_at', 'is', null)
      .where('terminal_id', 'not in', db.selectFrom('terminals').select('id').where('profile', '=', 'shared'))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  async revoke(db: Db, tokenHash: string, revokedAt: number): Promise<void> {
    await db.updateTable('sessions').set({ revoked_at: revokedAt }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
  },
};
