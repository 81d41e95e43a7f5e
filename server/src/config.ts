import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_OFFLINE_LIMITS, type OfflineLimits } from '../../src/domain/offline';
import { DEFAULT_RETRO_MAX_MINUTES } from '../../src/domain/retroactive';

/** Everything the host reads from the environment, parsed once at start. */
export interface HostConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** postgres://… selects PostgreSQL; null selects the SQLite file in dataDir. */
  readonly databaseUrl: string | null;
  readonly sqliteFile: string;
  readonly logLevel: string;
  /** The level of the one line logged per request: debug in the demo (its banner stays readable), info otherwise. */
  readonly requestLogLevel: 'debug' | 'info';
  readonly sessionIdleMinutes: number;
  readonly sessionAbsoluteHours: number;
  /** Apps older than this get 1006 on card lookups, service starts and new payments. */
  readonly minAppVersion: string | null;
  readonly trustProxy: boolean;
  /** The Vite build the host serves (index.html, portal/, sw.js, assets/). */
  readonly distDir: string;
  readonly version: string;
  readonly loginRateLimitPerMinute: number;
  readonly lookupRateLimitPerMinute: number;
  /** Offline caps (SPEC §5.11) sent to devices in the snapshot and checked again on sync. */
  readonly offlineLimits: OfflineLimits;
  /** Sync batches one process applies at once; more get 429 + Retry-After (backpressure, SPEC §7). */
  readonly syncMaxInFlight: number;
  /** Deliver committed domain events in this process (off: another process of the cluster does). */
  readonly eventRelay: boolean;
  /** Seed the demo institution on an empty database and keep its vouchers topped up (off with DEMO_DATA=0). */
  readonly demoData: boolean;
  /** 소급결제: at most this much service per payment (SPEC §5.11: 8 hours). */
  readonly retroMaxMinutes: number;
  /** An institution whose 소급결제 share of this month's payments is above this is flagged (SPEC §5.4). */
  readonly retroRatioThreshold: number;
  /** Bearer token of the national monitoring report (GET /api/monitoring/retroactive); unset: the report is off. */
  readonly monitoringToken: string | null;
  /** The recipient portal's WebAuthn relying party: its id (a host name) and the origins it is served from. */
  readonly webauthnRpId: string;
  readonly webauthnOrigins: readonly string[];
  /** 생체인증결제: how long a recipient has to approve (SPEC §5.11: 3 minutes; tests shorten it). */
  readonly approvalTtlMs: number;
  /** QR결제: how long a QR token of the portal is valid (at most 3 minutes, the Korean QR payment standard). */
  readonly qrTokenTtlMs: number;
  /** QR signing keys are replaced this often; old ones stay verifiable for the offline window. */
  readonly qrKeyRotateMs: number;
  /** QR/biometric requests to a phone number: per worker and per number, per minute (enumeration). */
  readonly phoneRequestRateLimitPerMinute: number;
  readonly phoneRequestPerNumberPerMinute: number;
  /** Web Push VAPID keys (base64url); null: made on first start and kept in the database. */
  readonly vapidPublicKey: string | null;
  readonly vapidPrivateKey: string | null;
  readonly vapidSubject: string;
  /** A CA (PEM file) to trust for push services besides the system's: a private push gateway, or the tests' own. */
  readonly pushCaFile: string | null;
}

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function positiveNumber(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function portalConfig(env: NodeJS.ProcessEnv) {
  const port = positiveNumber(env.PORT, 8080, 'PORT');
  const origins = (env.WEBAUTHN_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  return {
    webauthnRpId: env.WEBAUTHN_RP_ID?.trim() || 'localhost',
    webauthnOrigins: origins.length > 0 ? origins : [`http://localhost:${port}`],
    approvalTtlMs: positiveNumber(env.APPROVAL_TTL_SECONDS, 180, 'APPROVAL_TTL_SECONDS') * 1000,
    qrTokenTtlMs: Math.min(180, positiveNumber(env.QR_TOKEN_TTL_SECONDS, 180, 'QR_TOKEN_TTL_SECONDS')) * 1000,
    qrKeyRotateMs: positiveNumber(env.QR_KEY_ROTATE_HOURS, 24, 'QR_KEY_ROTATE_HOURS') * 3_600_000,
    phoneRequestRateLimitPerMinute: positiveNumber(env.PHONE_REQUEST_RATE_LIMIT_PER_MINUTE, 10, 'PHONE_REQUEST_RATE_LIMIT_PER_MINUTE'),
    phoneRequestPerNumberPerMinute: positiveNumber(env.PHONE_REQUEST_PER_NUMBER_PER_MINUTE, 5, 'PHONE_REQUEST_PER_NUMBER_PER_MINUTE'),
    vapidPublicKey: env.VAPID_PUBLIC_KEY?.trim() || null,
    vapidPrivateKey: env.VAPID_PRIVATE_KEY?.trim() || null,
    vapidSubject: env.VAPID_SUBJECT?.trim() || 'mailto:ops@evoucher.invalid',
    pushCaFile: env.PUSH_CA_FILE?.trim() || null,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): HostConfig {
  const dataDir = path.resolve(env.DATA_DIR?.trim() || './data');
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must start with postgres:// (leave it empty for the SQLite file)');
  }
  return {
    port: positiveNumber(env.PORT, 8080, 'PORT'),
    // Loopback unless told otherwise: the demo prints its passwords, and a real deployment sits
    // behind a proxy that sets HOST (and TRUST_PROXY) on purpose.
    host: env.HOST?.trim() || 'localhost',
    dataDir,
    databaseUrl,
    sqliteFile: path.join(dataDir, 'evoucher.sqlite'),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    requestLogLevel: env.DEMO_DATA !== '0' ? 'debug' : 'info',
    sessionIdleMinutes: positiveNumber(env.SESSION_IDLE_MINUTES, 15, 'SESSION_IDLE_MINUTES'),
    sessionAbsoluteHours: positiveNumber(env.SESSION_ABSOLUTE_HOURS, 12, 'SESSION_ABSOLUTE_HOURS'),
    minAppVersion: env.MIN_APP_VERSION?.trim() || null,
    trustProxy: ['1', 'true', 'yes'].includes((env.TRUST_PROXY ?? '').trim().toLowerCase()),
    distDir: path.resolve(env.DIST_DIR?.trim() || path.join(REPO_ROOT, 'dist')),
    version: readVersion(),
    loginRateLimitPerMinute: positiveNumber(env.LOGIN_RATE_LIMIT_PER_MINUTE, 10, 'LOGIN_RATE_LIMIT_PER_MINUTE'),
    lookupRateLimitPerMinute: positiveNumber(env.LOOKUP_RATE_LIMIT_PER_MINUTE, 60, 'LOOKUP_RATE_LIMIT_PER_MINUTE'),
    offlineLimits: {
      maxAgeMs: positiveNumber(env.OFFLINE_MAX_AGE_HOURS, DEFAULT_OFFLINE_LIMITS.maxAgeMs / 3_600_000, 'OFFLINE_MAX_AGE_HOURS') * 3_600_000,
      maxCount: Math.floor(positiveNumber(env.OFFLINE_MAX_COUNT, DEFAULT_OFFLINE_LIMITS.maxCount, 'OFFLINE_MAX_COUNT')),
      maxAmountKrw: Math.floor(positiveNumber(env.OFFLINE_MAX_AMOUNT_KRW, DEFAULT_OFFLINE_LIMITS.maxAmountKrw, 'OFFLINE_MAX_AMOUNT_KRW')),
    },
    syncMaxInFlight: Math.floor(positiveNumber(env.SYNC_MAX_IN_FLIGHT, 4, 'SYNC_MAX_IN_FLIGHT')),
    eventRelay: env.EVENT_RELAY !== '0',
    demoData: env.DEMO_DATA !== '0',
    retroMaxMinutes: Math.round(positiveNumber(env.RETRO_MAX_HOURS, DEFAULT_RETRO_MAX_MINUTES / 60, 'RETRO_MAX_HOURS') * 60),
    retroRatioThreshold: positiveNumber(env.RETRO_RATIO_THRESHOLD, 0.1, 'RETRO_RATIO_THRESHOLD'),
    monitoringToken: env.MONITORING_TOKEN?.trim() || null,
    ...portalConfig(env),
  };
}
