/**
 * The institution administrator as a principal of their own (issue 12): login id + scrypt password,
 * opaque random session tokens of which only a hash is stored, an idle and an absolute window, and
 * an audit row for every login, logout and refusal. It mirrors the workers' auth
 * (auth/auth.service.ts) with its own tables and cookie (`eva`, path /api/admin), so an admin cookie
 * never passes a worker's requireSession and a worker's never passes requireAdmin.
 */
import { randomBytes } from 'node:crypto';
import { PROGRAM_IDS, type ProgramId } from '../../../src/domain/catalog';
import type { AdminLoginRequest, AdminSession } from '../../../src/domain/admin';
import { hashToken } from '../auth/auth.service';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../auth/password';
import { workerRepository } from '../auth/worker.repository';
import { cardRepository } from '../cards/card.repository';
import type { Db } from '../db/database';
import type { HostDeps } from '../deps';
import { HostError } from '../http/host-error';
import { adminRepository } from './admin.repository';

/** A console session ends after this long without a request, and after ABSOLUTE_MS whatever happens. */
export const ADMIN_IDLE_MS = 30 * 60_000;
export const ADMIN_ABSOLUTE_MS = 12 * 60 * 60_000;
const TOUCH_EVERY_MS = 60_000;

/** Who is calling the console, and from where (for the audit). */
export interface AdminContext {
  readonly tokenHash: string;
  readonly adminId: string;
  readonly institutionId: string;
  readonly ip: string | null;
}

export interface AdminLoginResult {
  readonly token: string;
  readonly session: AdminSession;
}

export const programOrder = (ids: readonly string[]): ProgramId[] => {
  const wanted = new Set(ids);
  return PROGRAM_IDS.filter((id) => wanted.has(id));
};

export async function adminLogin(deps: HostDeps, request: AdminLoginRequest, ip: string | null): Promise<AdminLoginResult> {
  const admin = await adminRepository.findByLoginId(deps.db, request.loginId);
  // scrypt either way: an unknown login id and a wrong password take the same time and answer.
  const passwordOk = await verifyPassword(request.password, admin?.password_hash ?? (await dummyPasswordHash()));
  const hostNow = deps.now();
  if (!admin || !passwordOk) {
    await adminRepository.audit(deps.db, {
      institution_id: admin?.institution_id ?? null,
      admin_id: admin?.id ?? null,
      action: 'login',
      target: null,
      outcome: 'refused',
      detail: '1002',
      ip,
      recorded_at: hostNow,
    });
    throw new HostError('1002');
  }
  const token = randomBytes(32).toString('base64url');
  await deps.db.transaction().execute(async (trx) => {
    await adminRepository.insertSession(trx, {
      token_hash: hashToken(token),
      admin_id: admin.id,
      created_at: hostNow,
      last_seen_at: hostNow,
      expires_at: hostNow + ADMIN_ABSOLUTE_MS,
      revoked_at: null,
    });
    await adminRepository.audit(trx, {
      institution_id: admin.institution_id,
      admin_id: admin.id,
      action: 'login',
      target: null,
      outcome: 'ok',
      detail: null,
      ip,
      recorded_at: hostNow,
    });
  });
  const context = { tokenHash: hashToken(token), adminId: admin.id, institutionId: admin.institution_id, ip };
  return { token, session: await adminSession(deps, context) };
}

/** The cookie's live console session, or 1003. */
export async function authenticateAdmin(deps: HostDeps, token: string | undefined, ip: string | null): Promise<AdminContext> {
  if (!token) throw new HostError('1003');
  const hostNow = deps.now();
  const tokenHash = hashToken(token);
  const row = await adminRepository.findSession(deps.db, tokenHash);
  if (!row || row.revoked_at !== null) throw new HostError('1003');
  const lastSeenAt = Number(row.last_seen_at);
  if (hostNow >= Number(row.expires_at) || hostNow - lastSeenAt >= ADMIN_IDLE_MS) {
    await adminRepository.revokeSession(deps.db, tokenHash, hostNow);
    throw new HostError('1003', 'admin session expired');
  }
  if (hostNow - lastSeenAt >= TOUCH_EVERY_MS) await adminRepository.touchSession(deps.db, tokenHash, hostNow);
  return { tokenHash, adminId: row.admin_id, institutionId: row.institution_id, ip };
}

export async function adminSession(deps: HostDeps, context: AdminContext): Promise<AdminSession> {
  const [admin, institution, programIds] = await Promise.all([
    adminRepository.findById(deps.db, context.adminId),
    workerRepository.findInstitution(deps.db, context.institutionId),
    cardRepository.contractedProgramIds(deps.db, context.institutionId),
  ]);
  if (!admin || !institution) throw new HostError('1003');
  return {
    admin: { loginId: admin.login_id, name: admin.name },
    institution: { id: institution.id, name: institution.name },
    programIds: programOrder(programIds),
    hostNow: deps.now(),
  };
}

export async function adminLogout(deps: HostDeps, token: string | undefined, ip: string | null): Promise<void> {
  if (!token) return;
  const tokenHash = hashToken(token);
  const row = await adminRepository.findSession(deps.db, tokenHash);
  if (!row || row.revoked_at !== null) return;
  await adminRepository.revokeSession(deps.db, tokenHash, deps.now());
  await adminRepository.audit(deps.db, {
    institution_id: row.institution_id,
    admin_id: row.admin_id,
    action: 'logout',
    target: null,
    outcome: 'ok',
    detail: null,
    ip,
    recorded_at: deps.now(),
  });
}

/**
 * Creates an institution's administrator (the demo seed, `npm run admin -- institution …` for a new
 * centre); false when the login id is taken.
 */
export async function createAdministrator(
  db: Db,
  input: { id: string; institutionId: string; loginId: string; name: string; password: string },
  hostNow: number,
): Promise<boolean> {
  return adminRepository.insert(db, {
    id: input.id,
    institution_id: input.institutionId,
    login_id: input.loginId,
    name: input.name,
    password_hash: await hashPassword(input.password),
    created_at: hostNow,
  });
}
