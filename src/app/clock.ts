/**
 * The host's clock wins (SPEC §5.11). Each answer that carries `hostNow` tells how far the device
 * clock is off; times the host compares with its own (the voucher countdown, the end of a service)
 * are the device clock corrected by that offset, so a tablet five minutes slow still counts right.
 */

/** host − device, measured when an answer with `hostNow` arrived. */
export function measureOffset(hostNow: number, deviceNow: number): number {
  return hostNow - deviceNow;
}

/** The instant on the device clock at which a host deadline passes: Date.now() + (expiresAt − hostNow). */
export function deviceDeadline(expiresAt: number, hostNow: number, deviceNow: number): number {
  return deviceNow + (expiresAt - hostNow);
}

/** The host's "now", from the device clock and the last measured offset. */
export function hostTime(deviceNow: number, offsetMs: number): number {
  return Math.round(deviceNow + offsetMs);
}
