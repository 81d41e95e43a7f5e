import { describe, expect, it } from 'vitest';
import { TARIFF_2026, inForce, rowsFor, type TariffRow } from './tariff';

const row = (over: Partial<TariffRow>): TariffRow => ({
  programId: 'activity-support',
  serviceTypeId: null,
  rate: 'standard',
  unit: 'hour',
  priceKrw: 10_000,
  effectiveFrom: '2026-01-01',
  effectiveUntil: '2027-01-01',
  ...over,
});

describe('inForce', () => {
  const r = row({});

  it.each([
    ['2025-12-31', false],
    ['2026-01-01', true],
    ['2026-06-15', true],
    ['2026-12-31', true],
    ['2027-01-01', false],
    ['2027-01-02', false],
  ])('on %s is %s for a row effective [2026-01-01, 2027-01-01)', (date, expected) => {
    expect(inForce(r, date)).toBe(expected);
  });

  it('keeps an open-ended row in force from its first day on', () => {
    const open = row({ effectiveUntil: null });
    expect(inForce(open, '2025-12-31')).toBe(false);
    expect(inForce(open, '2026-01-01')).toBe(true);
    expect(inForce(open, '2099-12-31')).toBe(true);
  });

  it('is never in force for a row whose until equals its from', () => {
    expect(inForce(row({ effectiveFrom: '2026-03-01', effectiveUntil: '2026-03-01' }), '2026-03-01')).toBe(false);
  });
});

describe('rowsFor', () => {
  it.each([
    ['2025-12-31', 0],
    ['2026-01-01', 1],
    ['2026-12-31', 1],
    ['2027-01-01', 0],
  ])('finds %s → %i standard 활동보조 rows in the 2026 tariff', (date, count) => {
    const rows = rowsFor(TARIFF_2026, 'activity-support', 'social', date);
    expect(rows).toHaveLength(count);
    if (count === 1) expect(rows[0]!.priceKrw).toBe(17_270);
  });

  it('prices 활동보조 at 17,270원/h standard and 25,900원/h at night or on holidays', () => {
    expect(rowsFor(TARIFF_2026, 'activity-support', 'physical', '2026-05-05').map((r) => r.priceKrw)).toEqual([17_270]);
    expect(rowsFor(TARIFF_2026, 'activity-support', 'physical', '2026-05-05', 'nightHoliday').map((r) => r.priceKrw)).toEqual([25_900]);
    expect(rowsFor(TARIFF_2026, 'activity-support-multi', 'other', '2026-05-05', 'nightHoliday').map((r) => r.priceKrw)).toEqual([25_900]);
  });

  it('defaults to the standard rate class', () => {
    expect(rowsFor(TARIFF_2026, 'activity-support', 'social', '2026-05-05')).toEqual(
      rowsFor(TARIFF_2026, 'activity-support', 'social', '2026-05-05', 'standard'),
    );
  });

  it('has no night/holiday rows for programs that publish none', () => {
    expect(rowsFor(TARIFF_2026, 'home-care', 'housework', '2026-05-05', 'nightHoliday')).toEqual([]);
    expect(rowsFor(TARIFF_2026, 'visiting-bath', 'in-home', '2026-05-05', 'nightHoliday')).toEqual([]);
  });

  it('picks the row for the exact type over the row for all types', () => {
    const tariff = [row({ serviceTypeId: null, priceKrw: 10_000 }), row({ serviceTypeId: 'physical', priceKrw: 20_000 })];
    expect(rowsFor(tariff, 'activity-support', 'physical', '2026-05-05').map((r) => r.priceKrw)).toEqual([20_000]);
    expect(rowsFor(tariff, 'activity-support', 'social', '2026-05-05').map((r) => r.priceKrw)).toEqual([10_000]);
  });

  it('falls back to the all-types row when the exact row is not yet in force', () => {
    const tariff = [
      row({ serviceTypeId: null, priceKrw: 10_000 }),
      row({ serviceTypeId: 'physical', priceKrw: 20_000, effectiveFrom: '2026-07-01' }),
    ];
    expect(rowsFor(tariff, 'activity-support', 'physical', '2026-06-30').map((r) => r.priceKrw)).toEqual([10_000]);
    expect(rowsFor(tariff, 'activity-support', 'physical', '2026-07-01').map((r) => r.priceKrw)).toEqual([20_000]);
  });

  it('ignores exact-type rows of another rate class when choosing', () => {
    const tariff = [row({ serviceTypeId: null, priceKrw: 10_000 }), row({ serviceTypeId: 'physical', rate: 'nightHoliday', priceKrw: 30_000 })];
    expect(rowsFor(tariff, 'activity-support', 'physical', '2026-05-05').map((r) => r.priceKrw)).toEqual([10_000]);
  });

  it('ignores rows of other programs', () => {
    const tariff = [row({ programId: 'home-care', priceKrw: 17_800 })];
    expect(rowsFor(tariff, 'activity-support', 'social', '2026-05-05')).toEqual([]);
  });

  it('switches price on the day a new row takes over', () => {
    const tariff = [
      row({ priceKrw: 17_270, effectiveFrom: '2026-01-01', effectiveUntil: '2027-01-01' }),
      row({ priceKrw: 18_000, effectiveFrom: '2027-01-01', effectiveUntil: null }),
    ];
    expect(rowsFor(tariff, 'activity-support', 'social', '2026-12-31').map((r) => r.priceKrw)).toEqual([17_270]);
    expect(rowsFor(tariff, 'activity-support', 'social', '2027-01-01').map((r) => r.priceKrw)).toEqual([18_000]);
  });

  it('returns the three 방문간호 bands of 2026 in order', () => {
    const bands = rowsFor(TARIFF_2026, 'visiting-nursing', 'basic-care', '2026-05-05');
    expect(bands.map((r) => [r.minMinutes, r.maxMinutes, r.priceKrw])).toEqual([
      [1, 30, 42_880],
      [30, 60, 53_770],
      [60, undefined, 64_690],
    ]);
  });

  it('returns the per-type 방문목욕 visit price', () => {
    expect(rowsFor(TARIFF_2026, 'visiting-bath', 'in-vehicle', '2026-05-05').map((r) => r.priceKrw)).toEqual([88_990]);
    expect(rowsFor(TARIFF_2026, 'visiting-bath', 'in-home', '2026-05-05').map((r) => r.priceKrw)).toEqual([80_230]);
    expect(rowsFor(TARIFF_2026, 'visiting-bath', 'unknown', '2026-05-05')).toEqual([]);
  });

  it('holds only integer won prices in the 2026 tariff', () => {
    for (const r of TARIFF_2026) expect(Number.isSafeInteger(r.priceKrw) && r.priceKrw > 0).toBe(true);
  });

  it('has no tariff for the entered-amount programs', () => {
    for (const id of ['developmental-rehab', 'language-development', 'parent-counseling'] as const) {
      expect(rowsFor(TARIFF_2026, id, 'session', '2026-05-05')).toEqual([]);
    }
  });
});
