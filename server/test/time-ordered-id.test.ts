import { describe, expect, it } from 'vitest';
import { timeOrderedId } from '../src/db/time-ordered-id';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedId', () => {
  it('makes UUIDv7 ids that carry the millisecond they were made in', () => {
    const at = Date.parse('2026-03-10T01:00:00.000Z');
    const id = timeOrderedId(at + 1_000_000);
    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(at + 1_000_000);
  });

  it('sorts ids in the order they were made, within a millisecond and across them', () => {
    const at = Date.parse('2026-03-10T02:00:00.000Z');
    const ids = [...Array.from({ length: 5_000 }, () => timeOrderedId(at)), ...Array.from({ length: 100 }, (_, i) => timeOrderedId(at + 1 + i))];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never goes back when the clock does', () => {
    const first = timeOrderedId(Date.parse('2026-03-10T04:00:00.000Z'));
    const after = timeOrderedId(Date.parse('2026-03-10T03:00:00.000Z'));
    expect(after > first).toBe(true);
  });
});
