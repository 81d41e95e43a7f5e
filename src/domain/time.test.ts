import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MINUTE_MS, clocksDisagree, seoulDate, seoulInstant, seoulMonth, splitHoursMinutes, wholeMinutesBetween } from './time';

const at = (iso: string): number => Date.parse(iso);

describe('seoulDate', () => {
  it('stays on the UTC date until 14:59:59.999Z', () => {
    expect(seoulDate(at('2026-11-27T14:59:59.999Z'))).toBe('2026-11-27');
  });

  it('turns to the next date at 15:00:00Z, Seoul midnight', () => {
    expect(seoulDate(at('2026-11-27T15:00:00.000Z'))).toBe('2026-11-28');
  });

  it('is a day ahead of UTC in the Seoul morning', () => {
    expect(seoulDate(at('2026-11-27T23:30:00Z'))).toBe('2026-11-28');
    expect(seoulDate(at('2026-11-28T00:00:00Z'))).toBe('2026-11-28');
  });

  it('gives 1970-01-01 for the epoch (09:00 in Seoul)', () => {
    expect(seoulDate(0)).toBe('1970-01-01');
    expect(seoulDate(-9 * 3_600_000 - 1)).toBe('1969-12-31');
  });

  it('handles 29 February of a leap year', () => {
    expect(seoulDate(at('2028-02-28T15:00:00Z'))).toBe('2028-02-29');
    expect(seoulDate(at('2028-02-29T15:00:00Z'))).toBe('2028-03-01');
  });
});

describe('seoulMonth', () => {
  it.each([
    ['2026-01-31T14:59:59.999Z', '2026-01'],
    ['2026-01-31T15:00:00.000Z', '2026-02'],
    ['2026-02-28T15:00:00.000Z', '2026-03'],
    ['2026-12-31T14:59:59.999Z', '2026-12'],
    ['2026-12-31T15:00:00.000Z', '2027-01'],
  ])('puts %s in the voucher month %s', (iso, month) => {
    expect(seoulMonth(at(iso))).toBe(month);
  });
});

describe('seoulInstant', () => {
  it('gives Seoul midnight as 15:00Z of the day before', () => {
    expect(seoulInstant('2026-11-28', 0, 0)).toBe(at('2026-11-27T15:00:00.000Z'));
  });

  it('gives 09:00 Seoul as midnight UTC', () => {
    expect(seoulInstant('2026-03-01', 9, 0)).toBe(at('2026-03-01T00:00:00Z'));
  });

  it('gives 23:59 Seoul on new year’s eve as 14:59Z', () => {
    expect(seoulInstant('2026-12-31', 23, 59)).toBe(at('2026-12-31T14:59:00Z'));
  });

  it('round-trips with seoulDate for every wall-clock time of a day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (d, hour, minute) => {
          const date = d.toISOString().slice(0, 10);
          const instant = seoulInstant(date, hour, minute);
          expect(seoulDate(instant)).toBe(date);
          expect(seoulInstant(seoulDate(instant), hour, minute)).toBe(instant);
          expect((instant - seoulInstant(date, 0, 0)) / MINUTE_MS).toBe(hour * 60 + minute);
        },
      ),
    );
  });

  it('gives the Seoul date of any whole-minute instant back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), (minutes) => {
        const instant = minutes * MINUTE_MS;
        const date = seoulDate(instant);
        const midnight = seoulInstant(date, 0, 0);
        expect(instant - midnight).toBeGreaterThanOrEqual(0);
        expect(instant - midnight).toBeLessThan(24 * 60 * MINUTE_MS);
      }),
    );
  });

  it('is NaN for a date that does not parse', () => {
    expect(seoulInstant('2026-13-01', 0, 0)).toBeNaN();
    expect(seoulInstant('', 0, 0)).toBeNaN();
  });
});

describe('wholeMinutesBetween', () => {
  const start = at('2026-05-05T01:00:00Z');

  it.each([
    [0, 0],
    [59_999, 0],
    [59_000, 0],
    [60_000, 1],
    [119_999, 1],
    [120_000, 2],
    [2 * 3_600_000, 120],
  ])('counts %i ms as %i whole minutes', (ms, minutes) => {
    expect(wholeMinutesBetween(start, start + ms)).toBe(minutes);
  });

  it('floors a negative duration towards minus infinity', () => {
    expect(wholeMinutesBetween(start, start - 60_000)).toBe(-1);
    expect(wholeMinutesBetween(start, start - 59_000)).toBe(-1);
    expect(wholeMinutesBetween(start, start - 1)).toBe(-1);
    expect(wholeMinutesBetween(start, start - 61_000)).toBe(-2);
  });

  it('counts a service across Seoul midnight in full', () => {
    expect(wholeMinutesBetween(seoulInstant('2026-05-05', 22, 30), seoulInstant('2026-05-06', 1, 15))).toBe(165);
  });
});

describe('splitHoursMinutes', () => {
  it.each([
    [0, 0, 0],
    [59, 0, 59],
    [60, 1, 0],
    [125, 2, 5],
    [1440, 24, 0],
  ])('shows %i minutes as %i h %i m', (total, hours, minutes) => {
    expect(splitHoursMinutes(total)).toEqual({ hours, minutes });
  });

  it('recombines to the total for any non-negative minutes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (total) => {
        const { hours, minutes } = splitHoursMinutes(total);
        expect(hours * 60 + minutes).toBe(total);
        expect(minutes >= 0 && minutes < 60).toBe(true);
      }),
    );
  });
});

describe('clocksDisagree', () => {
  const host = at('2026-05-05T03:00:00Z');

  it('disagrees at exactly 5 minutes, either way', () => {
    expect(clocksDisagree(host + 5 * MINUTE_MS, host)).toBe(true);
    expect(clocksDisagree(host - 5 * MINUTE_MS, host)).toBe(true);
  });

  it('agrees at 4 min 59.999 s, either way', () => {
    expect(clocksDisagree(host + 5 * MINUTE_MS - 1, host)).toBe(false);
    expect(clocksDisagree(host - 5 * MINUTE_MS + 1, host)).toBe(false);
  });

  it('agrees when the clocks are equal', () => {
    expect(clocksDisagree(host, host)).toBe(false);
  });

  it('disagrees far beyond the tolerance', () => {
    expect(clocksDisagree(host + 24 * 60 * MINUTE_MS, host)).toBe(true);
  });

  it('takes a custom tolerance', () => {
    expect(clocksDisagree(host + 1_000, host, 1_000)).toBe(true);
    expect(clocksDisagree(host + 999, host, 1_000)).toBe(false);
  });

  it('is symmetric in its two clocks', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20 * MINUTE_MS, max: 20 * MINUTE_MS }), (offset) => {
        expect(clocksDisagree(host + offset, host)).toBe(clocksDisagree(host, host + offset));
        expect(clocksDisagree(host + offset, host)).toBe(Math.abs(offset) >= 5 * MINUTE_MS);
      }),
    );
  });
});
