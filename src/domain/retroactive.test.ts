import { describe, expect, it } from 'vitest';
import { checkRetroactive, DEFAULT_RETRO_MAX_MINUTES, monthEndAt, RETRO_REASONS, type RetroClaim } from './retroactive';
import { seoulInstant } from './time';

const at = (date: string, hour: number, minute = 0) => seoulInstant(date, hour, minute);
const limits = (now: number, voucherMonth = '2026-12') => ({ now, voucherMonth, maxMinutes: DEFAULT_RETRO_MAX_MINUTES });
const time = (serviceStartAt: number, serviceEndAt: number, reason: RetroClaim['reason'] = 'terminal-lost'): RetroClaim => ({
  model: 'time',
  serviceStartAt,
  serviceEndAt,
  reason,
});
const codeOf = (result: ReturnType<typeof checkRetroactive>) => (result.ok ? 'ok' : result.code);

describe('소급결제 rules', () => {
  const now = at('2026-12-06', 10);

  it('lists the eight reasons of the release guide, once each', () => {
    expect(RETRO_REASONS.map((r) => r.labelKo)).toEqual([
      '통신음영지역',
      '단말기 분실·고장 등',
      '카드 분실·훼손 등',
      '제공인력 단말기 조작 미숙 등',
      '대상자 카드 미소지 등',
      '서버 접속 실패(0104 오류 등)',
      '이용자 또는 제공인력 카드 발급 전',
      '단말기업그레이드 등',
    ]);
    expect(new Set(RETRO_REASONS.map((r) => r.id)).size).toBe(8);
  });

  it('takes a service across midnight as one service of the start date: 23:59 → 00:01 is 2 minutes', () => {
    const result = checkRetroactive(time(at('2026-12-04', 23, 59), at('2026-12-05', 0, 1)), limits(now));
    expect(result).toEqual({ ok: true, value: { serviceDate: '2026-12-04', minutes: 2 } });
  });

  it.each([
    ['8h00 is accepted', at('2026-12-05', 9), at('2026-12-05', 17), 'ok'],
    ['8h01 is refused', at('2026-12-05', 9), at('2026-12-05', 17, 1), '3106'],
    ['an end before the start is refused', at('2026-12-05', 12), at('2026-12-05', 11), '3105'],
    ['an end equal to the start is refused for a time program', at('2026-12-05', 12), at('2026-12-05', 12), '3105'],
    ['an end in the future is refused', at('2026-12-06', 8), at('2026-12-06', 10, 2), '3104'],
    ['an end within a minute of now is accepted', at('2026-12-06', 8), at('2026-12-06', 10, 0) + 30_000, 'ok'],
    ['a service last month is outside this month’s voucher', at('2026-11-30', 9), at('2026-11-30', 10), '3108'],
    ['the first minute of the month is inside', at('2026-12-01', 0), at('2026-12-01', 1), 'ok'],
  ])('%s', (_name, startAt, endAt, expected) => {
    expect(codeOf(checkRetroactive(time(startAt, endAt), limits(now)))).toBe(expected);
  });

  it('lets a December voucher run to 12/31 24:00 and not a minute past it', () => {
    const newYear = at('2027-01-01', 3);
    const december = limits(newYear, '2026-12');
    expect(monthEndAt('2026-12')).toBe(at('2027-01-01', 0));
    expect(codeOf(checkRetroactive(time(at('2026-12-31', 20), at('2027-01-01', 0)), december))).toBe('ok');
    expect(codeOf(checkRetroactive(time(at('2026-12-31', 20), at('2027-01-01', 0, 1)), december))).toBe('3108');
    // The next business year's voucher does not take the old year's service either.
    expect(codeOf(checkRetroactive(time(at('2026-12-31', 20), at('2026-12-31', 22)), limits(newYear, '2027-01')))).toBe('3108');
  });

  it('takes 대상자 카드 미소지 only on the service day', () => {
    const sameDay = checkRetroactive(time(at('2026-12-06', 6), at('2026-12-06', 8), 'card-not-carried'), limits(now));
    expect(codeOf(sameDay)).toBe('ok');
    const dayBefore = checkRetroactive(time(at('2026-12-05', 6), at('2026-12-05', 8), 'card-not-carried'), limits(now));
    expect(codeOf(dayBefore)).toBe('3107');
    // Just after midnight, yesterday's late service is no longer "today".
    const afterMidnight = checkRetroactive(time(at('2026-12-05', 22), at('2026-12-05', 23), 'card-not-carried'), limits(at('2026-12-06', 0, 5)));
    expect(codeOf(afterMidnight)).toBe('3107');
  });

  it('takes an amount program’s service as a date: start and end may be the same instant', () => {
    const day = at('2026-12-03', 0);
    expect(checkRetroactive({ model: 'amount', serviceStartAt: day, serviceEndAt: day, reason: 'card-lost' }, limits(now))).toEqual({
      ok: true,
      value: { serviceDate: '2026-12-03', minutes: 0 },
    });
  });

  it('follows a configured limit', () => {
    expect(codeOf(checkRetroactive(time(at('2026-12-05', 9), at('2026-12-05', 13)), { ...limits(now), maxMinutes: 180 }))).toBe('3106');
  });
});
