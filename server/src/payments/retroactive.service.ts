/**
 * The 소급결제 watch (SPEC §5.4): frequent retroactive payments make an institution a priority for
 * fraud inspection. The host keeps the ratio per institution per Seoul month — 소급결제 among the
 * 정상결제 and 소급결제 recorded that month; offline captures are a mode of their own and count in
 * neither — and flags an institution above the configured threshold. Read from the payments
 * themselves (an index on institution and record time), so the figure can never drift from them.
 */
import { seoulInstant, seoulMonth } from '../../../src/domain/time';
import type { RetroMonitoring, RetroSummary } from '../../../src/domain/wire';
import { monthEndAt } from '../../../src/domain/retroactive';
import type { Db } from '../db/database';

export interface RetroRatio {
  readonly institutionId: string;
  readonly retroactiveCount: number;
  readonly paymentCount: number;
  readonly ratio: number;
}

const ratioOf = (retroactive: number, all: number): number => (all === 0 ? 0 : retroactive / all);

/** Each institution's ratio for a Seoul month ('YYYY-MM'), or only one institution's. */
export async function retroRatios(db: Db, month: string, institutionId?: string): Promise<RetroRatio[]> {
  let query = db
    .selectFrom('payments')
    .select((eb) => [
      'institution_id',
      eb.fn.countAll<string | number>().as('payment_count'),
      eb.fn.sum<string | number | null>(eb.case().when('mode', '=', 'retroactive').then(1).else(0).end()).as('retroactive_count'),
    ])
    .where('status', '=', 'approved')
    .where('mode', 'in', ['normal', 'retroactive'])
    .where('recorded_at', '>=', seoulInstant(`${month}-01`, 0, 0))
    .where('recorded_at', '<', monthEndAt(month))
    .groupBy('institution_id');
  if (institutionId !== undefined) query = query.where('institution_id', '=', institutionId);
  const rows = await query.execute();
  return rows
    .map((row) => {
      const paymentCount = Number(row.payment_count);
      const retroactiveCount = Number(row.retroactive_count ?? 0);
      return { institutionId: row.institution_id, retroactiveCount, paymentCount, ratio: ratioOf(retroactiveCount, paymentCount) };
    })
    .sort((a, b) => b.ratio - a.ratio || (a.institutionId < b.institutionId ? -1 : 1));
}

/** The monitoring report of a month: every institution with payments, highest ratio first, those above the threshold flagged. */
export async function retroMonitoring(db: Db, month: string, threshold: number): Promise<RetroMonitoring> {
  const institutions = (await retroRatios(db, month)).map((row) => ({ ...row, flagged: row.ratio > threshold }));
  return { month, threshold, institutions };
}

/** What the 소급결제 주의 사항 screen shows a worker about their own institution. */
export async function retroSummary(
  deps: { readonly db: Db; readonly now: () => number; readonly config: { readonly retroRatioThreshold: number; readonly retroMaxMinutes: number } },
  institutionId: string,
): Promise<RetroSummary> {
  const month = seoulMonth(deps.now());
  const [row] = await retroRatios(deps.db, month, institutionId);
  const retroactiveCount = row?.retroactiveCount ?? 0;
  const paymentCount = row?.paymentCount ?? 0;
  const ratio = ratioOf(retroactiveCount, paymentCount);
  const threshold = deps.config.retroRatioThreshold;
  return { month, retroactiveCount, paymentCount, ratio, threshold, flagged: ratio > threshold, maxMinutes: deps.config.retroMaxMinutes };
}
