import { describe, expect, it } from 'vitest';
import { deviceDeadline, hostTime, measureOffset } from './clock';

describe('host clock', () => {
  it('puts the voucher deadline on the device clock, whatever the device clock says', () => {
    // Host: 12:00:00, expires 12:05:00. A device 7 minutes slow still gets 5 minutes from now.
    const hostNow = 1_000_000_000;
    const deviceNow = hostNow - 7 * 60_000;
    expect(deviceDeadline(hostNow + 300_000, hostNow, deviceNow)).toBe(deviceNow + 300_000);
  });

  it('corrects device times by the measured offset', () => {
    const offset = measureOffset(1_000_000, 400_000);
    expect(offset).toBe(600_000);
    expect(hostTime(500_000, offset)).toBe(1_100_000);
  });
});
