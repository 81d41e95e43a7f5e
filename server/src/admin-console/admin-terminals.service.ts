/**
 * 단말기 관리: the institution's terminals with what the console shows beside the CLI's listing
 * (terminal-admin.service.ts, which both use to change them): the app version, and the offline
 * captures of this month the host has received from each and how many of them were flagged, and
 * what still waits on the device as it last reported (at its snapshot refresh; null until it did).
 */
import type { AdminTerminal } from '../../../src/domain/admin';
import { seoulInstant, seoulMonth } from '../../../src/domain/time';
import type { Db } from '../db/database';
import { listTerminals } from '../terminals/terminal-admin.service';

export async function listAdminTerminals(db: Db, institutionId: string, hostNow: number): Promise<AdminTerminal[]> {
  const monthStart = seoulInstant(`${seoulMonth(hostNow)}-01`, 0, 0);
  const [listed, extra, offline] = await Promise.all([
    listTerminals(db, institutionId),
    db.selectFrom('terminals').select(['terminal_number', 'app_version', 'pending_count']).where('institution_id', '=', institutionId).execute(),
    db
      .selectFrom('payments')
      .innerJoin('terminals', 'terminals.id', 'payments.terminal_id')
      .select((eb) => [
        'terminals.terminal_number',
        eb.fn.countAll<string | number>().as('synced'),
        eb.fn.sum<string | number | null>(eb.case().when('payments.flagged_for_review', '=', 1).then(1).else(0).end()).as('flagged'),
      ])
      .where('payments.institution_id', '=', institutionId)
      .where('payments.mode', '=', 'offline')
      .where('payments.recorded_at', '>=', monthStart)
      .groupBy('terminals.terminal_number')
      .execute(),
  ]);
  return listed.map((terminal) => {
    const counts = offline.find((row) => row.terminal_number === terminal.terminalNumber);
    const row = extra.find((r) => r.terminal_number === terminal.terminalNumber);
    return {
      terminalNumber: terminal.terminalNumber,
      model: terminal.model,
      status: terminal.status,
      profile: terminal.profile,
      workers: terminal.workers === 'all' ? 'all' : [...terminal.workers],
      appVersion: row?.app_version ?? null,
      registeredAt: terminal.registeredAt,
      lastSeenAt: terminal.lastSeenAt,
      offlineSyncedCount: Number(counts?.synced ?? 0),
      flaggedCount: Number(counts?.flagged ?? 0),
      pendingOfflineCount: row?.pending_count === null || row?.pending_count === undefined ? null : Number(row.pending_count),
    };
  });
}
