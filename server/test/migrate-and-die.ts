/**
 * Test support for migration-crash.test.ts: migrates a database and SIGKILLs its own process right
 * after the Nth statement, as a power cut or an OOM kill would. With no N it migrates to the end
 * and prints how many statements that took.
 *   node --import tsx server/test/migrate-and-die.ts <sqliteFile|postgres://…> [N]
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { openDatabase } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';

const [target = '', killAtArg] = process.argv.slice(2);
const killAt = killAtArg === undefined ? Number.POSITIVE_INFINITY : Number(killAtArg);
let executed = 0;

class DieAfter implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    executed += 1;
    if (executed >= killAt) process.kill(process.pid, 'SIGKILL');
    return args.result;
  }
}

const postgres = target.startsWith('postgres://');
const database = openDatabase({ databaseUrl: postgres ? target : null, sqliteFile: target });
await migrateToLatest(database.db.withPlugin(new DieAfter()));
await database.close();
console.log(`statements ${executed}`);
