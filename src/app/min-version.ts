/**
 * 업데이트가 필요합니다 (SPEC §5.9): once the host answered 426 / 1006 to this app version, the app
 * takes no new payments until it is updated — also after a restart with no signal, so the mark is
 * kept in localStorage under the version it applies to. A new version finds a different value and
 * is free again; queued payments keep syncing either way (the batch endpoint is not gated).
 */
const KEY = 'evoucher.update-required-for';
const APP_VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';

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
