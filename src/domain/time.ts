/**
 * 시간: all instants are epoch milliseconds (`…At`); business dates are Asia/Seoul calendar dates.
 * Korea has had no daylight saving since 1988, so Seoul is a fixed UTC+9 and needs no tz database.
 */
const SEOUL_OFFSET_MS = 9 * 60 * 60 * 1000;
export const MINUTE_MS = 60_000;

/** 서비스일자 of an instant: 'YYYY-MM-DD' in Asia/Seoul. */
export function seoulDate(atMs: number): string {
  return new Date(atMs + SEOUL_OFFSET_MS).toISOString().slice(0, 10);
}

/** Voucher month of an instant: 'YYYY-MM' in Asia/Seoul. */
export function seoulMonth(atMs: number): string {
  return seoulDate(atMs).slice(0, 7);
}

/** The instant a Seoul wall-clock time happens ('YYYY-MM-DD', hour, minute). */
export function seoulInstant(date: string, hour: number, minute: number): number {
  return Date.parse(`${date}T00:00:00.000Z`) - SEOUL_OFFSET_MS + hour * 3_600_000 + minute * MINUTE_MS;
}

/** Whole minutes from start to end, floored: a service of 59 s counts 0 minutes. */
export function wholeMinutesBetween(startAtMs: number, endAtMs: number): number {
  return Math.floor((endAtMs - startAtMs) / MINUTE_MS);
}

/** Hours and minutes of a duration, as the split screen shows them (2시간 5분). */
export function splitHoursMinutes(totalMinutes: number): { hours: number; minutes: number } {
  return { hours: Math.floor(totalMinutes / 60), minutes: totalMinutes % 60 };
}

/** Whether two clocks differ by at least `toleranceMs` (0101 when they do). */
export function clocksDisagree(deviceAtMs: number, hostAtMs: number, toleranceMs = 5 * MINUTE_MS): boolean {
  return Math.abs(deviceAtMs - hostAtMs) >= toleranceMs;
}
