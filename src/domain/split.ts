import type { Program } from './catalog';
import { fail, ok, type Result } from './result';

/** 서비스종류별 제공시간: minutes per service type id. Types left out count as 0. */
export type MinutesByType = Readonly<Record<string, number>>;

/** A single service longer than a day is a typing mistake, not a visit. */
export const MAX_SERVICE_MINUTES = 24 * 60;

export function sumMinutes(split: MinutesByType): number {
  let total = 0;
  for (const minutes of Object.values(split)) total += minutes;
  return total;
}

/** 잔여시간: what is still to be assigned to a type; the split screen's 확인 needs it to be 0. */
export function remainingMinutes(totalMinutes: number, split: MinutesByType): number {
  return totalMinutes - sumMinutes(split);
}

/**
 * Checks a per-type split against the total service time (SPEC §5.2):
 * known types only, whole non-negative minutes, sum = total, and for 방문목욕 exactly one type (택1).
 * Amount programs have no split.
 */
export function validateSplit(program: Program, totalMinutes: number, split: MinutesByType): Result<MinutesByType> {
  if (program.model === 'amount') return fail('2206', 'amount programs take no time split');
  if (!Number.isInteger(totalMinutes) || totalMinutes <= 0 || totalMinutes > MAX_SERVICE_MINUTES) return fail('2111');
  const known = new Set(program.serviceTypes.map((t) => t.id));
  const normalized: Record<string, number> = {};
  let nonZero = 0;
  for (const [typeId, minutes] of Object.entries(split)) {
    if (!known.has(typeId)) return fail('2112', typeId);
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > totalMinutes) return fail('2104');
    if (minutes > 0) {
      normalized[typeId] = minutes;
      nonZero += 1;
    }
  }
  if (program.model === 'visit' && nonZero !== 1) return fail('2105');
  if (sumMinutes(normalized) !== totalMinutes) return fail('2104');
  return ok(normalized);
}
