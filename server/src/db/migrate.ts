import { Migrator, type Kysely } from 'kysely';
import type { Database } from './database';
import { MIGRATIONS } from '../../migrations';

/** Applies every pending migration; the list is static so it works the same under tsx and bundlers. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db: db as unknown as Kysely<unknown>, provider: { getMigrations: async () => MIGRATIONS } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
