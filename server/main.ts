/**
 * `npm start`: builds the apps if there is no build yet, migrates and seeds the database, and
 * serves the provider app, the recipient portal and the API on one port.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { findProgram } from '../src/domain/catalog';
import { buildApp } from './src/app';
import { loadConfig, REPO_ROOT } from './src/config';
import { openDatabase } from './src/db/connect';
import { migrateToLatest } from './src/db/migrate';
import { DEMO_ADMIN, DEMO_PORTAL_ACCOUNT, DEMO_RECIPIENTS, DEMO_WORKERS } from './src/demo/demo-data';
import { seedOnStart } from './src/demo/seed';
import { postgresNotifier } from './src/events/notifier';

async function buildAppsIfMissing(distDir: string): Promise<void> {
  if (existsSync(path.join(distDir, 'index.html'))) return;
  if (process.env.EVOUCHER_SKIP_BUILD === '1') {
    // API-only host (tests, benchmarks): static serving is skipped, /api works as usual.
    console.warn(`EVOUCHER_SKIP_BUILD=1 and no build in ${distDir}: serving the API only, no apps`);
    return;
  }
  console.log('dist/ is missing: building the provider app and the portal (vite build)…');
  const { build } = await import('vite');
  await build({ root: REPO_ROOT, configFile: path.join(REPO_ROOT, 'vite.config.ts') });
}

async function main(): Promise<void> {
  const config = loadConfig();
  await buildAppsIfMissing(config.distDir);

  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    sqliteFile: config.sqliteFile,
    onIdleError: (error) => console.error('idle database connection lost:', error.message),
  });
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) console.log(`migrations applied: ${applied.join(', ')}`);
  const { seeded, granted } = await seedOnStart(database.db, config.demoData, Date.now());
  if (seeded) console.log('demo data seeded');
  if (granted > 0) console.log(`granted ${granted} demo vouchers for this month`);

  // Several host processes on one PostgreSQL wake each other's event relays (and SSE) through LISTEN/NOTIFY.
  const notifier = config.databaseUrl
    ? await postgresNotifier(config.databaseUrl, (error) => console.error('notifier connection:', error.message))
    : undefined;
  const app = await buildApp({ config, db: database.db, ...(notifier ? { notifier } : {}) });
  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    try {
      await app.close();
      await notifier?.close();
    } finally {
      await database.close();
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const base = `http://localhost:${config.port}`;
  const lines = [
    '',
    `evoucher ${config.version} — ${database.kind === 'postgres' ? 'PostgreSQL' : config.sqliteFile}`,
    `  제공인력 결제앱 (provider app)  ${base}/`,
    `  이용자 포털 (recipient portal)  ${base}/portal/`,
    `  기관 관리 (institution console) ${base}/admin/`,
    `  OpenAPI                        ${base}/api/openapi.json`,
    '',
  ];
  if (config.demoData) {
    lines.push(
      '  Demo logins (아이디 / 비밀번호):',
      ...DEMO_WORKERS.map((w) => `    ${w.name}  ${w.phone} / ${w.password}  (결제 ID ${w.paymentId})`),
      `    기관 관리자  ${DEMO_ADMIN.loginId} / ${DEMO_ADMIN.password}  (/admin/)`,
      '',
      '  Demo portal login (이용자 포털, /portal/):',
      `    ${DEMO_PORTAL_ACCOUNT.name}  ${DEMO_PORTAL_ACCOUNT.phone} / ${DEMO_PORTAL_ACCOUNT.password}  (other recipients sign up with their phone and card number)`,
      '',
      '  Demo cards (카드번호 · NFC token · 사업):',
      ...DEMO_RECIPIENTS.map(
        (r) =>
          `    ${r.cardNumber}  ${r.cardToken}  ${findProgram(r.programId)?.nameKo ?? r.programId}${r.cardStatus === 'revoked' ? '  [정지된 카드 → 2002]' : ''}${r.contracted ? '' : '  [계약 없음 → 2207]'}`,
      ),
      '',
    );
  }

  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
