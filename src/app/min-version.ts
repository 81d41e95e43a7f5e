/**
 * 업데이트가 필요합니다 (SPEC §5.9): once the host answered 426 / 1006 to this app version, the app
 * takes no new payments until it is updated — also after a restart with no signal, so the mark is
 * kept in localStorage under the version it applies to. The mark follows the host's current answer:
 * the shell clears it when the host accepts a gated request again or its /api/health no longer asks
 * for a newer version. A new version finds a different value and is free again; queued payments
 * keep syncing either way (the batch endpoint is not gated).
 */
import type { HostContact } from '../api/host';
import { isOutdated } from '../domain/version';

const APP_VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';

const KEY = 'evoucher.update-required-for';
/** Requests that start new work: the host gates these by MIN_APP_VERSION, so their answer says whether it still does. */
const GATED_PATHS: ReadonlySet<string> = new Set(['/api/cards/lookup', '/api/services/start', '/api/payments']);

/**
 * What one exchange says about the block: true (the host refuses this version: 426 / 1006), false
 * (it accepted a request it would have refused, so the block has lifted), null (it says nothing).
 */
export function updateVerdict(contact: HostContact): boolean | null {
  if (contact.status === 426 || contact.code === '1006') return true;
  if (contact.status >= 200 && contact.status < 300 && GATED_PATHS.has(contact.path)) return false;
  return null;
}

/** What /api/health says, before any card is read: blocked exactly when the host asks for a newer version. */
export function healthVerdict(minAppVersion: string | null, version: string = APP_VERSION): boolean {
  return isOutdated(version, minAppVersion);
}

export function markUpdateRequired(version: string = APP_VERSION): void {
  try {
    localStorage.setItem(KEY, version);
  } catch {
    // Private mode or storage full: the in-memory flag still blocks this run.
  }
}

export function updateRequiredForThisVersion(version: string = APP_VERSION): boolean {
  try {
    return localStorage.getItem(KEY) === version;
  } catch {
    return false;
  }
}

/** The host accepts this version again (MIN_APP_VERSION lowered or unset): the block lifts. */
export function updateNoLongerRequired(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing stored to clear.
  }
}
