import { describe, expect, it } from 'vitest';
import { formatDuration, formatKrw, formatSeoulHm, formatServiceDate, minutesSeconds } from './format';

describe('formatKrw', () => {
  it('groups thousands the Korean way and appends 원', () => {
    expect(formatKrw(34_540)).toBe('34,540원');
    expect(formatKrw(1_932_800)).toBe('1,932,800원');
    expect(formatKrw(0)).toBe('0원');
  });
});

describe('dates and times in Asia/Seoul', () => {
  it('prints 서비스일자 as month and day without leading zeros', () => {
    expect(formatServiceDate('2026-11-27')).toBe('11월 27일');
    expect(formatServiceDate('2026-07-09')).toBe('7월 9일');
  });

  it('prints the Seoul clock time whatever the device time zone', () => {
    // 2026-11-27 00:30 UTC is 09:30 in Seoul; 15:10 UTC is 00:10 the next day.
    expect(formatSeoulHm(Date.UTC(2026, 10, 27, 0, 30))).toBe('09:30');
    expect(formatSeoulHm(Date.UTC(2026, 10, 27, 15, 10))).toBe('00:10');
  });

  it('prints durations as 시간 and 분', () => {
    expect(formatDuration(120)).toBe('2시간 0분');
    expect(formatDuration(2)).toBe('0시간 2분');
    expect(formatDuration(-5)).toBe('-0시간 5분');
  });

  it('rounds the countdown up to the second and never below 0', () => {
    expect(minutesSeconds(294_000)).toEqual({ m: 4, s: 54 });
    expect(minutesSeconds(293_100)).toEqual({ m: 4, s: 54 });
    expect(minutesSeconds(-10)).toEqual({ m: 0, s: 0 });
  });
});
