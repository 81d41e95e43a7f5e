/**
 * Display formats. Dates and clock times are shown in Asia/Seoul whatever the device's time zone
 * (Korea has no daylight saving: a fixed +9 h), so a tablet set to UTC still prints the receipt's day.
 */
/** Made at the first amount shown: building an Intl formatter loads locale data, which the first screen does not need. */
let krw: Intl.NumberFormat | undefined;
const SEOUL_OFFSET_MS = 9 * 60 * 60 * 1000;

/** 34540 → "34,540원". */
export function formatKrw(amountKrw: number): string {
  krw ??= new Intl.NumberFormat('ko-KR');
  return `${krw.format(amountKrw)}원`;
}

/** 'YYYY-MM-DD' → "11월 27일" (the 서비스일자 of the seed's completion screen). */
export function formatServiceDate(serviceDate: string): string {
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(serviceDate);
  if (!match) return serviceDate;
  return `${Number(match[1])}월 ${Number(match[2])}일`;
}

/** An instant as Seoul wall-clock "HH:MM". */
export function formatSeoulHm(atMs: number): string {
  const d = new Date(atMs + SEOUL_OFFSET_MS);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** 125 → "2시간 5분". */
export function formatDuration(totalMinutes: number): string {
  const sign = totalMinutes < 0 ? '-' : '';
  const abs = Math.abs(totalMinutes);
  return `${sign}${Math.floor(abs / 60)}시간 ${abs % 60}분`;
}

/** Seconds left → { m, s } for the voucher countdown "(4분54초)". */
export function minutesSeconds(msLeft: number): { m: number; s: number } {
  const total = Math.max(0, Math.ceil(msLeft / 1000));
  return { m: Math.floor(total / 60), s: total % 60 };
}

/** An instant as Seoul "11월 27일 14:05" (전송 현황: 마지막 전송, 저장 시각). */
export function formatSeoulDateTime(atMs: number): string {
  const d = new Date(atMs + SEOUL_OFFSET_MS);
  return `${d.getUTCMonth() + 1}월 ${d.getUTCDate()}일 ${formatSeoulHm(atMs)}`;
}
