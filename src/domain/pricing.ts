/**
 * 결제금액 of a service, the one pricing rule of the system: the device prices the split screen
 * with `quoteSplit`, and every host path (online, offline sync, and next 소급결제) checks what the
 * worker confirmed with `priceService`, so the device and the host can never price a service in two
 * different ways.
 */
import type { Program } from './catalog';
import { computeCostKrw, validateAmount } from './cost';
import { fail, ok, type Result } from './result';
import { MAX_SERVICE_MINUTES, validateSplit, type MinutesByType } from './split';
import type { TariffRow } from './tariff';
import { seoulDate, wholeMinutesBetween } from './time';

/** What the worker confirmed: the service's times, the split (time programs) and the amount they saw. */
export interface ServiceClaim {
  readonly serviceStartAt: number;
  readonly serviceEndAt: number;
  /** Time and visit programs: minutes per service type; amount programs: {}. */
  readonly minutesByType: MinutesByType;
  readonly amountKrw: number;
}

export interface PricedService {
  /** 서비스일자: the Seoul date of the start; the tariff of that day applies, however late it is paid. */
  readonly serviceDate: string;
  /** The split with its zero entries dropped. */
  readonly minutesByType: MinutesByType;
  readonly amountKrw: number;
}

/** The price of a split of `totalMinutes` on `serviceDate`: the split's rules, then the tariff. */
export function quoteSplit(
  program: Program,
  totalMinutes: number,
  split: MinutesByType,
  tariff: readonly TariffRow[],
  serviceDate: string,
): Result<{ minutesByType: MinutesByType; amountKrw: number }> {
  const valid = validateSplit(program, totalMinutes, split);
  if (!valid.ok) return valid;
  const cost = computeCostKrw(program, valid.value, tariff, serviceDate);
  if (!cost.ok) return cost;
  return ok({ minutesByType: valid.value, amountKrw: cost.value });
}

/**
 * Checks a claim against the program and the tariff and answers what is charged: amount programs
 * take the entered amount (no split); time and visit programs take the tariff's price of the split
 * over the whole minutes between start and end, which must be exactly the amount the worker saw
 * (2110 otherwise: the host never charges a price the worker did not confirm).
 */
export function priceService(program: Program, claim: ServiceClaim, tariff: readonly TariffRow[]): Result<PricedService> {
  const { serviceStartAt, serviceEndAt } = claim;
  if (serviceEndAt < serviceStartAt || serviceEndAt - serviceStartAt > MAX_SERVICE_MINUTES * 60_000) {
    return fail('2111', `${serviceStartAt} → ${serviceEndAt}`);
  }
  const serviceDate = seoulDate(serviceStartAt);
  if (program.model === 'amount') {
    if (Object.keys(claim.minutesByType).length > 0) return fail('1001', 'amount programs take no split');
    const amount = validateAmount(claim.amountKrw);
    if (!amount.ok) return amount;
    return ok({ serviceDate, minutesByType: {}, amountKrw: amount.value });
  }
  const quote = quoteSplit(program, wholeMinutesBetween(serviceStartAt, serviceEndAt), claim.minutesByType, tariff, serviceDate);
  if (!quote.ok) return quote;
  if (quote.value.amountKrw !== claim.amountKrw) return fail('2110', `computed ${quote.value.amountKrw}, sent ${claim.amountKrw}`);
  return ok({ serviceDate, ...quote.value });
}
