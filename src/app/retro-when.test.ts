import { describe, expect, it } from 'vitest';
import { seoulInstant } from '../domain/time';
import { fieldsOf, initialWhen, readWhen, typeInto, type WhenContext, type WhenFields } from './retro-when';

const now = seoulInstant('2026-12-06', 10, 0);
const timeContext: WhenContext = { model: 'time', voucherMonth: '2026-12', now, maxMinutes: 480 };
const fill = (fields: Partial<WhenFields>): WhenFields => ({ ...initialWhen(now), ...fields });

describe('소급결제 제공시간 fields', () => {
  it('start with today in both dates and empty times', () => {
    expect(initialWhen(now)).toEqual({
      startMonth: '12',
      startDay: '06',
      startHour: '',
      startMinute: '',
      endMonth: '12',
      endDay: '06',
      endHour: '',
      endMinute: '',
    });
    expect(readWhen(initialWhen(now), timeContext)).toEqual({ status: 'incomplete' });
  });

  it('let the end date follow the start date until the worker edits it', () => {
    let fields = initialWhen(now);
    fields = typeInto(fields, 'startDay', 'erase', false);
    fields = typeInto(fields, 'startDay', 'erase', false);
    fields = typeInto(fields, 'startDay', '4', false);
    expect(fields.endDay).toBe('4');
    expect(typeInto(fields, 'startDay', '5', true).endDay).toBe('4');
    // A full field starts over with the next digit.
    expect(typeInto(fill({ startHour: '12' }), 'startHour', '9', false).startHour).toBe('9');
  });

  it('read a service across midnight as 2 minutes of the start date', () => {
    const view = readWhen(fill({ startDay: '04', startHour: '23', startMinute: '59', endDay: '05', endHour: '00', endMinute: '01' }), timeContext);
    expect(view).toEqual({
      status: 'ok',
      serviceStartAt: seoulInstant('2026-12-04', 23, 59),
      serviceEndAt: seoulInstant('2026-12-05', 0, 1),
      minutes: 2,
      serviceDate: '2026-12-04',
    });
  });

  it.each([
    ['8h00', { startDay: '05', startHour: '09', startMinute: '00', endDay: '05', endHour: '17', endMinute: '00' }, 'ok'],
    ['8h01', { startDay: '05', startHour: '09', startMinute: '00', endDay: '05', endHour: '17', endMinute: '01' }, '3106'],
    ['an end before the start', { startDay: '05', startHour: '12', startMinute: '00', endDay: '05', endHour: '11', endMinute: '00' }, '3105'],
    ['an end after now', { startDay: '06', startHour: '09', startMinute: '00', endDay: '06', endHour: '11', endMinute: '00' }, '3104'],
    [
      'last month',
      { startMonth: '11', startDay: '30', startHour: '09', startMinute: '00', endMonth: '11', endDay: '30', endHour: '10', endMinute: '00' },
      '3108',
    ],
  ])('refuse what the host refuses: %s', (_name, fields, expected) => {
    const view = readWhen(fill(fields), timeContext);
    expect(view.status === 'ok' ? 'ok' : view.status === 'refused' ? view.code : view.status).toBe(expected);
  });

  it.each([
    ['2월 30일', { startMonth: '02', startDay: '30' }, 'startDay'],
    ['13월', { startMonth: '13', startDay: '01' }, 'startMonth'],
    ['25시', { startHour: '25', startMinute: '00', endHour: '10', endMinute: '00' }, 'startHour'],
    ['10시 60분', { startHour: '09', startMinute: '00', endHour: '10', endMinute: '60' }, 'endHour'],
  ])('mark a field that is no real date or time: %s', (_name, fields, field) => {
    expect(readWhen(fill(fields), timeContext)).toEqual({ status: 'invalid', field });
  });

  it('take 24:00 as the end of the day, and a December start that ends in January into the next year', () => {
    const lastDay = { ...timeContext, now: seoulInstant('2027-01-01', 9, 0) };
    const view = readWhen(
      fill({ startMonth: '12', startDay: '31', startHour: '20', startMinute: '00', endMonth: '12', endDay: '31', endHour: '24', endMinute: '00' }),
      lastDay,
    );
    expect(view).toMatchObject({ status: 'ok', serviceEndAt: seoulInstant('2027-01-01', 0, 0), minutes: 240 });
    const pastLapse = readWhen(
      fill({ startMonth: '12', startDay: '31', startHour: '20', startMinute: '00', endMonth: '01', endDay: '01', endHour: '00', endMinute: '30' }),
      lastDay,
    );
    expect(pastLapse).toMatchObject({ status: 'refused', code: '3108' });
  });

  it('read an amount program’s service as its date alone', () => {
    const view = readWhen(fill({ startDay: '03' }), { ...timeContext, model: 'amount' });
    const day = seoulInstant('2026-12-03', 0, 0);
    expect(view).toEqual({ status: 'ok', serviceStartAt: day, serviceEndAt: day, minutes: 0, serviceDate: '2026-12-03' });
  });
});

describe('fieldsOf', () => {
  it('gives back the fields a service was read from', () => {
    const fields = fill({ startDay: '04', startHour: '23', startMinute: '59', endDay: '05', endHour: '00', endMinute: '01' });
    const view = readWhen(fields, timeContext);
    if (view.status !== 'ok') throw new Error(view.status);
    expect(fieldsOf(view)).toEqual(fields);
  });
});
