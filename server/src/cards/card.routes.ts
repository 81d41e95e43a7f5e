import type { FastifyInstance } from 'fastify';
import { API, CardCheckRequestSchema, CardLookupRequestSchema, LookupWorkerRequestSchema } from '../../../src/domain/wire';
import { requireSession } from '../auth/auth.routes';
import { SESSION_COOKIE } from '../auth/auth.service';
import type { HostDeps } from '../deps';
import { requireAppVersion } from '../http/app-version';
import { parseBody } from '../http/parse-body';
import { bindWorker, checkCard, lookupCard } from './card.service';

function deviceIdOf(body: unknown): string {
  const deviceId = typeof body === 'object' && body !== null ? (body as { deviceId?: unknown }).deviceId : undefined;
  return typeof deviceId === 'string' ? deviceId.slice(0, 64) : '';
}

export function cardRoutes(app: FastifyInstance, deps: HostDeps): void {
  app.post(
    API.cardLookup,
    {
      config: {
        rateLimit: {
          max: deps.config.lookupRateLimitPerMinute,
          timeWindow: 60_000,
          hook: 'preHandler',
          // Per session: a stolen session cannot sweep card numbers faster than a worker taps cards.
          keyGenerator: (request) => request.cookies[SESSION_COOKIE] ?? request.ip,
        },
      },
    },
    async (request) => {
      const session = await requireSession(deps, request);
      requireAppVersion(request, deps.config.minAppVersion);
      const body = parseBody(CardLookupRequestSchema, request.body);
      return lookupCard(deps, session, body);
    },
  );

  // 제공인력 결제 ID on a shared terminal: binds the voucher screen to the worker who entered it.
  app.post(
    API.lookupWorker,
    {
      config: {
        rateLimit: {
          max: deps.config.lookupRateLimitPerMinute,
          timeWindow: 60_000,
          // Per session, like card reads: IDs cannot be tried faster than a worker types them.
          keyGenerator: (request) => `lookup-worker|${request.cookies[SESSION_COOKIE] ?? request.ip}`,
        },
      },
    },
    async (request) => {
      const session = await requireSession(deps, request);
      const body = parseBody(LookupWorkerRequestSchema, request.body);
      return bindWorker(deps, session, body);
    },
  );

  // 카드인식 테스트: works before login, so it is limited per address and terminal like a lookup per session.
  app.post(
    API.cardCheck,
    {
      config: {
        rateLimit: {
          max: deps.config.lookupRateLimitPerMinute,
          timeWindow: 60_000,
          hook: 'preHandler',
          keyGenerator: (request) => `card-check|${request.ip}|${deviceIdOf(request.body)}`,
        },
      },
    },
    async (request, reply) => {
      const body = parseBody(CardCheckRequestSchema, request.body);
      reply.header('cache-control', 'no-store');
      return checkCard(deps, body);
    },
  );
}
