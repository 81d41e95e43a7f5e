import { clocksDisagree } from '../domain/time';

/**
 * 0101 (SPEC §5.10): the device clock is off the host's by 5 minutes or more. Measured from every
 * answer that carries hostNow, so only while online; payments use the host's time regardless.
 */
export function clockWarning(offsetMs: number | null): boolean {
  if (offsetMs === null) return false;
  return clocksDisagree(0, offsetMs);
}
