/**
 * 예외 · 감사 추적 · 일일 대사: what the console shows about what the system recorded — flagged
 * offline captures, refused commands, 소급결제 (with this month's ratio), cancellations — each with
 * its audit trail; the console's own audit log; and the daily reconciliation per program with the
 * check that every voucher's balance equals its ledger sum. Everything is of one institution.
 */
import type { AdminException, ExceptionKind, Exceptions, Reconciliation, Trail, TrailEntry } from '../../../src/domain/admin';
import { seoulInstant, seoulMonth } from '../../../src/domain/time';
import type { Db } from '../db/database';
import type { HostDeps } from '../deps';
import { HostError } from '../http/host-error';
import { retroSummary } from '../payments/retroactive.service';

const DAY_MS = 24 * 60 * 60_000;
/** At most this many rows of each kind on the screen; the export has them all. */
export const EXCEPTIONS_LIMIT = 500;

export interface Period {
  readonly fromAt: number;
  /** Exclusive. */
  readonly toAt: number;
}

/** [from 00:00, to 24:00) in Seoul; at most 366 days, from before to (1055 otherwise). */
export function period(from: string, to: string): Period {
  const fromAt = seoulInstant(from, 0, 0);
  const toAt = seoulInstant(to, 0, 0) + DAY_MS;
  if (!Number.isFinite(fromAt) || !Number.isFinite(toAt) || toAt <= fromAt || toAt - fromAt > 366 * DAY_MS) {
    throw new HostError('1055', `${from}..${to}`);
  }
  return { fromAt, toAt };
}

export interface ExceptionFilter extends Period {
  readonly workerId?: string | undefined;
  readonly programId?: string | undefined;
  readonly kinds?: readonly ExceptionKind[] | undefined;
}

/** An exception and, for a cancellation, its own id: the export pages by (recorded_at, own id). */
export type PagedException = AdminException & { readonly keysetId?: string };

/** The keyset of a page: rows after (recorded_at, id) in that order. */
export interface After {
  readonly at: number;
  readonly id: string;
}

/** One page of one kind of exception, oldest first after `after`; the export pages through them all. */
export async function exceptionPage(
  db: Db,
  institutionId: string,
  kind: ExceptionKind,
  filter: ExceptionFilter,
  after: After | null,
  limit: number,
  newestFirst = false,
): Promise<PagedException[]> {
  const dir = newestFirst ? 'desc' : 'asc';
  if (kind === 'refused') {
    if (filter.programId !== undefined) return [];
    let query = db
      .selectFrom('commands')
      .innerJoin('workers', 'workers.id', 'commands.worker_id')
      .leftJoin('terminals', 'terminals.id', 'commands.terminal_id')
      .select([
        'commands.id',
        'commands.recorded_at',
        'commands.worker_id',
        'workers.name',
        'terminals.terminal_number',
        'commands.code',
        'commands.kind',
        'commands.channel',
      ])
      .where('commands.institution_id', '=', institutionId)
      .where('commands.status', '=', 'refused')
      .where('commands.recorded_at', '>=', filter.fromAt)
      .where('commands.recorded_at', '<', filter.toAt);
    if (filter.workerId !== undefined) query = query.where('commands.worker_id', '=', filter.workerId);
    if (after)
      query = query.where((eb) =>
        eb.or([eb('commands.recorded_at', '>', after.at), eb.and([eb('commands.recorded_at', '=', after.at), eb('commands.id', '>', after.id)])]),
      );
    const rows = await query.orderBy('commands.recorded_at', dir).orderBy('commands.id', dir).limit(limit).execute();
    return rows.map((row) => ({
      kind,
      subjectId: row.id,
      recordedAt: Number(row.recorded_at),
      workerId: row.worker_id,
      workerName: row.name,
      terminalNumber: row.terminal_number ?? null,
      programId: null,
      amountKrw: null,
      approvalNumber: null,
      detail: `${row.code ?? ''} ${row.kind === 'cancel' ? '취소' : '결제'} ${row.channel === 'sync' ? '동기화' : '온라인'}`.trim(),
    }));
  }
  if (kind === 'cancellation') {
    let query = db
      .selectFrom('cancellations')
      .innerJoin('payments', 'payments.id', 'cancellations.payment_id')
      .innerJoin('workers', 'workers.id', 'cancellations.worker_id')
      .leftJoin('terminals', 'terminals.id', 'cancellations.terminal_id')
      .select([
        'cancellations.id',
        'cancellations.payment_id',
        'cancellations.recorded_at',
        'cancellations.worker_id',
        'workers.name',
        'terminals.terminal_number',
        'payments.program_id',
        'cancellations.amount_krw',
        'payments.approval_number',
        'cancellations.channel',
      ])
      .where('cancellations.institution_id', '=', institutionId)
      .where('cancellations.recorded_at', '>=', filter.fromAt)
      .where('cancellations.recorded_at', '<', filter.toAt);
    if (filter.workerId !== undefined) query = query.where('cancellations.worker_id', '=', filter.workerId);
    if (filter.programId !== undefined) query = query.where('payments.program_id', '=', filter.programId);
    if (after)
      query = query.where((eb) =>
        eb.or([
          eb('cancellations.recorded_at', '>', after.at),
          eb.and([eb('cancellations.recorded_at', '=', after.at), eb('cancellations.id', '>', after.id)]),
        ]),
      );
    const rows = await query.orderBy('cancellations.recorded_at', dir).orderBy('cancellations.id', dir).limit(limit).execute();
    return rows.map((row) => ({
      kind,
      // The trail of a cancellation is its payment's: the payment, the cancel and both ledger entries.
      subjectId: row.payment_id,
      recordedAt: Number(row.recorded_at),
      workerId: row.worker_id,
      workerName: row.name,
      terminalNumber: row.terminal_number ?? null,
      programId: row.program_id,
      amountKrw: Number(row.amount_krw),
      approvalNumber: row.approval_number,
      detail: row.channel === 'sync' ? '동기화' : '온라인',
      keysetId: row.id,
    }));
  }
  let query = db
    .selectFrom('payments')
    .innerJoin('workers', 'workers.id', 'payments.worker_id')
    .leftJoin('terminals', 'terminals.id', 'payments.terminal_id')
    .select([
      'payments.id',
      'payments.recorded_at',
      'payments.worker_id',
      'workers.name',
      'terminals.terminal_number',
      'payments.program_id',
      'payments.amount_krw',
      'payments.approval_number',
      'payments.reason',
      'payments.review_reasons',
    ])
    .where('payments.institution_id', '=', institutionId)
    .where('payments.recorded_at', '>=', filter.fromAt)
    .where('payments.recorded_at', '<', filter.toAt);
  query =
    kind === 'flagged'
      ? query.where('payments.flagged_for_review', '=', 1)
      : query.where('payments.mode', '=', 'retroactive').where('payments.status', '=', 'approved');
  if (filter.workerId !== undefined) query = query.where('payments.worker_id', '=', filter.workerId);
  if (filter.programId !== undefined) query = query.where('payments.program_id', '=', filter.programId);
  if (after)
    query = query.where((eb) =>
      eb.or([eb('payments.recorded_at', '>', after.at), eb.and([eb('payments.recorded_at', '=', after.at), eb('payments.id', '>', after.id)])]),
    );
  const rows = await query.orderBy('payments.recorded_at', dir).orderBy('payments.id', dir).limit(limit).execute();
  return rows.map((row) => ({
    kind,
    subjectId: row.id,
    recordedAt: Number(row.recorded_at),
    workerId: row.worker_id,
    workerName: row.name,
    terminalNumber: row.terminal_number ?? null,
    programId: row.program_id,
    amountKrw: Number(row.amount_krw),
    approvalNumber: row.approval_number,
    detail: kind === 'flagged' ? row.review_reasons : row.reason,
  }));
}

/** The keyset of a row: a cancellation pages by its own id, every other kind by its subject. */
export const keysetOf = (row: PagedException): After => ({ at: row.recordedAt, id: row.keysetId ?? row.subjectId });

/** 예외 목록: the newest rows of each kind asked for, with this month's 소급결제 ratio. */
export async function listExceptions(deps: HostDeps, institutionId: string, filter: ExceptionFilter): Promise<Exceptions> {
  const kinds = filter.kinds && filter.kinds.length > 0 ? filter.kinds : (['flagged', 'refused', 'retroactive', 'cancellation'] as const);
  let truncated = false;
  const items: AdminException[] = [];
  for (const kind of kinds) {
    const rows = await exceptionPage(deps.db, institutionId, kind, filter, null, EXCEPTIONS_LIMIT + 1, true);
    if (rows.length > EXCEPTIONS_LIMIT) truncated = true;
    items.push(...rows.slice(0, EXCEPTIONS_LIMIT).map(stripKeyset));
  }
  items.sort((a, b) => b.recordedAt - a.recordedAt || (a.subjectId < b.subjectId ? -1 : 1));
  const summary = await retroSummary(deps, institutionId);
  return {
    items,
    truncated,
    retro: {
      month: summary.month,
      retroactiveCount: summary.retroactiveCount,
      paymentCount: summary.paymentCount,
      ratio: summary.ratio,
      threshold: summary.threshold,
      flagged: summary.flagged,
    },
  };
}

export function stripKeyset(row: PagedException): AdminException {
  const { keysetId: _keyset, ...rest } = row;
  return rest;
}

const MODE_KO: Record<string, string> = { normal: '정상결제', retroactive: '소급결제', offline: '오프라인결제' };

/**
 * 감사 추적 of one payment or command id: who did what, when, from which terminal — the command's
 * outcome, the payment, its ledger entries, its cancellation, and what the console did about it.
 * An id of another institution is 1052, as if it did not exist.
 */
export async function trail(db: Db, institutionId: string, subjectId: string): Promise<Trail> {
  const [command, payment, cancellations, audit] = await Promise.all([
    db
      .selectFrom('commands')
      .innerJoin('workers', 'workers.id', 'commands.worker_id')
      .leftJoin('terminals', 'terminals.id', 'commands.terminal_id')
      .select([
        'commands.recorded_at',
        'commands.kind',
        'commands.channel',
        'commands.status',
        'commands.code',
        'workers.name',
        'terminals.terminal_number',
      ])
      .where('commands.id', '=', subjectId)
      .where('commands.institution_id', '=', institutionId)
      .executeTakeFirst(),
    db
      .selectFrom('payments')
      .innerJoin('workers', 'workers.id', 'payments.worker_id')
      .leftJoin('terminals', 'terminals.id', 'payments.terminal_id')
      .select([
        'payments.recorded_at',
        'payments.device_at',
        'payments.mode',
        'payments.status',
        'payments.amount_krw',
        'payments.approval_number',
        'payments.card_read',
        'payments.reason',
        'payments.review_reasons',
        'payments.flagged_for_review',
        'workers.name',
        'terminals.terminal_number',
      ])
      .where('payments.id', '=', subjectId)
      .where('payments.institution_id', '=', institutionId)
      .executeTakeFirst(),
    db
      .selectFrom('cancellations')
      .innerJoin('workers', 'workers.id', 'cancellations.worker_id')
      .leftJoin('terminals', 'terminals.id', 'cancellations.terminal_id')
      .select([
        'cancellations.id',
        'cancellations.recorded_at',
        'cancellations.device_at',
        'cancellations.amount_krw',
        'cancellations.channel',
        'workers.name',
        'terminals.terminal_number',
      ])
      .where((eb) => eb.or([eb('cancellations.payment_id', '=', subjectId), eb('cancellations.id', '=', subjectId)]))
      .where('cancellations.institution_id', '=', institutionId)
      .execute(),
    db
      .selectFrom('admin_audit')
      .leftJoin('administrators', 'administrators.id', 'admin_audit.admin_id')
      .select(['admin_audit.recorded_at', 'admin_audit.action', 'admin_audit.outcome', 'admin_audit.detail', 'administrators.name'])
      .where('admin_audit.target', '=', subjectId)
      .where('admin_audit.institution_id', '=', institutionId)
      .execute(),
  ]);
  if (!command && !payment && cancellations.length === 0) throw new HostError('1052', `subject ${subjectId}`);
  const entries: TrailEntry[] = [];
  if (payment && Number(payment.device_at) !== Number(payment.recorded_at)) {
    entries.push({
      at: Number(payment.device_at),
      what: 'payment.captured',
      who: payment.name,
      terminalNumber: payment.terminal_number ?? null,
      detail: `단말기 시각, ${payment.card_read === 'nfc' ? '카드 태깅' : '카드번호 입력'}`,
    });
  }
  if (command) {
    entries.push({
      at: Number(command.recorded_at),
      what: `command.${command.status}`,
      who: command.name,
      terminalNumber: command.terminal_number ?? null,
      detail: [command.kind === 'cancel' ? '취소' : '결제', command.channel === 'sync' ? '동기화' : '온라인', command.code].filter(Boolean).join(' '),
    });
  }
  if (payment) {
    const flags = payment.flagged_for_review === 1 ? ` 검토 필요(${payment.review_reasons ?? ''})` : '';
    entries.push({
      at: Number(payment.recorded_at),
      what: `payment.${payment.status}`,
      who: payment.name,
      terminalNumber: payment.terminal_number ?? null,
      detail: `${MODE_KO[payment.mode] ?? payment.mode} ${Number(payment.amount_krw)}원 승인번호 ${payment.approval_number ?? '-'}${payment.reason ? ` 사유 ${payment.reason}` : ''}${flags}`,
    });
    const ledger = await db
      .selectFrom('ledger_entries')
      .select(['recorded_at', 'kind', 'delta_krw', 'balance_after_krw'])
      .where('payment_id', '=', subjectId)
      .orderBy('recorded_at')
      .execute();
    for (const entry of ledger) {
      entries.push({
        at: Number(entry.recorded_at),
        what: `ledger.${entry.kind}`,
        who: '전자바우처시스템',
        terminalNumber: null,
        detail: `${Number(entry.delta_krw)}원, 잔액 ${Number(entry.balance_after_krw)}원`,
      });
    }
  }
  for (const cancellation of cancellations) {
    entries.push({
      at: Number(cancellation.recorded_at),
      what: 'cancellation',
      who: cancellation.name,
      terminalNumber: cancellation.terminal_number ?? null,
      detail: `${Number(cancellation.amount_krw)}원 ${cancellation.channel === 'sync' ? '동기화' : '온라인'}`,
    });
  }
  for (const row of audit) {
    entries.push({
      at: Number(row.recorded_at),
      what: `admin.${row.action}`,
      who: row.name ?? '관리자',
      terminalNumber: null,
      detail: `${row.outcome} ${row.detail ?? ''}`.trim(),
    });
  }
  entries.sort((a, b) => a.at - b.at);
  return { subjectId, entries };
}

/** The console's own audit log: the newest 500 rows of the period. */
export async function auditLog(db: Db, institutionId: string, range: Period) {
  const rows = await db
    .selectFrom('admin_audit')
    .leftJoin('administrators', 'administrators.id', 'admin_audit.admin_id')
    .select([
      'admin_audit.recorded_at',
      'admin_audit.action',
      'admin_audit.target',
      'admin_audit.outcome',
      'admin_audit.detail',
      'admin_audit.ip',
      'administrators.login_id',
    ])
    .where('admin_audit.institution_id', '=', institutionId)
    .where('admin_audit.recorded_at', '>=', range.fromAt)
    .where('admin_audit.recorded_at', '<', range.toAt)
    .orderBy('admin_audit.recorded_at', 'desc')
    .limit(500)
    .execute();
  return {
    rows: rows.map((row) => ({
      at: Number(row.recorded_at),
      who: row.login_id ?? '-',
      action: row.action,
      target: row.target,
      outcome: row.outcome,
      detail: row.detail,
      ip: row.ip,
    })),
  };
}

/**
 * 일일 대사 of a Seoul day: per program, the payments and cancellations the host recorded that day
 * and their net; and for every voucher of that month of the institution's contracted recipients,
 * whether its stored balance equals the sum of its ledger entries.
 */
export async function reconciliation(db: Db, institutionId: string, date: string): Promise<Reconciliation> {
  const { fromAt, toAt } = period(date, date);
  const [payments, cancellations, vouchers] = await Promise.all([
    db
      .selectFrom('payments')
      .select((eb) => ['program_id', eb.fn.countAll<string | number>().as('n'), eb.fn.sum<string | number>('amount_krw').as('krw')])
      .where('institution_id', '=', institutionId)
      .where('status', '=', 'approved')
      .where('recorded_at', '>=', fromAt)
      .where('recorded_at', '<', toAt)
      .groupBy('program_id')
      .execute(),
    db
      .selectFrom('cancellations')
      .innerJoin('payments', 'payments.id', 'cancellations.payment_id')
      .select((eb) => [
        'payments.program_id',
        eb.fn.countAll<string | number>().as('n'),
        eb.fn.sum<string | number>('cancellations.amount_krw').as('krw'),
      ])
      .where('cancellations.institution_id', '=', institutionId)
      .where('cancellations.recorded_at', '>=', fromAt)
      .where('cancellations.recorded_at', '<', toAt)
      .groupBy('payments.program_id')
      .execute(),
    db
      .selectFrom('vouchers')
      .leftJoin('ledger_entries', 'ledger_entries.voucher_id', 'vouchers.id')
      .select((eb) => ['vouchers.id', 'vouchers.balance_krw', eb.fn.sum<string | number | null>('ledger_entries.delta_krw').as('ledger')])
      .where('vouchers.month', '=', seoulMonth(fromAt))
      .where('vouchers.recipient_id', 'in', db.selectFrom('contracts').select('recipient_id').where('institution_id', '=', institutionId))
      .groupBy(['vouchers.id', 'vouchers.balance_krw'])
      .execute(),
  ]);
  const programs = [...new Set([...payments.map((p) => p.program_id), ...cancellations.map((c) => c.program_id)])].sort();
  return {
    date,
    programs: programs.map((programId) => {
      const paid = payments.find((p) => p.program_id === programId);
      const cancelled = cancellations.find((c) => c.program_id === programId);
      const paymentKrw = Number(paid?.krw ?? 0);
      const cancellationKrw = Number(cancelled?.krw ?? 0);
      return {
        programId,
        paymentCount: Number(paid?.n ?? 0),
        paymentKrw,
        cancellationCount: Number(cancelled?.n ?? 0),
        cancellationKrw,
        netKrw: paymentKrw - cancellationKrw,
      };
    }),
    vouchersChecked: vouchers.length,
    mismatches: vouchers
      .filter((v) => Number(v.balance_krw) !== Number(v.ledger ?? 0))
      .map((v) => ({ voucherId: v.id, balanceKrw: Number(v.balance_krw), ledgerSumKrw: Number(v.ledger ?? 0) })),
  };
}
