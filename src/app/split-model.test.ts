import { describe, expect, it } from 'vitest';
import { findProgram, type Program } from '../domain/catalog';
import { TARIFF_2026 } from '../domain/tariff';
import { deriveSplit, fieldMinutes, initialFields, parseFieldPart, splitReducer, type SplitFields } from './split-model';

const activity = findProgram('activity-support')!;
const bath = findProgram('visiting-bath')!;
const DATE = '2026-11-27';

function typed(program: Program, entries: Record<string, [string, string]>): SplitFields {
  let fields = initialFields(program);
  for (const [typeId, [hours, minutes]] of Object.entries(entries)) {
    fields = splitReducer(fields, { type: 'set', typeId, part: 'hours', raw: hours });
    fields = splitReducer(fields, { type: 'set', typeId, part: 'minutes', raw: minutes });
  }
  return fields;
}

describe('parseFieldPart', () => {
  it('reads a blank field as 0 and whole digits as their value', () => {
    expect(parseFieldPart('', 24)).toBe(0);
    expect(parseFieldPart(' 7 ', 24)).toBe(7);
    expect(parseFieldPart('0', 59)).toBe(0);
  });

  it('refuses negative, fractional, exponent and oversized input instead of guessing', () => {
    expect(parseFieldPart('-1', 24)).toBeNull();
    expect(parseFieldPart('1.5', 24)).toBeNull();
    expect(parseFieldPart('1e2', 1440)).toBeNull();
    expect(parseFieldPart('99999', 1440)).toBeNull();
    expect(parseFieldPart('25', 24)).toBeNull();
    expect(parseFieldPart('abc', 24)).toBeNull();
  });

  it('makes a row unreadable when either of its fields is', () => {
    expect(fieldMinutes({ hours: '1', minutes: '30' })).toBe(90);
    expect(fieldMinutes({ hours: '1', minutes: '-5' })).toBeNull();
  });
});

describe('deriveSplit for 활동보조 (time)', () => {
  it('updates 잔여시간 as hours and minutes are typed', () => {
    expect(deriveSplit(activity, 120, initialFields(activity), TARIFF_2026, DATE).remainingMinutes).toBe(120);
    const partly = deriveSplit(activity, 120, typed(activity, { social: ['1', '15'] }), TARIFF_2026, DATE);
    expect(partly.remainingMinutes).toBe(45);
    expect(partly.canConfirm).toBe(false);
    const more = deriveSplit(activity, 120, typed(activity, { social: ['1', '15'], physical: ['0', '40'] }), TARIFF_2026, DATE);
    expect(more.remainingMinutes).toBe(5);
  });

  it('allows 확인 only when 잔여시간 is exactly 0, and prices the split then', () => {
    const done = deriveSplit(activity, 120, typed(activity, { social: ['1', '0'], physical: ['1', '0'] }), TARIFF_2026, DATE);
    expect(done.remainingMinutes).toBe(0);
    expect(done.canConfirm).toBe(true);
    expect(done.split).toEqual({ social: 60, physical: 60 });
    expect(done.costKrw).toBe(34_540); // 120 min × 17,270원/h

    const over = deriveSplit(activity, 120, typed(activity, { social: ['2', '1'] }), TARIFF_2026, DATE);
    expect(over.remainingMinutes).toBe(-1);
    expect(over.problem).toBe('over');
    expect(over.canConfirm).toBe(false);
    expect(over.costKrw).toBeNull();
  });

  it('floors the price once over all types, not per type', () => {
    // 1 + 1 minutes at 17,270원/h: 287.83… + 287.83… → 575, not 287 + 287.
    const done = deriveSplit(activity, 2, typed(activity, { social: ['0', '1'], other: ['0', '1'] }), TARIFF_2026, DATE);
    expect(done.costKrw).toBe(575);
  });

  it('disables 확인 while a field is unreadable even if the rest adds up', () => {
    const view = deriveSplit(activity, 60, typed(activity, { social: ['1', '0'], physical: ['1.5', ''] }), TARIFF_2026, DATE);
    expect(view.invalidTypeIds).toEqual(['physical']);
    expect(view.problem).toBe('field');
    expect(view.canConfirm).toBe(false);
  });

  it('shows 2111 and never enables 확인 for a service of 0 minutes', () => {
    const view = deriveSplit(activity, 0, initialFields(activity), TARIFF_2026, DATE);
    expect(view.error?.code).toBe('2111');
    expect(view.error?.message).toBe('서비스 시간이 올바르지 않습니다.');
    expect(view.canConfirm).toBe(false);
  });

  it('refuses a date the tariff does not cover with 2113', () => {
    const view = deriveSplit(activity, 60, typed(activity, { social: ['1', '0'] }), TARIFF_2026, '2025-12-31');
    expect(view.error?.code).toBe('2113');
    expect(view.canConfirm).toBe(false);
  });
});

describe('deriveSplit for 방문목욕 (visit, 택1)', () => {
  it('refuses two non-zero types with 2105, even before 잔여시간 reaches 0', () => {
    const view = deriveSplit(bath, 60, typed(bath, { 'in-vehicle': ['0', '30'], 'in-home': ['0', '10'] }), TARIFF_2026, DATE);
    expect(view.error?.code).toBe('2105');
    expect(view.canConfirm).toBe(false);
  });

  it('prices one chosen type per visit', () => {
    const view = deriveSplit(bath, 60, typed(bath, { 'in-home': ['1', '0'] }), TARIFF_2026, DATE);
    expect(view.canConfirm).toBe(true);
    expect(view.split).toEqual({ 'in-home': 60 });
    expect(view.costKrw).toBe(80_230);
  });
});

describe('splitReducer fillRemaining (남은 시간 모두)', () => {
  it('gives the row what the other rows leave, as hours and minutes', () => {
    const fields = splitReducer(typed(activity, { social: ['0', '50'] }), { type: 'fillRemaining', typeId: 'physical', totalMinutes: 125 });
    expect(fields.physical).toEqual({ hours: '1', minutes: '15' });
    expect(deriveSplit(activity, 125, fields, TARIFF_2026, DATE).remainingMinutes).toBe(0);
  });

  it('does nothing while another row is unreadable or already over the total', () => {
    const bad = typed(activity, { social: ['x', ''] });
    expect(splitReducer(bad, { type: 'fillRemaining', typeId: 'physical', totalMinutes: 60 })).toBe(bad);
    const over = typed(activity, { social: ['2', '0'] });
    expect(splitReducer(over, { type: 'fillRemaining', typeId: 'physical', totalMinutes: 60 })).toBe(over);
  });

  it('ignores a type the program does not have', () => {
    const fields = initialFields(activity);
    expect(splitReducer(fields, { type: 'set', typeId: 'in-home', part: 'hours', raw: '1' })).toBe(fields);
  });
});
