import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { normalizePhone } from '../../../src/domain/people';
import { PORTAL_API, RECIPIENT_SESSION_COOKIE, RecipientLoginRequestSchema, RecipientSignupRequestSchema } from '../../../src/domain/portal';
import type { HostDeps } from '../deps';
import { parseBody } from '../http/parse-body';
import type { LiveStreams } from './live';
import { inbox, inboxMessage, myVouchers } from './portal.service';
import {
  authenticateRecipient,
  recipientLogin,
  recipientLogout,
  recipientSession,
  signup,
  type RecipientContext,
  type RecipientLoginResult,
} from './recipient-auth.service';

/** The session of the calling recipient, or 1003. Every recipient-facing route starts with this; a worker's cookie never passes it. */
export function requireRecipient(deps: HostDeps, request: FastifyRequest): Promise<RecipientContext> {
  return authenticateRecipient(deps, request.cookies[RECIPIENT_SESSION_COOKIE]);
}

/**
 * A route limit per recipient session (like a worker's card reads per session): a stolen portal
 * session cannot mint tokens or challenges, or try approvals, faster than a person taps.
 */
export function perRecipient(deps: HostDeps, name: string) {
  return {
    rateLimit: {
      max: deps.config.lookupRateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request: FastifyRequest) => `${name}|${request.cookies[RECIPIENT_SESSION_COOKIE] ?? request.ip}`,
    },
  };
}

function phoneOf(body: unknown): string {
  const phone = typeof body === 'object' && body !== null ? (body as { phone?: unknown }).phone : undefined;
  return typeof phone === 'string' ? normalizePhone(phone).slice(0, 20) : '';
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, result: RecipientLoginResult): void {
  reply.setCookie(RECIPIENT_SESSION_COOKIE, result.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    ...(result.cookieMaxAgeSeconds === null ? {} : { maxAge: result.cookieMaxAgeSeconds }),
  });
}

export function recipientRoutes(app: FastifyInstance, deps: HostDeps, live: LiveStreams): void {
  // Per address and number, like the workers' login: one number is not guessed from many
  // addresses quickly, and one address cannot lock a neighbour out by guessing at another number.
  const guessLimit = (name: string) => ({
    rateLimit: {
      max: deps.config.loginRateLimitPerMinute,
      timeWindow: 60_000,
      hook: 'preHandler' as const,
      keyGenerator: (request: FastifyRequest) => `${name}|${request.ip}|${phoneOf(request.body)}`,
    },
  });

  app.post(PORTAL_API.signup, { config: guessLimit('portal-signup') }, async (request, reply) => {
    const body = parseBody(RecipientSignupRequestSchema, request.body);
    const result = await signup(deps, body);
    setSessionCookie(request, reply, result);
    return result.session;
  });

  app.post(PORTAL_API.login, { config: guessLimit('portal-login') }, async (request, reply) => {
    const body = parseBody(RecipientLoginRequestSchema, request.body);
    const result = await recipientLogin(deps, body);
    setSessionCookie(request, reply, result);
    return result.session;
  });

  app.post(PORTAL_API.logout, async (request, reply) => {
    await recipientLogout(deps, request.cookies[RECIPIENT_SESSION_COOKIE]);
    reply.clearCookie(RECIPIENT_SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
    return { ok: true } as const;
  });

  app.get(PORTAL_API.me, async (request) => recipientSession(deps, await requireRecipient(deps, request)));

  app.get(PORTAL_API.vouchers, async (request) => myVouchers(deps, await requireRecipient(deps, request)));

  app.get(PORTAL_API.inbox, async (request) => inbox(deps, await requireRecipient(deps, request)));

  app.get<{ Params: { messageId: string } }>(`${PORTAL_API.inbox}/:messageId`, async (request) =>
    inboxMessage(deps, await requireRecipient(deps, request), request.params.messageId),
  );

  app.get(PORTAL_API.events, async (request, reply) => {
    const context = await requireRecipient(deps, request);
    await live.open(deps, context, reply);
  });
}
