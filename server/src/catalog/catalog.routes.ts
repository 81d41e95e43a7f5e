import type { FastifyInstance } from 'fastify';
import { API } from '../../../src/domain/wire';
import type { HostDeps } from '../deps';
import { catalog } from './catalog.service';

export function catalogRoutes(app: FastifyInstance, deps: HostDeps): void {
  app.get(API.health, async () => ({ ok: true, hostNow: deps.now(), version: deps.config.version }));
  app.get(API.catalog, async () => catalog(deps.db, deps.now()));
}
