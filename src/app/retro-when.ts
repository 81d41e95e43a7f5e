/**
 * 소급결제's 실제 서비스 제공시간 as a pure model: the fields the worker fills on the terminal
 * keypad — 시작날짜 (월, 일), 시작시간 (시, 분), 종료날짜 (월, 일), 종료시간 (시, 분) for time and
 * visit programs; 제공날짜 (월, 일) alone for amount programs — and what they mean: the instants
 * of the service (Asia/Seoul), its 제공시간, and the first rule it breaks. The rules are the
 * host's own (src/domain/retroactive.ts), so the screen refuses exactly what the host would.
 */
import type { PaymentModel } from '../domain/catalog';
import { messageKo, type ErrorCode } from '../domain/errors';
import { checkRetroactive, type RetroReason } from '../domain/retroactive';
import { seoulDate, seoulInstant } from '../domain/time';

export const TIME_FIELDS = ['startMonth', 'startDay', 'startHour', 'startMinute', 'endMonth', 'endDay', 'endHour', 'endMinute'] as const;
export const DATE_FIELDS = ['startMonth', 'startDay'] as const;
export type WhenField = (typeof TIME_FIELDS)[number];
export type WhenFields = Readonly<Record<WhenField, string>>;

/** The fields in the order 다음 walks them. */
export function fieldOrder(model: PaymentModel): readonly WhenField[] {
  return model === 'amount' ? DATE_FIELDS : TIME_FIELDS;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** Today's date in both date fields (a retroactive service is most often today's or yesterday's); times empty. */
export function initialWhen(now: number): WhenFields {
  const [, month, day] = seoulDate(now).split('-');
  return { startMonth: month!, startDay: day!, startHour: '', startMinute: '', endMonth: month!, endDay: day!, endHour: '', endMinute: '' };
}

/** The fields of a service entered before (the worker came back from a later screen). */
export function fieldsOf(when: { serviceStartAt: number; serviceEndAt: number }): WhenFields {
  const parts = (at: number): [string, string, string, string] => {
    const date = seoulDate(at);
    const minuteOfDay = Math.floor((at - seoulInstant(date, 0, 0)) / 60_000);
    return [date.slice(5, 7), date.slice(8, 10), two(Math.floor(minuteOfDay / 60)), two(minuteOfDay % 60)];
  };
  const [startMonth, startDay, startHour, startMinute] = parts(when.serviceStartAt);
  const [endMonth, endDay, endHour, endMinute] = parts(when.serviceEndAt);
  return { startMonth, startDay, startHour, startMinute, endMonth, endDay, endHour, endMinute };
}

/**
 * Types one digit (or erases one) in a field of at most two digits. While the end date was never
 * touched it follows the start date, so a service within one day needs no second date.
 */
export function typeInto(fields: WhenFields, field: WhenField, key: string, endDateTouched: boolean): WhenFields {
  const current = fields[field];
  const value = key === 'erase' ? current.slice(0, -1) : current.length >= 2 ? key : current + key;
  const next = { ...fields, [field]: value };
  if (!endDateTouched && field === 'startMonth') next.endMonth = value;
  if (!endDateTouched && field === 'startDay') next.endDay = value;
  return next;
}

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

function dateOf(year: number, monthText: string, dayText: string): string | null {
  const month = Number(monthText);
  const day = Number(dayText);
  if (monthText === '' || dayText === '' || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  return `${year}-${two(month)}-${two(day)}`;
}

/** 시, 분 → minutes of the day; 24:00 is the end of the day (a December voucher lapses at 12/31 24:00). */
function minuteOfDay(hourText: string, minuteText: string): number | null {
  if (hourText === '' || minuteText === '') return null;
  const hour = Number(hourText);
  const minute = Number(minuteText);
  if (!Number.isInteger(hour) || !Number.isInteger(minute) || minute > 59 || hour > 24 || (hour === 24 && minute > 0)) return null;
  return hour * 60 + minute;
}

export type WhenView =
  | { readonly status: 'incomplete' }
  /** A field holds no real date or time (2월 30일, 25시). */
  | { readonly status: 'invalid'; readonly field: WhenField }
  /** A real service the rules refuse: the code and its message, as the host would answer. */
  | { readonly status: 'refused'; readonly code: ErrorCode; readonly message: string; readonly minutes: number | null }
  | { readonly status: 'ok'; readonly serviceStartAt: number; readonly serviceEndAt: number; readonly minutes: number; readonly serviceDate: string };

export interface WhenContext {
  readonly model: PaymentModel;
  /** 'YYYY-MM' of the voucher on the screen: its year is the service's (a December start may end in January). */
  readonly voucherMonth: string;
  /** The host's clock, as the device knows it. */
  readonly now: number;
  readonly maxMinutes: number;
}

/** What the fields say, checked with the host's rules (any reason but 대상자 카드 미소지, which the reason screen checks). */
export function readWhen(fields: WhenFields, context: WhenContext): WhenView {
  const year = Number(context.voucherMonth.slice(0, 4));
  const order = fieldOrder(context.model);
  // A date is judged as soon as it is typed, before the times are.
  const startDate = dateOf(year, fields.startMonth, fields.startDay);
  if (startDate === null && fields.startMonth !== '' && fields.startDay !== '') {
    return { status: 'invalid', field: dateOf(year, fields.startMonth, '1') === null ? 'startMonth' : 'startDay' };
  }
  if (startDate === null || order.some((field) => fields[field] === '')) return { status: 'incomplete' };
  let serviceStartAt = seoulInstant(startDate, 0, 0);
  let serviceEndAt = serviceStartAt;
  if (context.model !== 'amount') {
    const startMinute = minuteOfDay(fields.startHour, fields.startMinute);
    if (startMinute === null || startMinute >= 24 * 60) return { status: 'invalid', field: 'startHour' };
    const endYear = Number(fields.endMonth) < Number(fields.startMonth) ? year + 1 : year;
    const endDate = dateOf(endYear, fields.endMonth, fields.endDay);
    if (endDate === null) return { status: 'invalid', field: dateOf(endYear, fields.endMonth, '1') === null ? 'endMonth' : 'endDay' };
    const endMinute = minuteOfDay(fields.endHour, fields.endMinute);
    if (endMinute === null) return { status: 'invalid', field: 'endHour' };
    serviceStartAt += startMinute * 60_000;
    serviceEndAt = seoulInstant(endDate, 0, 0) + endMinute * 60_000;
  }
  return checkWhen({ serviceStartAt, serviceEndAt }, context, 'terminal-lost');
}

/** The rules for a service already read, under a reason (the reason screen asks again with the chosen one). */
export function checkWhen(when: { serviceStartAt: number; serviceEndAt: number }, context: WhenContext, reason: RetroReason): WhenView {
  const checked = checkRetroactive(
    { model: context.model, ...when, reason },
    { now: context.now, voucherMonth: context.voucherMonth, maxMinutes: context.maxMinutes },
  );
  const minutes = context.model === 'amount' ? null : Math.floor((when.serviceEndAt - when.serviceStartAt) / 60_000);
  if (!checked.ok) return { status: 'refused', code: checked.code, message: messageKo(checked.code), minutes };
  return { status: 'ok', ...when, minutes: checked.value.minutes, serviceDate: checked.value.serviceDate };
}
