import type { Selectable } from 'kysely';
import { normalizeCardNumber } from '../../../src/domain/people';
import type { CardRead } from '../../../src/domain/wire';
import type { Db } from '../db/database';
import type { WorkerCardTable } from './worker-card.table';

export type WorkerCardRow = Selectable<WorkerCardTable>;

export const workerCardRepository = {
  /** The live worker card a read names (a revoked one names nobody). */
  findActive(db: Db, card: CardRead): Promise<WorkerCardRow | undefined> {
    const query = db.selectFrom('worker_cards').selectAll().where('status', '=', 'active');
    return (
      card.kind === 'nfc' ? query.where('token', '=', card.token) : query.where('card_number', '=', normalizeCardNumber(card.number))
    ).executeTakeFirst();
  },

  /** The live cards of these workers, for the shared terminal's snapshot. */
  activeOf(db: Db, workerIds: readonly string[]): Promise<WorkerCardRow[]> {
    if (workerIds.length === 0) return Promise.resolve([]);
    return db.selectFrom('worker_cards').selectAll().where('status', '=', 'active').where('worker_id', 'in', workerIds).execute();
  },
};
