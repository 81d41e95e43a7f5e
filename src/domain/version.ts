/** Dotted app versions ('0.10.0' > '0.9.3'), compared numerically: the host's gate and the app's own check. */
function parts(version: string): number[] {
  return version.split('.').map((part) => Number.parseInt(part, 10) || 0);
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const left = parts(a);
  const right = parts(b);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Whether an app of `version` is older than the host's minimum (null: no minimum). */
export function isOutdated(version: string, minAppVersion: string | null): boolean {
  return minAppVersion !== null && compareVersions(version, minAppVersion) < 0;
}
