import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findProgram, type Program, type ProgramId } from './catalog';
import { MAX_PAYMENT_KRW, computeCostKrw, validateAmount } from './cost';
import { TARIFF_2026, type TariffRow } from './tariff';

const program = (id: ProgramId): Program => {
  const found = findProgram(id);
  if (!found) throw new Error(`missing program ${id}`);
  return found;
};

const DAY = '2026-05-05';
const activity = program('activity-support');
const multi = program('activity-support-multi');
const nursing = program('visiting-nursing');
const bath = program('visiting-bath');
const homeCare = program('home-care');

describe('computeCostKrw — hourly', () => {
  it('charges 34,540원 for 120 minutes of 활동보조 (120 × 17,270 / 60)', () => {
    expect(computeCostKrw(activity, { social: 120 }, TARIFF_2026, DAY)).toEqual({ ok: true, value: 34_540 });
  });

  it('charges 17,270원 for exactly one hour', () => {
    expect(computeCostKrw(activity, { physical: 60 }, TARIFF_2026, DAY)).toEqual({ ok: true, value: 17_270 });
  });

  it('floors one minute to 287원 (17,270 / 60 = 287.83)', () => {
    expect(computeCostKrw(activity, { social: 1 }, TARIFF_2026, DAY)).toEqual({ ok: true, value: 287 });
  });

  it('floors once over the sum, not per type (1 + 1 minutes → 575, not 574)', () => {
    expect(computeCostKrw(activity, { social: 1, physical: 1 }, TARIFF_2026, DAY)).toEqual({ ok: true, value: 575 });
  });

  it('charges a split across the four types the same as the same minutes on one type', () => {
    const split = computeCostKrw(activity, { social: 7, physical: 13, housework: 29, other: 71 }, TARIFF_2026, DAY);
    const single = computeCostKrw(activity, { social: 120 }, TARIFF_2026, DAY);
    expect(split).toEqual({ ok: true, value: 34_540 });
    expect(single).toEqual(split);
  });

  it('ignores types with zero minutes', () => {
    expect(computeCostKrw(activity, { social: 0, physical: 60 }, TARIFF_2026, DAY)).toEqual({ ok: true, value: 17_270 });
  });

  it('charges the night/holiday rate of 25,900원/h when asked for it', () => {
    expect(computeCostKrw(activity, { social: 60 }, TARIFF_2026, DAY, 'nightHoliday')).toEqual({ ok: true, value: 25_900 });
    expect(computeCostKrw(activity, { social: 1 }, TARIFF_2026, DAY, 'nightHoliday')).toEqual({ ok: true, value: 431 });
    expect(computeCostKrw(multi, { other: 90 }, TARIFF_2026, DAY, 'nightHoliday')).toEqual({ ok: true, value: 38_850 });
  });

  it('charges 가사간병 at 17,800원/h', () => {
    expect(computeCostKrw(homeCare, { housework: 30, nursing: 30 }, TARIFF_2026, DAY)).toEqual({ ok: true, value: 17_800 });
    expect(computeCostKrw(homeCare, { nursing: 1 }, TARIFF_2026, DAY)).toEqual({ ok: true, value: 296 });
  });

  it('charges a full day of 활동보조 at night without overflow or loss', () => {
    expect(computeCostKrw(activity, { social: 1440 }, TARIFF_2026, DAY, 'nightHoliday')).toEqual({ ok: true, value: 621_600 });
  });

  it('uses an exact-type price for that type only', () => {
    const tariff: TariffRow[] = [
      ...TARIFF_2026,
      {
        programId: 'activity-support',
        serviceTypeId: 'physical',
        rate: 'standard',
        unit: 'hour',
        priceKrw: 20_000,
        effectiveFrom: '2026-01-01',
        effectiveUntil: null,
      },
    ];
    // 60 × 17,270 + 60 × 20,000 = 2,236,200 minute-won → 37,270원
    expect(computeCostKrw(activity, { social: 60, physical: 60 }, tariff, DAY)).toEqual({ ok: true, value: 37_270 });
  });

  it.each(['2025-12-31', '2027-01-01'])('refuses with 2113 on %s, a date with no tariff', (date) => {
    expect(computeCostKrw(activity, { social: 60 }, TARIFF_2026, date)).toMatchObject({ ok: false, code: '2113' });
  });

  it.each(['2026-01-01', '2026-12-31'])('prices on %s, the first and last day of the 2026 tariff', (date) => {
    expect(computeCostKrw(activity, { social: 60 }, TARIFF_2026, date)).toEqual({ ok: true, value: 17_270 });
  });

  it('refuses with 2113 when the rate class has no row', () => {
    expect(computeCostKrw(homeCare, { housework: 60 }, TARIFF_2026, DAY, 'nightHoliday')).toMatchObject({ ok: false, code: '2113' });
  });

  it('refuses with 2113 when the only row is not an hourly row', () => {
    const tariff: TariffRow[] = [
      {
        programId: 'activity-support',
        serviceTypeId: null,
        rate: 'standard',
        unit: 'visit',
        priceKrw: 50_000,
        effectiveFrom: '2026-01-01',
        effectiveUntil: null,
      },
    ];
    expect(computeCostKrw(activity, { social: 60 }, tariff, DAY)).toMatchObject({ ok: false, code: '2113' });
  });

  it('refuses with 2113 against an empty tariff', () => {
    expect(computeCostKrw(activity, { social: 60 }, [], DAY)).toMatchObject({ ok: false, code: '2113' });
  });

  it.each<Record<string, number>>([{}, { social: 0 }, { social: 0, physical: 0 }])('refuses an empty split %j with 2111', (split) => {
    expect(computeCostKrw(activity, split, TARIFF_2026, DAY)).toEqual({ ok: false, code: '2111' });
  });

  it('is monotonic non-decreasing in minutes and never exceeds minutes × price / 60', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1440 }),
        fc.integer({ min: 1, max: 1440 }),
        fc.constantFrom('standard' as const, 'nightHoliday' as const),
        (a, b, rate) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const price = rate === 'standard' ? 17_270 : 25_900;
          const low = computeCostKrw(activity, { social: lo }, TARIFF_2026, DAY, rate);
          const high = computeCostKrw(activity, { social: hi }, TARIFF_2026, DAY, rate);
          if (!low.ok || !high.ok) return false;
          return (
            low.value <= high.value &&
            low.value <= (lo * price) / 60 &&
            high.value <= (hi * price) / 60 &&
            (lo * price) / 60 - low.value < 1 &&
            Number.isInteger(low.value)
          );
        },
      ),
    );
  });

  it('costs the same whichever way the same total is split across types', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 360 }), { minLength: 4, maxLength: 4 }), (parts) => {
        const [social, physical, housework, other] = parts as [number, number, number, number];
        const total = social + physical + housework + other;
        fc.pre(total > 0);
        const split = computeCostKrw(activity, { social, physical, housework, other }, TARIFF_2026, DAY);
        const single = computeCostKrw(activity, { social: total }, TARIFF_2026, DAY);
        expect(split).toEqual(single);
        expect(split).toEqual({ ok: true, value: Math.floor((total * 17_270) / 60) });
      }),
    );
  });
});

describe('computeCostKrw — per visit (방문목욕)', () => {
  it('charges 88,990원 for 차량내입욕 whatever the minutes', () => {
    expect(computeCostKrw(bath, { 'in-vehicle': 60 }, TARIFF_2026, DAY)).toEqual({ ok: true, value: 88_990 });
    expect(computeCostKrw(bath, { 'in-vehicle': 1 }, TARIFF_2026, DAY)).toEqual({ ok: true, value: 88_990 });
  });

  it('charges 80,230원 for 가정내입욕', () => {
    expect(computeCostKrw(bath, { 'in-home': 45 }, TARIFF_2026, DAY)).toEqual({ ok: true, value: 80_230 });
  });

  it('charges the chosen type when the other is zero', () => {
    expect(computeCostKrw(bath, { 'in-vehicle': 0, 'in-home': 45 }, TARIFF_2026, DAY)).toEqual({ ok: true, value: 80_230 });
  });

  it('refuses two non-zero types with 2105', () => {
    expect(computeCostKrw(bath, { 'in-vehicle': 30, 'in-home': 30 }, TARIFF_2026, DAY)).toEqual({ ok: false, code: '2105' });
  });

  it('refuses no non-zero type with 2111', () => {
    expect(computeCostKrw(bath, { 'in-vehicle': 0, 'in-home': 0 }, TARIFF_2026, DAY)).toEqual({ ok: false, code: '2111' });
  });

  it('refuses with 2113 outside the tariff dates', () => {
    expect(computeCostKrw(bath, { 'in-home': 45 }, TARIFF_2026, '2025-12-31')).toMatchObject({ ok: false, code: '2113' });
  });
});

describe('computeCostKrw — duration bands (방문간호)', () => {
  it.each([
    [1, 42_880],
    [29, 42_880],
    [30, 53_770],
    [59, 53_770],
    [60, 64_690],
    [61, 64_690],
    [1440, 64_690],
  ])('charges %i minutes at %i원', (minutes, won) => {
    expect(computeCostKrw(nursing, { 'basic-care': minutes }, TARIFF_2026, DAY)).toEqual({ ok: true, value: won });
  });

  it('puts the total of all types in one band', () => {
    expect(computeCostKrw(nursing, { 'basic-care': 20, treatment: 20 }, TARIFF_2026, DAY)).toEqual({ ok: true, value: 53_770 });
    expect(computeCostKrw(nursing, { 'basic-care': 29, treatment: 1, counseling: 30 }, TARIFF_2026, DAY)).toEqual({
      ok: true,
      value: 64_690,
    });
  });

  it('refuses with 2113 outside the tariff dates', () => {
    expect(computeCostKrw(nursing, { 'basic-care': 30 }, TARIFF_2026, '2027-01-01')).toMatchObject({ ok: false, code: '2113' });
  });

  it('refuses with 2113 when no band covers the total', () => {
    const tariff = TARIFF_2026.filter((r) => !(r.programId === 'visiting-nursing' && r.maxMinutes === undefined));
    expect(computeCostKrw(nursing, { 'basic-care': 60 }, tariff, DAY)).toMatchObject({ ok: false, code: '2113' });
    expect(computeCostKrw(nursing, { 'basic-care': 59 }, tariff, DAY)).toEqual({ ok: true, value: 53_770 });
  });

  it('refuses an empty split with 2111', () => {
    expect(computeCostKrw(nursing, {}, TARIFF_2026, DAY)).toEqual({ ok: false, code: '2111' });
  });
});

describe('computeCostKrw — entered amount', () => {
  it.each(['developmental-rehab', 'language-development', 'parent-counseling'] as const)('refuses to price %s by time with 2206', (id) => {
    expect(computeCostKrw(program(id), { session: 60 }, TARIFF_2026, DAY)).toMatchObject({ ok: false, code: '2206' });
  });
});

describe('validateAmount', () => {
  it('accepts 1원', () => {
    expect(validateAmount(1)).toEqual({ ok: true, value: 1 });
  });

  it('accepts exactly MAX_PAYMENT_KRW (2,000,000원)', () => {
    expect(MAX_PAYMENT_KRW).toBe(2_000_000);
    expect(validateAmount(MAX_PAYMENT_KRW)).toEqual({ ok: true, value: 2_000_000 });
  });

  it('accepts a typical 발달재활 session amount', () => {
    expect(validateAmount(55_000)).toEqual({ ok: true, value: 55_000 });
  });

  it.each([
    ['zero', 0],
    ['negative zero', -0],
    ['minus one', -1],
    ['a fraction', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['MAX + 1', MAX_PAYMENT_KRW + 1],
    ['an unsafe integer', 2 ** 53],
    ['a numeric string', '1000'],
    ['null', null],
    ['undefined', undefined],
    ['a boolean', true],
    ['a bigint', 1000n],
    ['a boxed number', Object(1000) as unknown],
    ['an array', [1000]],
  ])('refuses %s with 2103', (_label, amount) => {
    expect(validateAmount(amount)).toEqual({ ok: false, code: '2103' });
  });

  it('accepts every whole won in range and refuses everything above', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_PAYMENT_KRW }), (n) => {
        expect(validateAmount(n)).toEqual({ ok: true, value: n });
      }),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: MAX_PAYMENT_KRW + 1, max: 0x7fff_ffff }),
          fc.maxSafeNat().filter((n) => n > MAX_PAYMENT_KRW),
        ),
        (n) => {
          expect(validateAmount(n)).toEqual({ ok: false, code: '2103' });
        },
      ),
    );
  });
});
