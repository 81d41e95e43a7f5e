import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { normalizePhone } from '../../../src/domain/people';
import { API, ChangePasswordRequestSchema, LoginRequestSchema } from '../../../src/domain/wire';
import type { HostDeps } from '../deps';
import { HostError } from '../http/host-error';
import { parseBody } from '../http/parse-body';
import { authenticate, changePassword, login, logout, sessionInfo, SESSION_COOKIE, turnAutoLoginOff, type SessionContext } from './auth.service';

/**
 * The session of the calling worker, or 1003. Every worker-facing route starts with this. A worker
 * the institution took out of service (사용 중지) gets 1053 — except where `whileDeactivated` lets the
 * session through: sending what the device captured before (the sync batches, which refuse what was
 * captured after) and saying who is signed in. Their offline payments are their pay: never stranded.
 */
export async function requireSession(deps: HostDeps, request: FastifyRequest, options: { whileDeactivated?: boolean } = {}): Promise<SessionContext> {
  const session = await authenticate(deps, request.cookies[SESSION_COOKIE]);
  if (session.deactivatedAt != null && options.whileDeactivated !== true) throw new HostError('1053', `worker ${session.workerId}`);
  return session;
}

function phoneOf(body: unknown): string {
  const phone = typeof body === 'object' && body !== null ? (body as { phone?: unknown }).phone : undefined;
  return typeof phone === 'string' ? normalizePhone(phone) : '';
}

function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
}

export function authRoutes(app: FastifyInstance, deps: HostDeps): void {
  app.post(
    API.login,
    {
      config: {
        rateLimit: {
          max: deps.config.loginRateLimitPerMinute,
          timeWindow: 60_000,
          // After body parsing, so the key can hold the phone: one number cannot be guessed from many IPs
          // quickly, and one IP cannot lock a colleague out by guessing at a different number.
          hook: 'preHandler',
          keyGenerator: (request) => `${request.ip}|${phoneOf(request.body)}`,
        },
      },
    },
    async (request, reply) => {
      const body = parseBody(LoginRequestSchema, request.body);
      const result = await login(deps, body);
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        ...(result.cookieMaxAgeSeconds === null ? {} : { maxAge: result.cookieMaxAgeSeconds }),
      });
      return result.session;
    },
  );

  app.post(API.logout, async (request, reply) => {
    await logout(deps, request.cookies[SESSION_COOKIE]);
    clearSessionCookie(request, reply);
    return { ok: true } as const;
  });

  app.get(API.me, async (request) => {
    const session = await requireSession(deps, request, { whileDeactivated: true });
    return sessionInfo(deps, session);
  });

  // 자동로그인 해제: the same session, its cookie reissued to end with the browser.
  app.post(API.autoLoginOff, async (request, reply) => {
    const session = await requireSession(deps, request);
    const info = await turnAutoLoginOff(deps, session);
    reply.setCookie(SESSION_COOKIE, request.cookies[SESSION_COOKIE] ?? '', {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
    });
    return info;
  });

  app.post(
    API.changePassword,
    {
      config: {
        rateLimit: {
          // Guessing the current password from a session left open is as slow as guessing it at login.
          max: deps.config.loginRateLimitPerMinute,
          timeWindow: 60_000,
          keyGenerator: (request) => `password|${request.cookies[SESSION_COOKIE] ?? request.ip}`,
        },
      },
    },
    async (request) => {
      const session = await requireSession(deps, request);
      const body = parseBody(ChangePasswordRequestSchema, request.body);
      return changePassword(deps, session, body);
    },
  );
}
