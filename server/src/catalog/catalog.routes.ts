import type { FastifyInstance } from 'fastify';
import { API } from '../../../src/domain/wire';
import type { HostDeps } from '../deps';
import { catalog } from './catalog.service';

export function catalogRoutes(app: FastifyInstance, deps: HostDeps): void {
  // minAppVersion lets an app know before the worker types a card number that it must update first
  // (1006), and that an earlier block has lifted once the host no longer asks for it.
  app.get(API.health, async () => ({ ok: true, hostNow: deps.now(), version: deps.config.version, minAppVersion: deps.config.minAppVersion }));
  app.get(API.catalog, async () => catalog(deps.db, deps.now()));
}
