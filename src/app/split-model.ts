/**
 * 서비스종류별 제공시간 (the one split screen of SPEC §5.2), as a pure model: the screen keeps the
 * raw text of every 시/분 field, and `deriveSplit` says what it adds up to, what 잔여시간 is, which
 * error to show and whether 확인 may be pressed. 확인 needs 잔여시간 = 0, every field readable and
 * the domain's `validateSplit` to pass (방문목욕: exactly one type, 택1), and a price from the tariff.
 */
import type { Program } from '../domain/catalog';
import { messageKo, type ErrorCode } from '../domain/errors';
import { quoteSplit } from '../domain/pricing';
import { MAX_SERVICE_MINUTES, type MinutesByType } from '../domain/split';
import type { TariffRow } from '../domain/tariff';

export interface SplitField {
  readonly hours: string;
  readonly minutes: string;
}

export type SplitFields = Readonly<Record<string, SplitField>>;

export type SplitAction =
  | { type: 'set'; typeId: string; part: keyof SplitField; raw: string }
  /** 남은 시간 모두: give the row everything still unassigned. */
  | { type: 'fillRemaining'; typeId: string; totalMinutes: number };

export const MAX_HOURS = 24;

const EMPTY: SplitField = { hours: '', minutes: '' };

export function initialFields(program: Program): SplitFields {
  const fields: Record<string, SplitField> = {};
  for (const t of program.serviceTypes) fields[t.id] = EMPTY;
  return fields;
}

/**
 * One 시 or 분 field: blank is 0; otherwise whole digits only, at most `max`. Anything else
 * ('-1', '1.5', '1e2', '99999') is null, so the screen marks the field instead of guessing.
 */
export function parseFieldPart(raw: string, max: number): number | null {
  const text = raw.trim();
  if (text === '') return 0;
  if (!/^\d{1,4}$/.test(text)) return null;
  const value = Number(text);
  return value <= max ? value : null;
}

/** A row's minutes, or null when one of its fields is unreadable. */
export function fieldMinutes(field: SplitField): number | null {
  const hours = parseFieldPart(field.hours, MAX_HOURS);
  const minutes = parseFieldPart(field.minutes, MAX_SERVICE_MINUTES);
  if (hours === null || minutes === null) return null;
  return hours * 60 + minutes;
}

export function splitReducer(fields: SplitFields, action: SplitAction): SplitFields {
  const current = fields[action.typeId];
  if (!current) return fields;
  switch (action.type) {
    case 'set':
      return { ...fields, [action.typeId]: { ...current, [action.part]: action.raw } };
    case 'fillRemaining': {
      let assignedElsewhere = 0;
      for (const [typeId, field] of Object.entries(fields)) {
        if (typeId === action.typeId) continue;
        const minutes = fieldMinutes(field);
        if (minutes === null) return fields;
        assignedElsewhere += minutes;
      }
      const rowMinutes = action.totalMinutes - assignedElsewhere;
      if (rowMinutes < 0) return fields;
      return {
        ...fields,
        [action.typeId]: { hours: String(Math.floor(rowMinutes / 60)), minutes: String(rowMinutes % 60) },
      };
    }
  }
}

export interface SplitView {
  /** Minutes per type as typed (unreadable rows left out). */
  readonly split: MinutesByType;
  readonly assignedMinutes: number;
  /** 잔여시간: total − assigned; negative when more was typed than the service lasted. */
  readonly remainingMinutes: number;
  readonly invalidTypeIds: readonly string[];
  /** The error to show now, if any (code + Korean message); null while the worker is still typing. */
  readonly error: { readonly code: ErrorCode; readonly message: string } | null;
  /** A local problem without a host code (an unreadable field, too many minutes). */
  readonly problem: 'field' | 'over' | null;
  /** 결제금액 once the split is complete and priced. */
  readonly costKrw: number | null;
  readonly canConfirm: boolean;
}

export function deriveSplit(
  program: Program,
  totalMinutes: number,
  fields: SplitFields,
  tariff: readonly TariffRow[],
  serviceDate: string,
): SplitView {
  const split: Record<string, number> = {};
  const invalidTypeIds: string[] = [];
  let assignedMinutes = 0;
  let nonZero = 0;
  for (const t of program.serviceTypes) {
    const minutes = fieldMinutes(fields[t.id] ?? EMPTY);
    if (minutes === null) {
      invalidTypeIds.push(t.id);
      continue;
    }
    split[t.id] = minutes;
    assignedMinutes += minutes;
    if (minutes > 0) nonZero += 1;
  }
  const remainingMinutes = totalMinutes - assignedMinutes;
  const base = { split, assignedMinutes, remainingMinutes, invalidTypeIds };
  const shown = (code: ErrorCode) => ({ code, message: messageKo(code) });

  if (totalMinutes <= 0) return { ...base, error: shown('2111'), problem: null, costKrw: null, canConfirm: false };
  if (program.model === 'visit' && nonZero > 1) {
    return { ...base, error: shown('2105'), problem: null, costKrw: null, canConfirm: false };
  }
  if (invalidTypeIds.length > 0) return { ...base, error: null, problem: 'field', costKrw: null, canConfirm: false };
  if (remainingMinutes < 0) return { ...base, error: null, problem: 'over', costKrw: null, canConfirm: false };
  if (remainingMinutes > 0) return { ...base, error: null, problem: null, costKrw: null, canConfirm: false };

  // The host prices the same split with the same function (domain/pricing.ts) and refuses any other amount.
  const quote = quoteSplit(program, totalMinutes, split, tariff, serviceDate);
  if (!quote.ok) return { ...base, error: shown(quote.code), problem: null, costKrw: null, canConfirm: false };
  return { ...base, split: quote.value.minutesByType, error: null, problem: null, costKrw: quote.value.amountKrw, canConfirm: true };
}
