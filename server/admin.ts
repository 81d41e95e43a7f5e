/**
 * `npm run admin -- <command>`: what an institution administrator does with its terminals until the
 * console exists, on the host's own database (DATA_DIR / DATABASE_URL, as `npm start`).
 *
 *   terminals --institution <id>                             list them (단말번호, model, mode, last seen)
 *   share <단말번호> --institution <id> [--workers 1001,1002]   make it a shared terminal (all workers, or these 결제 IDs)
 *   personal <단말번호> --institution <id>                      make it a personal phone again
 *   revoke <단말번호> --institution <id>                        0304 from now on (payments and sync)
 *   restore <단말번호> --institution <id>                       take it back into use
 *   retro-report [--month YYYY-MM]                             every institution's 소급결제 ratio (flagged above RETRO_RATIO_THRESHOLD)
 *   institution <id> --name <기관명> --admin <아이디> --password <비밀번호>
 *                                                             a new care centre and its first console login (/admin/)
 */
import { parseArgs } from 'node:util';
import { loadConfig } from './src/config';
import { openDatabase } from './src/db/connect';
import { migrateToLatest } from './src/db/migrate';
import { createAdministrator } from './src/admin-console/admin-auth.service';
import { HostError } from './src/http/host-error';
import { retroMonitoring } from './src/payments/retroactive.service';
import { seoulMonth } from '../src/domain/time';
import { listTerminals, makePersonal, setTerminalStatus, shareTerminal, type TerminalListing } from './src/terminals/terminal-admin.service';

const USAGE =
  'usage: npm run admin -- terminals|share|personal|revoke|restore [단말번호] --institution <id> [--workers 1001,1002] | retro-report [--month YYYY-MM]\n' +
  '       npm run admin -- institution <id> --name <기관명> --admin <아이디> --password <비밀번호>';

function line(terminal: TerminalListing): string {
  const mode = terminal.profile === 'shared' ? `shared (${terminal.workers === 'all' ? 'all workers' : terminal.workers.join(',')})` : 'personal';
  const seen = terminal.lastSeenAt === null ? '-' : new Date(terminal.lastSeenAt).toISOString();
  return [terminal.terminalNumber, terminal.status, mode, terminal.model, `last seen ${seen}`].join('\t');
}

/** The monitoring report of a month on the console: one line per institution, highest ratio first. */
async function retroReport(month: string | undefined): Promise<number> {
  const config = loadConfig();
  const database = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  try {
    await migrateToLatest(database.db);
    const report = await retroMonitoring(database.db, month ?? seoulMonth(Date.now()), config.retroRatioThreshold);
    console.log(`${report.month}\tthreshold ${report.threshold}`);
    for (const row of report.institutions) {
      console.log(
        [row.institutionId, `${row.retroactiveCount}/${row.paymentCount}`, row.ratio.toFixed(3), row.flagged ? 'FLAGGED' : 'ok'].join('\t'),
      );
    }
    return 0;
  } finally {
    await database.close();
  }
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      institution: { type: 'string' },
      workers: { type: 'string' },
      month: { type: 'string' },
      name: { type: 'string' },
      admin: { type: 'string' },
      password: { type: 'string' },
    },
  });
  const [command, terminalNumber] = positionals;
  if (command === 'retro-report') return retroReport(values.month);
  if (command === 'institution') return createInstitution(terminalNumber, values);
  const institutionId = values.institution;
  if (!command || !institutionId || (command !== 'terminals' && !terminalNumber)) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const database = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  try {
    await migrateToLatest(database.db);
    const now = Date.now();
    const at = { institutionId, terminalNumber: terminalNumber ?? '' };
    switch (command) {
      case 'terminals':
        for (const terminal of await listTerminals(database.db, institutionId)) console.log(line(terminal));
        return 0;
      case 'share': {
        const workers = values.workers ? values.workers.split(',').map((id) => id.trim()) : 'all';
        console.log(line(await shareTerminal(database.db, { ...at, workers }, now)));
        return 0;
      }
      case 'personal':
        console.log(line(await makePersonal(database.db, at)));
        return 0;
      case 'revoke':
      case 'restore':
        console.log(line(await setTerminalStatus(database.db, { ...at, status: command === 'revoke' ? 'revoked' : 'active' }, now)));
        return 0;
      default:
        console.error(USAGE);
        return 2;
    }
  } catch (error) {
    if (error instanceof HostError) {
      console.error(`${error.code} ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

/**
 * A new care centre (DEMO_DATA=0, or beside the demo): the institution and its first administrator,
 * who then staffs and runs it from the console at /admin/ (workers, terminals, recipients, cards).
 */
async function createInstitution(
  institutionId: string | undefined,
  values: { name?: string | undefined; admin?: string | undefined; password?: string | undefined },
): Promise<number> {
  if (!institutionId || !/^[A-Za-z0-9_-]{1,64}$/.test(institutionId) || !values.name || !values.admin || !values.password) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const database = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  try {
    await migrateToLatest(database.db);
    const now = Date.now();
    await database.db
      .insertInto('institutions')
      .values({ id: institutionId, name: values.name, created_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const admin = {
      id: `adm-${institutionId}-${now.toString(36)}`,
      institutionId,
      loginId: values.admin,
      name: `${values.name} 관리자`,
      password: values.password,
    };
    if (!(await createAdministrator(database.db, admin, now))) {
      console.error(`the login id ${values.admin} is taken`);
      return 1;
    }
    console.log(`${institutionId}\t${values.name}\tadmin ${values.admin} → /admin/`);
    return 0;
  } finally {
    await database.close();
  }
}

process.exitCode = await main();
