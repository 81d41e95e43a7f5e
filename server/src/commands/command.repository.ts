import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/database';
import { insertNewRows } from '../db/insert-rows';
import type { CommandTable } from './command.table';

export type CommandRow = Selectable<CommandTable>;

/** A stored command with what its approval left: the payment's approval number, flag and balance. */
export interface CommandOutcomeRow extends CommandRow {
  approval_number: string | null;
  flagged_for_review: number | null;
  balance_after_krw: number | null;
}

export const commandRepository = {
  /**
   * Claims ids for new commands in one statement, rows written in the given order (callers sort
   * them, so racing transactions wait on each other's keys in one order); answers the ids this
   * call inserted. An id already stored is a resubmission: its row is left as it is.
   */
  async claim(db: Db, rows: readonly Insertable<CommandTable>[]): Promise<Set<string>> {
    return insertNewRows(db, 'commands', rows, 'id');
  },

  /** Turns claimed commands into refusals inside the claiming transaction (a balance found short). */
  async refuseClaimed(db: Db, ids: readonly string[], code: string): Promise<void> {
    if (ids.length === 0) return;
    await db
      .updateTable('commands')
      .set({ status: 'refused', code })
      .where('id', 'in', [...ids])
      .execute();
  },

  /** The stored outcome of some ids, in one query: each command with its payment and ledger balance. */
  async findOutcomes(db: Db, ids: readonly string[]): Promise<Map<string, CommandOutcomeRow>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('commands')
      .leftJoin('payments', 'payments.id', 'commands.id')
      .leftJoin('ledger_entries', (join) => join.onRef('ledger_entries.payment_id', '=', 'payments.id').on('ledger_entries.kind', '=', 'payment'))
      .selectAll('commands')
      .select([
        'payments.approval_number as approval_number',
        'payments.flagged_for_review as flagged_for_review',
        'ledger_entries.balance_after_krw as balance_after_krw',
      ])
      .where('commands.id', 'in', [...new Set(ids)])
      .execute();
    return new Map(
      rows.map((row) => [
        row.id,
        {
          ...row,
          flagged_for_review: row.flagged_for_review === null ? null : Number(row.flagged_for_review),
          balance_after_krw: row.balance_after_krw === null ? null : Number(row.balance_after_krw),
        },
      ]),
    );
  },
};
