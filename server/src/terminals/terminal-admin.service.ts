/**
 * What an institution administrator does with its terminals (the console comes later; for now the
 * host command `npm run admin`, server/admin.ts): list them, make one a shared terminal (a tablet
 * in the hall for all, or some, of its workers) or a personal phone again, revoke one (0304 from
 * then on, for payments and sync alike) or restore it. Every change names the institution it is
 * made for, and a terminal of another institution is refused (0273).
 */
import type { Db } from '../db/database';
import { HostError } from '../http/host-error';
import { terminalRepository, type TerminalRow } from './terminal.repository';

export interface TerminalListing {
  readonly terminalNumber: string;
  readonly model: string;
  readonly status: 'active' | 'revoked';
  readonly profile: 'personal' | 'shared';
  /** Shared terminals: 'all' workers of the institution, or the 결제 IDs listed. */
  readonly workers: 'all' | readonly string[];
  readonly registeredAt: number;
  readonly lastSeenAt: number | null;
}

async function listing(db: Db, row: TerminalRow): Promise<TerminalListing> {
  const listed =
    row.shared_workers === 'listed'
      ? (
          await db
            .selectFrom('terminal_workers')
            .innerJoin('workers', 'workers.id', 'terminal_workers.worker_id')
            .select('workers.payment_id')
            .where('terminal_workers.terminal_id', '=', row.id)
            .orderBy('workers.payment_id')
            .execute()
        ).map((worker) => worker.payment_id)
      : ('all' as const);
  return {
    terminalNumber: row.terminal_number,
    model: row.model,
    status: row.status,
    profile: row.profile,
    workers: row.profile === 'shared' ? listed : [],
    registeredAt: Number(row.registered_at),
    lastSeenAt: row.last_seen_at === null ? null : Number(row.last_seen_at),
  };
}

/** The institution's terminals, the most recently seen first. */
export async function listTerminals(db: Db, institutionId: string): Promise<TerminalListing[]> {
  const rows = await db
    .selectFrom('terminals')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .orderBy('last_seen_at', 'desc')
    .orderBy('terminal_number')
    .execute();
  return Promise.all(rows.map((row) => listing(db, row)));
}

/** The terminal by its 단말번호, if it is this institution's (or still no institution's, when `unboundOk`). */
async function terminalOf(db: Db, institutionId: string, terminalNumber: string, unboundOk: boolean): Promise<TerminalRow> {
  const terminal = await terminalRepository.findByNumber(db, terminalNumber);
  if (!terminal) throw new HostError('1005', `terminal number ${terminalNumber}`);
  if (terminal.institution_id === null ? !unboundOk : terminal.institution_id !== institutionId) {
    throw new HostError('0273', `terminal ${terminal.id} is not institution ${institutionId}'s`);
  }
  return terminal;
}

/**
 * Makes a terminal the institution's shared one: it stays signed in, and every payment on it asks
 * the 제공인력 결제 ID of a worker who may use it — every worker of the institution, or only those
 * whose 결제 IDs are listed (an unknown one is 0273, and nothing changes).
 */
export async function shareTerminal(
  db: Db,
  input: { institutionId: string; terminalNumber: string; workers: 'all' | readonly string[] },
  hostNow: number,
): Promise<TerminalListing> {
  return db.transaction().execute(async (trx) => {
    const terminal = await terminalOf(trx, input.institutionId, input.terminalNumber, true);
    const listed = input.workers === 'all' ? [] : [...new Set(input.workers)];
    const workers =
      listed.length === 0
        ? []
        : await trx
            .selectFrom('workers')
            .select(['id', 'payment_id'])
            .where('institution_id', '=', input.institutionId)
            .where('payment_id', 'in', listed)
            .execute();
    if (workers.length !== listed.length) {
      const known = new Set(workers.map((worker) => worker.payment_id));
      throw new HostError('0273', `no worker of ${input.institutionId} with 결제 ID ${listed.filter((id) => !known.has(id)).join(', ')}`);
    }
    await trx
      .updateTable('terminals')
      .set({ profile: 'shared', shared_workers: input.workers === 'all' ? 'all' : 'listed', institution_id: input.institutionId })
      .where('id', '=', terminal.id)
      .execute();
    await trx.deleteFrom('terminal_workers').where('terminal_id', '=', terminal.id).execute();
    if (workers.length > 0) {
      await trx
        .insertInto('terminal_workers')
        .values(workers.map((worker) => ({ terminal_id: terminal.id, worker_id: worker.id, created_at: hostNow })))
        .execute();
    }
    return listing(trx, { ...terminal, profile: 'shared', shared_workers: input.workers === 'all' ? 'all' : 'listed' });
  });
}

/** A shared terminal becomes a personal phone again: its next payments are its session worker's. */
export async function makePersonal(db: Db, input: { institutionId: string; terminalNumber: string }): Promise<TerminalListing> {
  return db.transaction().execute(async (trx) => {
    const terminal = await terminalOf(trx, input.institutionId, input.terminalNumber, false);
    await trx.updateTable('terminals').set({ profile: 'personal', shared_workers: 'all' }).where('id', '=', terminal.id).execute();
    await trx.deleteFrom('terminal_workers').where('terminal_id', '=', terminal.id).execute();
    return listing(trx, { ...terminal, profile: 'personal', shared_workers: 'all' });
  });
}

/**
 * Revokes a terminal (lost, stolen, retired): from now on every request of it — a login, a card
 * read, a payment, a sync of what it queued — is 0304, and its sessions end. Restoring it lets it
 * sync its queue again (its payments were never dropped: they wait on the device).
 */
export async function setTerminalStatus(
  db: Db,
  input: { institutionId: string; terminalNumber: string; status: 'active' | 'revoked' },
  hostNow: number,
): Promise<TerminalListing> {
  return db.transaction().execute(async (trx) => {
    const terminal = await terminalOf(trx, input.institutionId, input.terminalNumber, true);
    await trx.updateTable('terminals').set({ status: input.status }).where('id', '=', terminal.id).execute();
    if (input.status === 'revoked') {
      await trx.updateTable('sessions').set({ revoked_at: hostNow }).where('terminal_id', '=', terminal.id).where('revoked_at', 'is', null).execute();
    }
    return listing(trx, { ...terminal, status: input.status });
  });
}
