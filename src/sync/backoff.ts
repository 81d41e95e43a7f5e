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

/**
 * The wait before sending again a batch the host turned away (429, 503) with a wait of its own. A
 * wait in ms (Retry-After-Ms, `exact`) is a turn the host booked for this device, already spread
 * across devices: followed with at most a tenth more (and at most MAX_TURN_JITTER_MS), so the slot
 * the host keeps for it is used.
 * Whole seconds (Retry-After) are the same for every device told in that second: spread by up to
 * half again, so they do not all come back in the same second. `random` returns [0, 1).
 */
export function hostRetryDelayMs(retryAfterMs: number, exact: boolean, random: () => number = Math.random): number {
  const spreadMs = exact ? Math.min(retryAfterMs * 0.1, MAX_TURN_JITTER_MS) : retryAfterMs * 0.5;
  return Math.round(retryAfterMs + random() * spreadMs);
}

/** A booked turn is spread by less than the host's short queue holds, so the device still finds its place. */
export const MAX_TURN_JITTER_MS = 250;
