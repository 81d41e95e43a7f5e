import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { cardToken, EARLIEST_AT, epochMs, id, LATEST_AT, slug, text } from './fields';

const ok = (schema: v.GenericSchema, value: unknown) => v.safeParse(schema, value).success;

describe('wire fields: each kind of value is bounded the same way at every edge', () => {
  it('takes an instant only inside [2020, 2100): no epoch 0, no 2^53−1, no fractions', () => {
    expect(ok(epochMs, EARLIEST_AT)).toBe(true);
    expect(ok(epochMs, LATEST_AT - 1)).toBe(true);
    for (const bad of [0, EARLIEST_AT - 1, LATEST_AT, Number.MAX_SAFE_INTEGER, 1.5e12 + 0.5, -1, Number.NaN]) expect(ok(epochMs, bad)).toBe(false);
  });

  it('refuses NUL, other control characters and lone surrogates in text, and keeps Korean and emoji', () => {
    expect(ok(text(64), '갤럭시 탭 A9 📱')).toBe(true);
    for (const bad of ['a\u0000b', '\u0000', 'line\nbreak', '\u007f', 'x\ud800', '\udfffx', '']) expect(ok(text(64), bad)).toBe(false);
    expect(ok(text(3), 'abcd')).toBe(false);
  });

  it('takes ids, slugs and card tokens only in their own alphabets', () => {
    expect(ok(id, 'lk_01-AB')).toBe(true);
    for (const bad of ['', 'a b', 'a\u0000', 'a'.repeat(65), '이']) expect(ok(id, bad)).toBe(false);
    expect(ok(slug(40), 'activity-support')).toBe(true);
    for (const bad of ['Activity', '__proto__', 'a_b', '']) expect(ok(slug(40), bad)).toBe(false);
    expect(ok(cardToken, 'EVC-7f3a9c10-act')).toBe(true);
    for (const bad of ['short', 'EVC-7f3a9c10-act\u0000', 'EVC 7f3a9c10 act', `EVC-${'x'.repeat(130)}`]) expect(ok(cardToken, bad)).toBe(false);
  });
});
