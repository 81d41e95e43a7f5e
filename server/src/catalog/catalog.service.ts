import { PROGRAMS, type ProgramId } from '../../../src/domain/catalog';
import { inForce, TARIFF_2026, type TariffRow } from '../../../src/domain/tariff';
import { seoulDate } from '../../../src/domain/time';
import type { Catalog } from '../../../src/domain/wire';
import type { Db } from '../db/database';
import { tariffRepository, type TariffRowRecord } from './tariff.repository';

function recordToTariffRow(record: TariffRowRecord): TariffRow {
  return {
    programId: record.program_id as ProgramId,
    serviceTypeId: record.service_type_id,
    rate: record.rate,
    unit: record.unit,
    priceKrw: Number(record.price_krw),
    ...(record.min_minutes === null ? {} : { minMinutes: Number(record.min_minutes) }),
    ...(record.max_minutes === null ? {} : { maxMinutes: Number(record.max_minutes) }),
    effectiveFrom: record.effective_from,
    effectiveUntil: record.effective_until,
  };
}

/**
 * How long a process prices with the tariff it read: the tariff is effective-dated reference data,
 * edited rarely and ahead of its dates, so every payment need not read it again. A row changed
 * in the database is in force here within this time.
 */
export const TARIFF_CACHE_MS = 30_000;
const tariffCache = new WeakMap<Db, { rows: Promise<TariffRow[]>; readAt: number }>();

/** The whole tariff table (all dates); the pricing rules pick the rows in force themselves. */
export function loadTariff(db: Db): Promise<TariffRow[]> {
  const cached = tariffCache.get(db);
  if (cached && performance.now() - cached.readAt < TARIFF_CACHE_MS) return cached.rows;
  const rows = tariffRepository.listAll(db).then((records) => records.map(recordToTariffRow));
  tariffCache.set(db, { rows, readAt: performance.now() });
  // A failed read is not kept: the next payment reads again.
  rows.catch(() => tariffCache.delete(db));
  return rows;
}

/** Seeds the published 2026 figures into an empty tariff table; an edited table is left alone. */
export async function seedTariffIfEmpty(db: Db): Promise<void> {
  if ((await tariffRepository.count(db)) > 0) return;
  await tariffRepository.insertMany(
    db,
    TARIFF_2026.map((row, index) => ({
      id: `${row.effectiveFrom}-${String(index).padStart(3, '0')}`,
      program_id: row.programId,
      service_type_id: row.serviceTypeId,
      rate: row.rate,
      unit: row.unit,
      price_krw: row.priceKrw,
      min_minutes: row.minMinutes ?? null,
      max_minutes: row.maxMinutes ?? null,
      effective_from: row.effectiveFrom,
      effective_until: row.effectiveUntil,
    })),
  );
}

export async function catalog(db: Db, hostNow: number): Promise<Catalog> {
  const today = seoulDate(hostNow);
  const tariff = (await loadTariff(db)).filter((row) => inForce(row, today));
  return {
    programs: PROGRAMS.map((p) => ({ ...p, serviceTypes: p.serviceTypes.map((t) => ({ ...t })) })),
    tariff,
    hostNow,
  };
}
