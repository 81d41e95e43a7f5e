import type { FastifyInstance } from 'fastify';
import { API } from '../../../src/domain/wire';
import type { HostDeps } from '../deps';
import { openApiDocument } from './openapi.service';

export function openApiRoutes(app: FastifyInstance, deps: HostDeps): void {
  const document = openApiDocument(deps.config.version);
  app.get(API.openapi, async () => document);
}
