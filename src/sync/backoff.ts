/**
 * Retry delays for the outbox: exponential with full jitter (a random delay between 0 and the
 * exponential ceiling), so a thousand devices coming back after an outage do not retry in step.
 */
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

/** The delay before retry number `attempts` (1 after the first failure). `random` returns [0, 1). */
export function backoffDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
