import { createHash, randomBytes } from 'node:crypto';
import { findProgram, PROGRAM_IDS, type ProgramId } from '../../../src/domain/catalog';
import { validateNewPassword } from '../../../src/domain/password-rules';
import type { ChangePasswordRequest, ChangePasswordResponse, LoginRequest, SessionInfo } from '../../../src/domain/wire';
import { cardRepository } from '../cards/card.repository';
import type { HostDeps } from '../deps';
import { HostError } from '../http/host-error';
import { terminalRepository } from '../terminals/terminal.repository';
import { reinstallCandidate, terminalRowToTerminal } from '../terminals/terminal.service';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';
import { sessionRepository } from './session.repository';
import { workerRepository } from './worker.repository';

export const SESSION_COOKIE = 'evs';
/** 자동로그인: the device stays logged in across restarts, within these windows. */
export const AUTO_LOGIN_IDLE_MS = 7 * 24 * 60 * 60 * 1000;
export const AUTO_LOGIN_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000;
/** Touching last_seen_at on every request would write on every read; once a minute is enough. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Who is calling: resolved from the session cookie on every authenticated request. On a shared
 * terminal the session is the terminal's (signed in once by a worker of the institution) and each
 * payment names its own worker by the 제공인력 결제 ID: workerId is then the signed-in worker until a
 * voucher screen bound to another worker makes that one the acting worker (actingOn).
 */
export interface SessionContext {
  readonly tokenHash: string;
  readonly workerId: string;
  readonly institutionId: string;
  readonly terminalId: string;
  /** 자동로그인: persistent cookie and the long idle window. */
  readonly autoLogin: boolean;
  /** personal: a worker's phone; shared: an institution's tablet whose payments each name their worker. */
  readonly terminalProfile: 'personal' | 'shared';
  /**
   * 사용 중지 (host time) of the session's worker; null or absent while in service. Such a session
   * only sends what its device captured before (sync) — everything else is 1053 (auth.routes.ts).
   */
  readonly deactivatedAt?: number | null;
}

export interface LoginResult {
  readonly token: string;
  readonly session: SessionInfo;
  /** Seconds for a persistent cookie (자동로그인); null for a browser-session cookie. */
  readonly cookieMaxAgeSeconds: number | null;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** 010-****-5678: enough for the worker to recognise their own number. */
export function maskPhone(phone: string): string {
  return phone.length < 8 ? '****' : `${phone.slice(0, 3)}-****-${phone.slice(-4)}`;
}

function programOrder(ids: readonly string[]): ProgramId[] {
  const wanted = new Set(ids);
  return PROGRAM_IDS.filter((id) => wanted.has(id));
}

export async function login(deps: HostDeps, request: LoginRequest): Promise<LoginResult> {
  const { db, now, config } = deps;
  const worker = await workerRepository.findByPhone(db, request.phone);
  // Always run scrypt, against a throwaway hash when the phone is unknown: same answer, same time.
  const passwordOk = await verifyPassword(request.password, worker?.password_hash ?? (await dummyPasswordHash()));
  if (!worker || !passwordOk) throw new HostError('1002');
  // Told only to someone who knows the password: a taken-out-of-service worker learns why.
  if (worker.deactivated_at !== null) throw new HostError('1053', `worker ${worker.id}`);

  const terminal = await terminalRepository.findByDeviceId(db, request.deviceId);
  if (!terminal) throw new HostError('1005');
  if (terminal.status === 'revoked') throw new HostError('0304');
  const boundNow = terminal.institution_id === null && (await terminalRepository.bindToInstitution(db, terminal.id, worker.institution_id));
  // Re-read after binding: a concurrent first login from another institution may have won.
  const bound = await terminalRepository.findById(db, terminal.id);
  if (!bound || bound.institution_id !== worker.institution_id) throw new HostError('0273', `terminal ${terminal.id}`);
  // The first login of a new registration: it may be a re-install of the worker's terminal.
  const reinstall = boundNow ? await reinstallCandidate(db, worker.id, worker.institution_id, bound) : undefined;

  const hostNow = now();
  const token = randomBytes(32).toString('base64url');
  const absoluteMs = request.autoLogin || bound.profile === 'shared' ? AUTO_LOGIN_ABSOLUTE_MS : config.sessionAbsoluteHours * 3_600_000;
  await sessionRepository.insert(db, {
    token_hash: hashToken(token),
    worker_id: worker.id,
    terminal_id: bound.id,
    created_at: hostNow,
    last_seen_at: hostNow,
    expires_at: hostNow + absoluteMs,
    auto_login: request.autoLogin ? 1 : 0,
    revoked_at: null,
  });
  const context: SessionContext = {
    tokenHash: hashToken(token),
    workerId: worker.id,
    institutionId: worker.institution_id,
    terminalId: bound.id,
    autoLogin: request.autoLogin,
    terminalProfile: bound.profile,
  };
  const info = await sessionInfo(deps, context);
  return {
    token,
    session: reinstall ? { ...info, reinstall } : info,
    cookieMaxAgeSeconds: request.autoLogin ? Math.floor(AUTO_LOGIN_ABSOLUTE_MS / 1000) : null,
  };
}

/** Resolves the cookie to a live session or refuses with 1003 (0304 once the terminal is revoked). */
export async function authenticate(deps: HostDeps, token: string | undefined): Promise<SessionContext> {
  if (!token) throw new HostError('1003');
  const hostNow = deps.now();
  const tokenHash = hashToken(token);
  const row = await sessionRepository.findWithWorker(deps.db, tokenHash);
  if (!row) throw new HostError('1003');
  // A revoked terminal says so to every request, first or later, session ended or not: it takes
  // no payment and no sync, and the device shows why (not a login that would only fail again).
  if (row.terminal_status === 'revoked') {
    if (row.revoked_at === null) await sessionRepository.revoke(deps.db, tokenHash, hostNow);
    throw new HostError('0304');
  }
  if (row.revoked_at !== null) throw new HostError('1003');
  // The institution's shared tablet stays signed in: the long window, 자동로그인 or not.
  const idleMs = row.auto_login === 1 || row.terminal_profile === 'shared' ? AUTO_LOGIN_IDLE_MS : deps.config.sessionIdleMinutes * 60_000;
  const lastSeenAt = Number(row.last_seen_at);
  if (hostNow >= Number(row.expires_at) || hostNow - lastSeenAt >= idleMs) {
    await sessionRepository.revoke(deps.db, tokenHash, hostNow);
    throw new HostError('1003', 'session expired');
  }
  if (hostNow - lastSeenAt >= TOUCH_EVERY_MS) await sessionRepository.touch(deps.db, tokenHash, hostNow);
  return {
    tokenHash,
    workerId: row.worker_id,
    institutionId: row.institution_id,
    terminalId: row.terminal_id,
    autoLogin: row.auto_login === 1,
    terminalProfile: row.terminal_profile,
    deactivatedAt: row.worker_deactivated_at === null ? null : Number(row.worker_deactivated_at),
  };
}

export async function sessionInfo(deps: HostDeps, context: SessionContext): Promise<SessionInfo> {
  const { db } = deps;
  const [worker, institution, terminal, contracted, allowed] = await Promise.all([
    workerRepository.findById(db, context.workerId),
    workerRepository.findInstitution(db, context.institutionId),
    terminalRepository.findById(db, context.terminalId),
    cardRepository.contractedProgramIds(db, context.institutionId),
    workerRepository.programIds(db, context.workerId),
  ]);
  // The programs the institution set for this worker (기관 관리), or all of its programs when it set none.
  // A top-up (시도추가지원) goes with the program it tops up.
  const programIds =
    allowed.length === 0
      ? contracted
      : contracted.filter((program) => allowed.includes(program) || allowed.includes(findProgram(program)?.topUpOf ?? ''));
  if (!worker || !institution || !terminal) throw new HostError('1003');
  return {
    worker: { id: worker.id, name: worker.name, phoneMasked: maskPhone(worker.phone) },
    institution: { id: institution.id, name: institution.name },
    terminal: terminalRowToTerminal(terminal),
    programIds: programOrder(programIds),
    autoLogin: context.autoLogin,
    hostNow: deps.now(),
  };
}

export async function logout(deps: HostDeps, token: string | undefined): Promise<void> {
  if (token) await sessionRepository.revoke(deps.db, hashToken(token), deps.now());
}

/**
 * 자동로그인 해제: the session goes on, but as a session without 자동로그인 — the short idle window,
 * the absolute window of an ordinary login (never longer than it already was), and (the route
 * reissues it) a cookie that ends with the browser. Turning it back on takes a login: a cookie
 * alone never buys a longer session.
 */
export async function turnAutoLoginOff(deps: HostDeps, context: SessionContext): Promise<SessionInfo> {
  const hostNow = deps.now();
  await sessionRepository.endAutoLogin(deps.db, context.tokenHash, hostNow + deps.config.sessionAbsoluteHours * 3_600_000, hostNow);
  return sessionInfo(deps, { ...context, autoLogin: false });
}

/**
 * 패스워드 변경: the current password (scrypt, as at login) proves it is the worker; the new one must
 * meet the rules (1021) and differ from the current (1022). The worker's other sessions end with it —
 * a phone left logged in somewhere no longer pays under the old password — this one goes on, and so
 * does a shared terminal's (the hall tablet signed in by her stays signed in for every worker).
 */
export async function changePassword(deps: HostDeps, context: SessionContext, request: ChangePasswordRequest): Promise<ChangePasswordResponse> {
  const { db } = deps;
  const worker = await workerRepository.findById(db, context.workerId);
  if (!worker) throw new HostError('1003');
  if (!(await verifyPassword(request.currentPassword, worker.password_hash))) throw new HostError('1020', `worker ${worker.id}`);
  const rules = validateNewPassword(request.newPassword, worker.phone);
  if (!rules.ok) throw new HostError(rules.code, rules.detail);
  if (request.newPassword.normalize('NFC') === request.currentPassword.normalize('NFC')) throw new HostError('1022');
  const passwordHash = await hashPassword(request.newPassword);
  const hostNow = deps.now();
  const revoked = await db.transaction().execute(async (trx) => {
    // Only if the hash is still the one verified above: two changes at once cannot both win.
    if (!(await workerRepository.replacePasswordHash(trx, worker.id, worker.password_hash, passwordHash)))
      throw new HostError('1020', 'changed meanwhile');
    return sessionRepository.revokeOthers(trx, worker.id, context.tokenHash, hostNow);
  });
  return { ok: true, otherSessionsRevoked: revoked };
}
