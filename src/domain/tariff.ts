import type { ProgramId } from './catalog';

/**
 * 수가표: effective-dated unit prices. Surcharges (심야·공휴일) are rows with their own rate class,
 * not code. A row applies to service dates in [effectiveFrom, effectiveUntil).
 */
export type RateClass = 'standard' | 'nightHoliday';

export interface TariffRow {
  readonly programId: ProgramId;
  /** null: every service type of the program. */
  readonly serviceTypeId: string | null;
  readonly rate: RateClass;
  readonly unit: 'hour' | 'visit' | 'band';
  readonly priceKrw: number;
  /** For duration bands: the band covers total minutes in [minMinutes, maxMinutes). */
  readonly minMinutes?: number;
  readonly maxMinutes?: number;
  /** 'YYYY-MM-DD', inclusive. */
  readonly effectiveFrom: string;
  /** 'YYYY-MM-DD', exclusive; null = open-ended. */
  readonly effectiveUntil: string | null;
}

const Y2026 = { effectiveFrom: '2026-01-01', effectiveUntil: '2027-01-01' } as const;

/** The published 2026 figures (SPEC §4) that seed the demo tariff. */
export const TARIFF_2026: readonly TariffRow[] = [
  { programId: 'activity-support', serviceTypeId: null, rate: 'standard', unit: 'hour', priceKrw: 17_270, ...Y2026 },
  { programId: 'activity-support', serviceTypeId: null, rate: 'nightHoliday', unit: 'hour', priceKrw: 25_900, ...Y2026 },
  { programId: 'activity-support-multi', serviceTypeId: null, rate: 'standard', unit: 'hour', priceKrw: 17_270, ...Y2026 },
  { programId: 'activity-support-multi', serviceTypeId: null, rate: 'nightHoliday', unit: 'hour', priceKrw: 25_900, ...Y2026 },
  { programId: 'visiting-bath', serviceTypeId: 'in-vehicle', rate: 'standard', unit: 'visit', priceKrw: 88_990, ...Y2026 },
  { programId: 'visiting-bath', serviceTypeId: 'in-home', rate: 'standard', unit: 'visit', priceKrw: 80_230, ...Y2026 },
  { programId: 'visiting-nursing', serviceTypeId: null, rate: 'standard', unit: 'band', priceKrw: 42_880, minMinutes: 1, maxMinutes: 30, ...Y2026 },
  { programId: 'visiting-nursing', serviceTypeId: null, rate: 'standard', unit: 'band', priceKrw: 53_770, minMinutes: 30, maxMinutes: 60, ...Y2026 },
  { programId: 'visiting-nursing', serviceTypeId: null, rate: 'standard', unit: 'band', priceKrw: 64_690, minMinutes: 60, ...Y2026 },
  { programId: 'home-care', serviceTypeId: null, rate: 'standard', unit: 'hour', priceKrw: 17_800, ...Y2026 },
];

/** Whether a row is in force on a service date ('YYYY-MM-DD' compares as a string). */
export function inForce(row: TariffRow, serviceDate: string): boolean {
  return row.effectiveFrom <= serviceDate && (row.effectiveUntil === null || serviceDate < row.effectiveUntil);
}

/**
 * The rows that price one service type on a date: a row for the exact type wins over a row for
 * all types, so a type can be repriced without repeating the others.
 */
export function rowsFor(
  tariff: readonly TariffRow[],
  programId: ProgramId,
  serviceTypeId: string,
  serviceDate: string,
  rate: RateClass = 'standard',
): TariffRow[] {
  const candidates = tariff.filter((r) => r.programId === programId && r.rate === rate && inForce(r, serviceDate));
  const exact = candidates.filter((r) => r.serviceTypeId === serviceTypeId);
  return exact.length > 0 ? exact : candidates.filter((r) => r.serviceTypeId === null);
}
