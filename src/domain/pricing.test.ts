import { describe, expect, it } from 'vitest';
import { findProgram, type Program } from './catalog';
import { priceService, quoteSplit } from './pricing';
import { TARIFF_2026 } from './tariff';
import { seoulInstant } from './time';

const program = (id: string): Program => findProgram(id)!;
const at = (hour: number, minute = 0) => seoulInstant('2026-03-10', hour, minute);

describe('priceService: the one price of a confirmed service, on the device and every host path', () => {
  it('charges a time program the tariff price of the split over the whole minutes, and only that amount', () => {
    const claim = { serviceStartAt: at(10), serviceEndAt: at(12), minutesByType: { social: 60, physical: 60, other: 0 }, amountKrw: 34_540 };
    expect(priceService(program('activity-support'), claim, TARIFF_2026)).toEqual({
      ok: true,
      value: { serviceDate: '2026-03-10', minutesByType: { social: 60, physical: 60 }, amountKrw: 34_540 },
    });
    expect(priceService(program('activity-support'), { ...claim, amountKrw: 34_541 }, TARIFF_2026)).toMatchObject({ ok: false, code: '2110' });
    expect(priceService(program('activity-support'), { ...claim, minutesByType: { social: 119 } }, TARIFF_2026)).toMatchObject({
      ok: false,
      code: '2104',
    });
  });

  it('takes an amount program at its entered amount, with no split', () => {
    const claim = { serviceStartAt: at(10), serviceEndAt: at(10), minutesByType: {}, amountKrw: 50_000 };
    expect(priceService(program('developmental-rehab'), claim, TARIFF_2026)).toMatchObject({ ok: true, value: { amountKrw: 50_000 } });
    expect(priceService(program('developmental-rehab'), { ...claim, amountKrw: 0 }, TARIFF_2026)).toMatchObject({ ok: false, code: '2103' });
    expect(priceService(program('developmental-rehab'), { ...claim, minutesByType: { session: 50 } }, TARIFF_2026)).toMatchObject({
      ok: false,
      code: '1001',
    });
  });

  it('refuses an end before the start and a service longer than a day with 2111', () => {
    const claim = { serviceStartAt: at(12), serviceEndAt: at(10), minutesByType: {}, amountKrw: 1_000 };
    expect(priceService(program('developmental-rehab'), claim, TARIFF_2026)).toMatchObject({ ok: false, code: '2111' });
    const long = { serviceStartAt: at(0), serviceEndAt: at(0) + 24 * 3_600_000 + 60_000, minutesByType: {}, amountKrw: 1_000 };
    expect(priceService(program('developmental-rehab'), long, TARIFF_2026)).toMatchObject({ ok: false, code: '2111' });
  });

  it('prices a split across midnight on the tariff of the start date', () => {
    const claim = { serviceStartAt: at(23, 30), serviceEndAt: at(23, 30) + 60 * 60_000, minutesByType: { nursing: 60 }, amountKrw: 17_800 };
    expect(priceService(program('home-care'), claim, TARIFF_2026)).toMatchObject({
      ok: true,
      value: { serviceDate: '2026-03-10', amountKrw: 17_800 },
    });
  });

  it('quotes what the split screen shows with the same rules (방문목욕 택1)', () => {
    expect(quoteSplit(program('visiting-bath'), 60, { 'in-vehicle': 60 }, TARIFF_2026, '2026-03-10')).toEqual({
      ok: true,
      value: { minutesByType: { 'in-vehicle': 60 }, amountKrw: 88_990 },
    });
    expect(quoteSplit(program('visiting-bath'), 60, { 'in-vehicle': 30, 'in-home': 30 }, TARIFF_2026, '2026-03-10')).toMatchObject({
      ok: false,
      code: '2105',
    });
  });
});
