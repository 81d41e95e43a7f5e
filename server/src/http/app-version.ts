import type { FastifyRequest } from 'fastify';
import { HostError } from './host-error';

function parts(version: string): number[] {
  return version.split('.').map((part) => Number.parseInt(part, 10) || 0);
}

/** Compares dotted versions numerically ('0.10.0' > '0.9.3'): negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const left = parts(a);
  const right = parts(b);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * 업데이트 필요: refuses work that starts something new (card lookups, service starts, payments)
 * from an app older than MIN_APP_VERSION. An app that sends no x-app-version predates the header,
 * so it counts as outdated too.
 */
export function requireAppVersion(request: FastifyRequest, minAppVersion: string | null): void {
  if (minAppVersion === null) return;
  const header = request.headers['x-app-version'];
  const version = Array.isArray(header) ? header[0] : header;
  if (version === undefined || compareVersions(version, minAppVersion) < 0) {
    throw new HostError('1006', `app ${version ?? 'unknown'} < ${minAppVersion}`);
  }
}
