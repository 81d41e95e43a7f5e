import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROGRAMS, findProgram, type Program, type ProgramId } from './catalog';
import { MAX_SERVICE_MINUTES, remainingMinutes, sumMinutes, validateSplit } from './split';

const program = (id: ProgramId): Program => {
  const found = findProgram(id);
  if (!found) throw new Error(`missing program ${id}`);
  return found;
};

const activity = program('activity-support');
const bath = program('visiting-bath');
const nursing = program('visiting-nursing');
const homeCare = program('home-care');

describe('sumMinutes and remainingMinutes', () => {
  it('sums the minutes of every type', () => {
    expect(sumMinutes({ social: 30, physical: 45, housework: 0, other: 5 })).toBe(80);
  });

  it('sums an empty split to 0', () => {
    expect(sumMinutes({})).toBe(0);
  });

  it('leaves the whole total remaining before any type is filled in', () => {
    expect(remainingMinutes(125, {})).toBe(125);
  });

  it('leaves 0 remaining when the split adds up to the total', () => {
    expect(remainingMinutes(125, { social: 60, physical: 65 })).toBe(0);
  });

  it('goes negative when the split exceeds the total', () => {
    expect(remainingMinutes(60, { social: 45, physical: 30 })).toBe(-15);
  });
});

describe('validateSplit', () => {
  it('accepts a split of the program’s types that adds up to the total', () => {
    expect(validateSplit(activity, 120, { social: 60, physical: 30, housework: 20, other: 10 })).toEqual({
      ok: true,
      value: { social: 60, physical: 30, housework: 20, other: 10 },
    });
  });

  it('accepts the whole total on one type', () => {
    expect(validateSplit(homeCare, 90, { nursing: 90 })).toEqual({ ok: true, value: { nursing: 90 } });
  });

  it('drops zero-minute types from the normalized split', () => {
    const result = validateSplit(activity, 60, { social: 0, physical: 60, housework: 0, other: 0 });
    expect(result).toEqual({ ok: true, value: { physical: 60 } });
    if (result.ok) expect(Object.keys(result.value)).toEqual(['physical']);
  });

  it('accepts 1 minute and exactly 24 hours as totals', () => {
    expect(validateSplit(activity, 1, { other: 1 })).toEqual({ ok: true, value: { other: 1 } });
    expect(MAX_SERVICE_MINUTES).toBe(1440);
    expect(validateSplit(activity, 1440, { social: 1440 })).toEqual({ ok: true, value: { social: 1440 } });
  });

  it.each([
    ['less than the total', { social: 60, physical: 59 }],
    ['more than the total', { social: 60, physical: 61 }],
    ['empty', {}],
    ['all zeros', { social: 0, physical: 0 }],
  ])('refuses a split that adds up to %s with 2104', (_label, split) => {
    expect(validateSplit(activity, 120, split)).toEqual({ ok: false, code: '2104' });
  });

  it.each([
    ['negative', { social: -10, physical: 130 }],
    ['fractional', { social: 59.5, physical: 60.5 }],
    ['above the total', { social: 121 }],
    ['NaN', { social: Number.NaN }],
    ['Infinity', { social: Number.POSITIVE_INFINITY }],
  ])('refuses %s minutes with 2104', (_label, split) => {
    expect(validateSplit(activity, 120, split)).toEqual({ ok: false, code: '2104' });
  });

  it('refuses a type of another program with 2112 and names it', () => {
    expect(validateSplit(activity, 60, { nursing: 60 })).toEqual({ ok: false, code: '2112', detail: 'nursing' });
  });

  it.each(['unknown', '', 'Social', '__proto__', 'constructor', 'toString'])('refuses the type %j with 2112', (typeId) => {
    const split: Record<string, number> = JSON.parse(`{${JSON.stringify(typeId)}: 60}`);
    expect(Object.keys(split)).toEqual([typeId]);
    expect(validateSplit(activity, 60, split)).toEqual({ ok: false, code: '2112', detail: typeId });
  });

  it('refuses an unknown type even with zero minutes', () => {
    expect(validateSplit(activity, 60, { social: 60, bogus: 0 })).toEqual({ ok: false, code: '2112', detail: 'bogus' });
  });

  it.each([
    ['zero', 0],
    ['negative', -60],
    ['fractional', 60.5],
    ['above 24 hours', 1441],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('refuses a %s total with 2111', (_label, total) => {
    expect(validateSplit(activity, total, { social: 60 })).toEqual({ ok: false, code: '2111' });
  });

  it.each(['developmental-rehab', 'language-development', 'parent-counseling'] as const)(
    'refuses any split for the amount program %s with 2206',
    (id) => {
      expect(validateSplit(program(id), 60, { session: 60 })).toMatchObject({ ok: false, code: '2206' });
      expect(validateSplit(program(id), 60, {})).toMatchObject({ ok: false, code: '2206' });
    },
  );

  describe('방문목욕 (택1)', () => {
    it('accepts exactly one non-zero type', () => {
      expect(validateSplit(bath, 50, { 'in-vehicle': 50 })).toEqual({ ok: true, value: { 'in-vehicle': 50 } });
      expect(validateSplit(bath, 50, { 'in-vehicle': 0, 'in-home': 50 })).toEqual({ ok: true, value: { 'in-home': 50 } });
    });

    it('refuses both types non-zero with 2105, even when they add up', () => {
      expect(validateSplit(bath, 60, { 'in-vehicle': 30, 'in-home': 30 })).toEqual({ ok: false, code: '2105' });
    });

    it('refuses both types zero with 2105', () => {
      expect(validateSplit(bath, 60, { 'in-vehicle': 0, 'in-home': 0 })).toEqual({ ok: false, code: '2105' });
      expect(validateSplit(bath, 60, {})).toEqual({ ok: false, code: '2105' });
    });

    it('refuses one type whose minutes differ from the total with 2104', () => {
      expect(validateSplit(bath, 60, { 'in-home': 59 })).toEqual({ ok: false, code: '2104' });
    });
  });

  describe('properties', () => {
    const timePrograms = PROGRAMS.filter((p) => p.model === 'time');

    it('accepts a time program’s split iff its minutes add up to the total', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...timePrograms),
          fc.integer({ min: 1, max: MAX_SERVICE_MINUTES }),
          fc.boolean(),
          fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
          (p, total, exact, randoms) => {
            const ids = p.serviceTypes.map((t) => t.id);
            const draws = randoms.slice(0, ids.length);
            const split: Record<string, number> = {};
            if (exact) {
              // An exact partition: sorted cut points in [0, total] give the parts.
              const cuts = draws
                .slice(1)
                .map((r) => Math.floor(r * total))
                .sort((a, b) => a - b);
              const bounds = [0, ...cuts, total];
              for (const [i, id] of ids.entries()) split[id] = bounds[i + 1]! - bounds[i]!;
            } else {
              for (const [i, id] of ids.entries()) split[id] = Math.floor(draws[i]! * (total + 1)) % (total + 1);
            }
            const sum = Object.values(split).reduce((a, b) => a + b, 0);
            const result = validateSplit(p, total, split);
            expect(result.ok).toBe(sum === total);
            if (result.ok) {
              expect(Object.values(result.value).every((m) => m > 0)).toBe(true);
              expect(sumMinutes(result.value)).toBe(total);
            } else {
              expect(result.code).toBe('2104');
            }
          },
        ),
      );
    });

    it('accepts a random partition over any time program and normalizes it to the non-zero parts', () => {
      fc.assert(
        fc.property(
          fc
            .constantFrom(...timePrograms)
            .chain((p) =>
              fc.tuple(
                fc.constant(p),
                fc.array(fc.integer({ min: 0, max: 360 }), { minLength: p.serviceTypes.length, maxLength: p.serviceTypes.length }),
              ),
            ),
          fc.integer({ min: -5, max: 5 }),
          ([p, parts], delta) => {
            const split = Object.fromEntries(p.serviceTypes.map((t, i) => [t.id, parts[i]!]));
            const sum = parts.reduce((a, b) => a + b, 0);
            const total = sum + delta;
            fc.pre(total >= 1 && total <= MAX_SERVICE_MINUTES);
            const result = validateSplit(p, total, split);
            if (delta === 0) {
              expect(result).toEqual({
                ok: true,
                value: Object.fromEntries(Object.entries(split).filter(([, m]) => m > 0)),
              });
            } else {
              expect(result.ok).toBe(false);
            }
          },
        ),
      );
    });

    it('accepts a 방문목욕 split iff exactly one type is non-zero and equals the total', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), (total, a, b) => {
          const result = validateSplit(bath, total, { 'in-vehicle': a, 'in-home': b });
          const expected = (a === 0) !== (b === 0) && a + b === total;
          expect(result.ok).toBe(expected);
        }),
      );
    });
  });
});

describe('validateSplit against the nursing program', () => {
  it('accepts several nursing types that add up', () => {
    expect(validateSplit(nursing, 45, { 'basic-care': 15, treatment: 15, counseling: 15 })).toEqual({
      ok: true,
      value: { 'basic-care': 15, treatment: 15, counseling: 15 },
    });
  });
});
