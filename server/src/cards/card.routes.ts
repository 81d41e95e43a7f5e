import type { FastifyInstance } from 'fastify';
import { API, CardLookupRequestSchema } from '../../../src/domain/wire';
import { requireSession } from '../auth/auth.routes';
import { SESSION_COOKIE } from '../auth/auth.service';
import type { HostDeps } from '../deps';
import { requireAppVersion } from '../http/app-version';
import { parseBody } from '../http/parse-body';
import { lookupCard } from './card.service';

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
}
