import type { FastifyRequest } from 'fastify';
import { isOutdated } from '../../../src/domain/version';
import { HostError } from './host-error';

/**
 * 업데이트 필요: refuses work that starts something new (card lookups, service starts, payments)
 * from an app older than MIN_APP_VERSION. An app that sends no x-app-version predates the header,
 * so it counts as outdated too.
 */
export function requireAppVersion(request: FastifyRequest, minAppVersion: string | null): void {
  if (minAppVersion === null) return;
  const header = request.headers['x-app-version'];
  const version = Array.isArray(header) ? header[0] : header;
  if (version === undefined || isOutdated(version, minAppVersion)) {
    throw new HostError('1006', `app ${version ?? 'unknown'} < ${minAppVersion}`);
  }
}
