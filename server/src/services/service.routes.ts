import type { FastifyInstance } from 'fastify';
import { API, ServiceDiscardRequestSchema, ServiceStartRequestSchema } from '../../../src/domain/wire';
import { requireSession } from '../auth/auth.routes';
import type { HostDeps } from '../deps';
import { requireAppVersion } from '../http/app-version';
import { parseBody } from '../http/parse-body';
import { discardService, startService } from './service.service';

export function serviceRoutes(app: FastifyInstance, deps: HostDeps): void {
  app.post(API.serviceStart, async (request) => {
    const session = await requireSession(deps, request);
    requireAppVersion(request, deps.config.minAppVersion);
    const body = parseBody(ServiceStartRequestSchema, request.body);
    return startService(deps, session, body);
  });

  app.post(API.serviceDiscard, async (request) => {
    const session = await requireSession(deps, request);
    const body = parseBody(ServiceDiscardRequestSchema, request.body);
    return discardService(deps, session, body);
  });
}
