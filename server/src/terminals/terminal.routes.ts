import type { FastifyInstance } from 'fastify';
import { API, RegisterTerminalRequestSchema } from '../../../src/domain/wire';
import type { HostDeps } from '../deps';
import { parseBody } from '../http/parse-body';
import { registerTerminal } from './terminal.service';

export function terminalRoutes(app: FastifyInstance, deps: HostDeps): void {
  app.post(API.registerTerminal, async (request) => {
    const body = parseBody(RegisterTerminalRequestSchema, request.body);
    return registerTerminal(deps.db, body, deps.now());
  });
}
