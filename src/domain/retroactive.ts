/**
 * 소급결제 (retroactive payment, SPEC §5.4, §5.11): a service entered after the fact, with one of
 * the eight reasons of the release guide. The same rules run on the device (to say what is wrong
 * before anything is sent) and on the host (which decides): pure, with the clock and the limits
 * passed in.
 */
import type { PaymentModel } from './catalog';
import { fail, ok, type Result } from './result';
import { MINUTE_MS, seoulDate, seoulInstant, seoulMonth } from './time';

/** 소급결제사유, in the order the release guide lists them; an offline capture always carries 'dead-zone' (통신음영지역). */
export const RETRO_REASONS = [
  { id: 'dead-zone', labelKo: '통신음영지역' },
  { id: 'terminal-lost', labelKo: '단말기 분실·고장 등' },
  { id: 'card-lost', labelKo: '카드 분실·훼손 등' },
  { id: 'operator-error', labelKo: '제공인력 단말기 조작 미숙 등' },
  { id: 'card-not-carried', labelKo: '대상자 카드 미소지 등' },
  { id: 'server-unreachable', labelKo: '서버 접속 실패(0104 오류 등)' },
  { id: 'card-not-issued', labelKo: '이용자 또는 제공인력 카드 발급 전' },
  { id: 'terminal-upgrade', labelKo: '단말기업그레이드 등' },
] as const;

export type RetroReason = (typeof RETRO_REASONS)[number]['id'];
export const RETRO_REASON_IDS = RETRO_REASONS.map((reason) => reason.id) as unknown as readonly [RetroReason, ...RetroReason[]];

/** At most this much service per 소급결제 (the limit announced in the 2025 outage); the host may configure it. */
export const DEFAULT_RETRO_MAX_MINUTES = 8 * 60;

/** A retroactive service may end at most this far past the clock that judges it (device clocks drift a little). */
export const RETRO_FUTURE_TOLERANCE_MS = MINUTE_MS;

export interface RetroClaim {
  readonly model: PaymentModel;
  readonly serviceStartAt: number;
  readonly serviceEndAt: number;
  readonly reason: RetroReason;
}

export interface RetroLimits {
  /** The judging clock: the host's, or the device's corrected by its measured offset. */
  readonly now: number;
  /** 'YYYY-MM' of the voucher the payment draws on. */
  readonly voucherMonth: string;
  readonly maxMinutes: number;
}

/** The first instant after a voucher month: its lapse (a December voucher lapses at 12/31 24:00). */
export function monthEndAt(month: string): number {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const next = mon === 12 ? `${year + 1}-01-01` : `${year}-${String(mon + 1).padStart(2, '0')}-01`;
  return seoulInstant(next, 0, 0);
}

/**
 * Whether a retroactive claim may be billed: its end after its start (time and visit programs; an
 * amount program's service is a date), nothing in the future (3104), at most `maxMinutes` (3106),
 * "대상자 카드 미소지" only on the service day (3107), and the whole service inside the voucher's
 * month — which is inside its business year (3108). Answers the 서비스일자.
 */
export function checkRetroactive(claim: RetroClaim, limits: RetroLimits): Result<{ serviceDate: string; minutes: number }> {
  const { serviceStartAt: startAt, serviceEndAt: endAt } = claim;
  const minutes = Math.floor((endAt - startAt) / MINUTE_MS);
  if (claim.model === 'amount' ? endAt < startAt : minutes < 1) return fail('3105', `start ${startAt} end ${endAt}`);
  if (endAt > limits.now + RETRO_FUTURE_TOLERANCE_MS) return fail('3104', `end ${endAt} now ${limits.now}`);
  if (minutes > limits.maxMinutes) return fail('3106', `${minutes} > ${limits.maxMinutes} minutes`);
  if (seoulMonth(startAt) !== limits.voucherMonth || endAt > monthEndAt(limits.voucherMonth)) {
    return fail('3108', `service ${seoulDate(startAt)} voucher ${limits.voucherMonth}`);
  }
  const serviceDate = seoulDate(startAt);
  if (claim.reason === 'card-not-carried' && serviceDate !== seoulDate(limits.now)) {
    return fail('3107', `service ${serviceDate} today ${seoulDate(limits.now)}`);
  }
  return ok({ serviceDate, minutes: Math.max(0, minutes) });
}
