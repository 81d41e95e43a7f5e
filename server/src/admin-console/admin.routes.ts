import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import {
  ADMIN_API,
  ADMIN_COOKIE_PATH,
  ADMIN_SESSION_COOKIE,
  AddContractRequestSchema,
  AddRecipientRequestSchema,
  AddWorkerRequestSchema,
  AdminLoginRequestSchema,
  CardIdRequestSchema,
  DateSchema,
  EXCEPTION_KINDS,
  EXPORT_KINDS,
  GrantVoucherRequestSchema,
  IssueCardRequestSchema,
  TerminalProfileRequestSchema,
  TerminalStatusRequestSchema,
  VerifyCardRequestSchema,
  WorkerPasswordRequestSchema,
  WorkerProgramsRequestSchema,
  WorkerStatusRequestSchema,
} from '../../../src/domain/admin';
import { seoulDate } from '../../../src/domain/time';
import { ProgramIdSchema } from '../../../src/domain/wire';
import { id } from '../../../src/domain/fields';
import type { HostDeps } from '../deps';
import { HostError } from '../http/host-error';
import { parseBody } from '../http/parse-body';
import { makePersonal, setTerminalStatus, shareTerminal } from '../terminals/terminal-admin.service';
import { adminLogin, adminLogout, adminSession, authenticateAdmin, type AdminContext } from './admin-auth.service';
import { adminRepository } from './admin.repository';
import { exportCsv } from './admin-exports';
import {
  addContract,
  addRecipient,
  grantMonthlyVoucher,
  issueCard,
  listRecipients,
  replaceCard,
  revokeCard,
  verifyCard,
} from './admin-recipients.service';
import { auditLog, listExceptions, period, reconciliation, trail } from './admin-reports.service';
import { listAdminTerminals } from './admin-terminals.service';
import { addWorker, listWorkers, resetWorkerPassword, setWorkerActive, setWorkerPrograms } from './admin-workers.service';

/** The calling administrator, or 1003. Every console route but login starts with this. */
export function requireAdmin(deps: HostDeps, request: FastifyRequest): Promise<AdminContext> {
  return authenticateAdmin(deps, request.cookies[ADMIN_SESSION_COOKIE], request.ip);
}

/**
 * Runs one console action and writes its audit row: done, or refused with its code. The row is
 * written after the action (an action may open its own transaction, and scrypt must not run
 * inside one); a host fault that is no refusal leaves no row, and changed nothing it committed.
 */
async function act<T>(
  deps: HostDeps,
  admin: AdminContext,
  action: string,
  target: string | null,
  run: () => Promise<T>,
  detail?: (result: T) => string | null,
): Promise<T> {
  const row = { institution_id: admin.institutionId, admin_id: admin.adminId, action, target, ip: admin.ip };
  try {
    const result = await run();
    await adminRepository.audit(deps.db, { ...row, outcome: 'ok', detail: detail?.(result) ?? null, recorded_at: deps.now() });
    return result;
  } catch (error) {
    if (error instanceof HostError) await adminRepository.audit(deps.db, { ...row, outcome: 'refused', detail: error.code, recorded_at: deps.now() });
    throw error;
  }
}

const PeriodQuerySchema = v.object({ from: DateSchema, to: DateSchema });
const ExceptionsQuerySchema = v.object({
  from: DateSchema,
  to: DateSchema,
  workerId: v.optional(id),
  programId: v.optional(ProgramIdSchema),
  kind: v.optional(v.picklist(EXCEPTION_KINDS)),
});
const DateQuerySchema = v.object({ date: DateSchema });
const ExportParamsSchema = v.object({ file: v.picklist(EXPORT_KINDS.map((kind) => `${kind}.csv`) as [string, ...string[]]) });
const TrailParamsSchema = v.object({ subjectId: id });

function loginIdOf(body: unknown): string {
  const loginId = typeof body === 'object' && body !== null ? (body as { loginId?: unknown }).loginId : undefined;
  return typeof loginId === 'string' ? loginId.slice(0, 64) : '';
}

function clearCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(ADMIN_SESSION_COOKIE, { path: ADMIN_COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
}

export function adminRoutes(app: FastifyInstance, deps: HostDeps): void {
  app.post(
    ADMIN_API.login,
    {
      config: {
        rateLimit: {
          max: deps.config.loginRateLimitPerMinute,
          timeWindow: 60_000,
          // Per address and login id, as the workers' login: one id is not guessed from many places quickly.
          hook: 'preHandler',
          keyGenerator: (request) => `admin|${request.ip}|${loginIdOf(request.body)}`,
        },
      },
    },
    async (request, reply) => {
      const body = parseBody(AdminLoginRequestSchema, request.body);
      const result = await adminLogin(deps, body, request.ip);
      reply.setCookie(ADMIN_SESSION_COOKIE, result.token, {
        path: ADMIN_COOKIE_PATH,
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
      });
      return result.session;
    },
  );

  app.post(ADMIN_API.logout, async (request, reply) => {
    await adminLogout(deps, request.cookies[ADMIN_SESSION_COOKIE], request.ip);
    clearCookie(request, reply);
    return { ok: true } as const;
  });

  app.get(ADMIN_API.me, async (request) => adminSession(deps, await requireAdmin(deps, request)));

  // ── 제공인력 ──
  app.get(ADMIN_API.workers, async (request) => {
    const admin = await requireAdmin(deps, request);
    return { workers: await listWorkers(deps.db, admin.institutionId) };
  });
  app.post(ADMIN_API.workers, async (request) => {
    const admin = await requireAdmin(deps, request);
    const body = parseBody(AddWorkerRequestSchema, request.body);
    return act(
      deps,
      admin,
      'worker.add',
      null,
      () => addWorker(deps.db, admin.institutionId, body, deps.now()),
      (worker) => worker.id,
    );
  });
  app.post(ADMIN_API.workerStatus, async (request) => {
    const admin = await requireAdmin(deps, request);
    const body = parseBody(WorkerStatusRequestSchema, request.body);
    return act(deps, admin, body.active ? 'worker.activate' : 'worker.deactivate', body.workerId, () =>
      setWorkerActive(deps.db, admin.institutionId, body, deps.now()),
    );
  });
  app.post(ADMIN_API.workerPassword, async (request) => {
    const admin = await requireAdmin(deps, request);
    const body = parseBody(WorkerPasswordRequestSchema, request.body);
    return act(deps, admin, 'worker.password', body.workerId, () => resetWorkerPassword(deps.db, admin.institutionId, body, deps.now()));
  });
  app.post(ADMIN_API.workerPrograms, async (request) => {
    const admin = await requireAdmin(deps, request);
    const body = parseBody(WorkerProgramsRequestSchema, request.body);
    return act(
      deps,
      admin,
      'worker.programs',
      body.workerId,
      () => setWorkerPrograms(deps.db, admin.institutionId, body, deps.now()),
      () => (body.programIds.length === 0 ? 'all' : body.programIds.join(',')),
    );
  });

  // ── 단말기 ──
  app.get(ADMIN_API.terminals, async (request) => {
    const admin = await requireAdmin(deps, request);
    return { terminals: await listAdminTerminals(deps.db, admin.institutionId, deps.now()) };
  });
  app.post(ADMIN_API.terminalProfile, async (request) => {
    const admin = await requireAdmin(deps, request);
    const body = parseBody(TerminalProfileRequestSchema, request.body);
    const at = { institutionId: admin.institutionId, terminalNumber: body.terminalNumber };
    await act(deps, admin, `terminal.${body.profile}`, body.terminalNumber, async () => {
      // Only the institution's own terminals: the console never claims an unbound one (the CLI may).
      await ownTerminal(deps, admin, body.terminalNumber);
      return body.profile === 'shared' ? shareTerminal(deps.db, { ...at, workers: body.workers }, deps.now()) : makePersonal(deps.db, at);
    });
    return oneTerminal(deps, admin, body.terminalNumber);
  });
  app.post(ADMIN_API.terminalStatus, async (request) => {
    const admin = await requireAdmin(deps, request);
    const body = parseBody(TerminalStatusRequestSchema, request.body);
    await act(deps, admin, body.status === 'revoked' ? 'terminal.revoke' : 'terminal.restore', body.terminalNumber, async () => {
      await ownTerminal(deps, admin, body.terminalNumber);
      return setTerminalStatus(deps.db, { institutionId: admin.institutionId, terminalNumber: body.terminalNumber, status: body.status }, deps.now());
    });
    return oneTerminal(deps, admin, body.terminalNumber);
  });

  // ── 이용자 · 카드 ──
  app.get(ADMIN_API.recipients, async (request) => {
    const admin = await requireAdmin(deps, request);
    return { recipients: await listRecipients(deps.db, admin.institutionId, deps.now()) };
  });
  app.post(ADMIN_API.recipients, async (request) => {
    const admin = await requireAdmin(deps, request);
    const body = parseBody(AddRecipientRequestSchema, request.body);
    return act(
      deps,
      admin,
      'recipient.add',
      null,
      () => addRecipient(deps.db, admin.institutionId, body, deps.now()),
      (recipient) => recipient.id,
    );
  });
  app.post(ADMIN_API.contracts, async (request) => {
    const admin = await requireAdmin(deps, request);
    const body = parseBody(AddContractRequestSchema, request.body);
    return act(
      deps,
      admin,
      'contract.add',
      body.recipientId,
      () => addContract(deps.db, admin.institutionId, body, deps.now()),
      () => `${body.programId} ${body.monthlyKrw}`,
    );
  });
  app.post(ADMIN_API.vouchers, async (request) => {
    const admin = await requireAdmin(deps, request);
    const body = parseBody(GrantVoucherRequestSchema, request.body);
    return act(
      deps,
      admin,
      'voucher.grant',
      body.recipientId,
      () => grantMonthlyVoucher(deps.db, admin.institutionId, body, deps.now()),
      () => `${body.programId} ${body.monthlyKrw}`,
    );
  });
  app.post(ADMIN_API.cards, async (request) => {
    const admin = await requireAdmin(deps, request);
    const body = parseBody(IssueCardRequestSchema, request.body);
    return act(
      deps,
      admin,
      'card.issue',
      body.recipientId,
      () => issueCard(deps.db, admin.institutionId, body.recipientId, deps.now()),
      (card) => card.cardId,
    );
  });
  app.post(ADMIN_API.cardRevoke, async (request) => {
    const admin = await requireAdmin(deps, request);
    const body = parseBody(CardIdRequestSchema, request.body);
    return act(deps, admin, 'card.revoke', body.cardId, () => revokeCard(deps.db, admin.institutionId, body.cardId, deps.now()));
  });
  app.post(ADMIN_API.cardReplace, async (request) => {
    const admin = await requireAdmin(deps, request);
    const body = parseBody(CardIdRequestSchema, request.body);
    return act(
      deps,
      admin,
      'card.replace',
      body.cardId,
      () => replaceCard(deps.db, admin.institutionId, body.cardId, deps.now()),
      (card) => card.cardId,
    );
  });
  app.post(ADMIN_API.cardVerify, async (request) => {
    const admin = await requireAdmin(deps, request);
    const body = parseBody(VerifyCardRequestSchema, request.body);
    return verifyCard(deps.db, admin.institutionId, body.token);
  });

  // ── 예외 · 감사 · 대사 · 내보내기 ──
  app.get(ADMIN_API.exceptions, async (request) => {
    const admin = await requireAdmin(deps, request);
    const query = parseBody(ExceptionsQuerySchema, request.query);
    return listExceptions(deps, admin.institutionId, {
      ...period(query.from, query.to),
      workerId: query.workerId,
      programId: query.programId,
      kinds: query.kind ? [query.kind] : undefined,
    });
  });
  app.get(`${ADMIN_API.trail}/:subjectId`, async (request) => {
    const admin = await requireAdmin(deps, request);
    const params = parseBody(TrailParamsSchema, request.params);
    return trail(deps.db, admin.institutionId, params.subjectId);
  });
  app.get(ADMIN_API.audit, async (request) => {
    const admin = await requireAdmin(deps, request);
    const query = parseBody(PeriodQuerySchema, request.query);
    return auditLog(deps.db, admin.institutionId, period(query.from, query.to));
  });
  app.get(ADMIN_API.reconciliation, async (request) => {
    const admin = await requireAdmin(deps, request);
    const query = request.query as { date?: unknown };
    const date = query.date === undefined ? seoulDate(deps.now()) : parseBody(DateQuerySchema, request.query).date;
    return reconciliation(deps.db, admin.institutionId, date);
  });
  app.get(`${ADMIN_API.exports}/:file`, async (request, reply) => {
    const admin = await requireAdmin(deps, request);
    const { file } = parseBody(ExportParamsSchema, request.params);
    const query = parseBody(PeriodQuerySchema, request.query);
    const kind = file.replace(/\.csv$/, '') as (typeof EXPORT_KINDS)[number];
    const range = period(query.from, query.to);
    // Exports carry personal data: who took which, for what period, is audited before the first byte.
    await act(deps, admin, `export.${kind}`, `${query.from}..${query.to}`, async () => undefined);
    const csv = exportCsv(deps.db, admin.institutionId, kind, range);
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${csv.filename}"; filename*=UTF-8''${encodeURIComponent(csv.filename)}`);
    return reply.send(Readable.from(csv.chunks, { objectMode: false }));
  });
}

/** 1052 unless the terminal is the institution's (an unbound or another institution's terminal is not). */
async function ownTerminal(deps: HostDeps, admin: AdminContext, terminalNumber: string): Promise<void> {
  const terminal = await deps.db.selectFrom('terminals').select('institution_id').where('terminal_number', '=', terminalNumber).executeTakeFirst();
  if (!terminal || terminal.institution_id !== admin.institutionId) throw new HostError('1052', `terminal ${terminalNumber}`);
}

async function oneTerminal(deps: HostDeps, admin: AdminContext, terminalNumber: string) {
  const terminal = (await listAdminTerminals(deps.db, admin.institutionId, deps.now())).find((t) => t.terminalNumber === terminalNumber);
  if (!terminal) throw new HostError('1052', `terminal ${terminalNumber}`);
  return terminal;
}
