import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/database';
import type { TerminalTable } from './terminal.table';

export type TerminalRow = Selectable<TerminalTable>;

export const terminalRepository = {
  /** What the device's outbox held at its last snapshot refresh: the console's pending offline count. */
  async reportPending(db: Db, terminalId: string, pendingCount: number, reportedAt: number): Promise<void> {
    await db.updateTable('terminals').set({ pending_count: pendingCount, pending_reported_at: reportedAt }).where('id', '=', terminalId).execute();
  },

  findByDeviceId(db: Db, deviceId: string): Promise<TerminalRow | undefined> {
    return db.selectFrom('terminals').selectAll().where('device_id', '=', deviceId).executeTakeFirst();
  },

  findById(db: Db, id: string): Promise<TerminalRow | undefined> {
    return db.selectFrom('terminals').selectAll().where('id', '=', id).executeTakeFirst();
  },

  findByNumber(db: Db, terminalNumber: string): Promise<TerminalRow | undefined> {
    return db.selectFrom('terminals').selectAll().where('terminal_number', '=', terminalNumber).executeTakeFirst();
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

  /** 등록 확인 of a known device: when it was last seen, and its model if the browser now names it otherwise. */
  /** The app's version is kept when it said one (x-app-version), for the console's terminal list. */
  async touch(db: Db, terminalId: string, model: string, seenAt: number, appVersion: string | null = null): Promise<void> {
    await db
      .updateTable('terminals')
      .set(appVersion === null ? { last_seen_at: seenAt, model } : { last_seen_at: seenAt, model, app_version: appVersion })
      .where('id', '=', terminalId)
      .execute();
  },

  /** Binds a terminal to an institution only if it is still unbound (first login wins); true when this call bound it. */
  async bindToInstitution(db: Db, terminalId: string, institutionId: string): Promise<boolean> {
    const result = await db
      .updateTable('terminals')
      .set({ institution_id: institutionId })
      .where('id', '=', terminalId)
      .where('institution_id', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /**
   * The terminal a worker used last, other than `exceptId`, of this model and institution, still
   * active and personal: what a new registration may be a re-install of.
   */
  findLastUsedBy(db: Db, workerId: string, institutionId: string, model: string, exceptId: string): Promise<TerminalRow | undefined> {
    return db
      .selectFrom('terminals')
      .selectAll('terminals')
      .where('terminals.id', '!=', exceptId)
      .where('terminals.institution_id', '=', institutionId)
      .where('terminals.model', '=', model)
      .where('terminals.status', '=', 'active')
      .where('terminals.profile', '=', 'personal')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('sessions')
            .select('sessions.token_hash')
            .whereRef('sessions.terminal_id', '=', 'terminals.id')
            .where('sessions.worker_id', '=', workerId),
        ),
      )
      .orderBy('terminals.last_seen_at', 'desc')
      .orderBy('terminals.registered_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  },

  /** Whether anything but sessions names the terminal: a card read, a service, a payment, a command. */
  async hasWork(db: Db, terminalId: string): Promise<boolean> {
    for (const table of ['lookups', 'open_services', 'service_discards', 'payments', 'commands', 'cancellations'] as const) {
      const row = await db.selectFrom(table).select('terminal_id').where('terminal_id', '=', terminalId).limit(1).executeTakeFirst();
      if (row) return true;
    }
    return false;
  },
};
