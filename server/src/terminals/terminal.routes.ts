import type { FastifyInstance } from 'fastify';
import { API, ReclaimTerminalRequestSchema, RegisterTerminalRequestSchema } from '../../../src/domain/wire';
import { requireSession } from '../auth/auth.routes';
import { sessionInfo } from '../auth/auth.service';
import type { HostDeps } from '../deps';
import { parseBody } from '../http/parse-body';
import { reclaimTerminal, registerTerminal } from './terminal.service';

export function terminalRoutes(app: FastifyInstance, deps: HostDeps): void {
  app.post(API.registerTerminal, async (request) => {
    const body = parseBody(RegisterTerminalRequestSchema, request.body);
    const version = request.headers['x-app-version'];
    const appVersion = typeof version === 'string' && /^[A-Za-z0-9.+_-]{1,32}$/.test(version) ? version : null;
    return registerTerminal(deps.db, body, deps.now(), appVersion);
  });

  // 재설치 확인: this registration is the worker's earlier terminal, re-installed; answers the session on it.
  app.post(API.reclaimTerminal, async (request) => {
    const session = await requireSession(deps, request);
    const body = parseBody(ReclaimTerminalRequestSchema, request.body);
    const terminal = await reclaimTerminal(deps.db, session, body, deps.now());
    return sessionInfo(deps, { ...session, terminalId: terminal.id });
  });
}
