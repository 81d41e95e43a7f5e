import { tariffProgramId, type Program } from './catalog';
import type { MinutesByType } from './split';
import { sumMinutes } from './split';
import { fail, ok, type Result } from './result';
import { rowsFor, type RateClass, type TariffRow } from './tariff';

/** Largest single payment the host accepts: a guard against a slipped finger on the keypad. */
export const MAX_PAYMENT_KRW = 2_000_000;

/**
 * 결제금액 of a validated split (SPEC §4):
 * - hourly:       Σ minutes × hourly price / 60, floored once to the won (never in the provider's favour);
 * - perVisit:     the visit price of the one chosen type (방문목욕);
 * - durationBand: the price of the band the total minutes fall in (방문간호).
 * Entered-amount programs are priced by the worker, see `validateAmount`.
 */
export function computeCostKrw(
  program: Program,
  split: MinutesByType,
  tariff: readonly TariffRow[],
  serviceDate: string,
  rate: RateClass = 'standard',
): Result<number> {
  const typeIds = Object.keys(split).filter((id) => (split[id] ?? 0) > 0);
  if (typeIds.length === 0) return fail('2111');
  switch (program.pricing) {
    case 'hourly': {
      let minuteWon = 0;
      for (const typeId of typeIds) {
        const [row] = rowsFor(tariff, tariffProgramId(program), typeId, serviceDate, rate).filter((r) => r.unit === 'hour');
        if (!row) return fail('2113', `${program.id}/${typeId}`);
        minuteWon += split[typeId]! * row.priceKrw;
      }
      return ok(Math.floor(minuteWon / 60));
    }
    case 'perVisit': {
      if (typeIds.length !== 1) return fail('2105');
      const [row] = rowsFor(tariff, tariffProgramId(program), typeIds[0]!, serviceDate, rate).filter((r) => r.unit === 'visit');
      return row ? ok(row.priceKrw) : fail('2113', `${program.id}/${typeIds[0]}`);
    }
    case 'durationBand': {
      const total = sumMinutes(split);
      const band = rowsFor(tariff, tariffProgramId(program), typeIds[0]!, serviceDate, rate).find(
        (r) => r.unit === 'band' && total >= (r.minMinutes ?? 0) && (r.maxMinutes === undefined || total < r.maxMinutes),
      );
      return band ? ok(band.priceKrw) : fail('2113', `${program.id}/${total}min`);
    }
    case 'enteredAmount':
      return fail('2206', 'entered-amount programs are not priced by time');
  }
}

/** An entered amount (발달재활 등): whole won, more than 0, at most MAX_PAYMENT_KRW. */
export function validateAmount(amountKrw: unknown): Result<number> {
  if (typeof amountKrw !== 'number' || !Number.isSafeInteger(amountKrw) || amountKrw <= 0 || amountKrw > MAX_PAYMENT_KRW) {
    return fail('2103');
  }
  return ok(amountKrw);
}
