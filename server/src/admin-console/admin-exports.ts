/**
 * CSV exports of a period (결제내역, 취소내역, 예외): UTF-8 with a BOM so that Excel opens the Korean
 * columns correctly, streamed page by page — keyset pagination on (recorded_at, id), 500 rows a
 * query, on both engines — so a month of a large centre never sits in memory at once. Cells that a
 * spreadsheet would run as a formula (=, +, -, @ first) are prefixed with ' (CSV injection).
 */
import { findProgram } from '../../../src/domain/catalog';
import type { ExportKind } from '../../../src/domain/admin';
import { seoulDate } from '../../../src/domain/time';
import type { Db } from '../db/database';
import { type After, exceptionPage, type ExceptionFilter, keysetOf, type Period } from './admin-reports.service';

const PAGE = 500;
const BOM = '\uFEFF';

/** 'YYYY-MM-DD HH:mm:ss' in Seoul. */
export function seoulDateTime(atMs: number): string {
  return new Date(atMs + 9 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const line = (cells: readonly (string | number | null)[]): string => `${cells.map(csvCell).join(',')}\r\n`;
const programName = (id: string | null): string | null => (id === null ? null : (findProgram(id)?.nameKo ?? id));
const MODE_KO: Record<string, string> = { normal: '정상결제', retroactive: '소급결제', offline: '오프라인결제' };
const KIND_KO: Record<string, string> = { flagged: '검토 필요', refused: '거절', retroactive: '소급결제', cancellation: '거래취소' };

async function* paymentsCsv(db: Db, institutionId: string, range: Period): AsyncGenerator<string> {
  yield BOM +
    line([
      '승인번호',
      '결제일시',
      '서비스일자',
      '서비스시작',
      '서비스종료',
      '사업',
      '이용자',
      '제공인력',
      '결제ID',
      '단말번호',
      '결제방식',
      '카드인식',
      '금액(원)',
      '소급결제사유',
      '검토필요',
      '검토사유',
      '결제번호',
    ]);
  let after: After | null = null;
  for (;;) {
    let query = db
      .selectFrom('payments')
      .innerJoin('workers', 'workers.id', 'payments.worker_id')
      .innerJoin('vouchers', 'vouchers.id', 'payments.voucher_id')
      .innerJoin('recipients', 'recipients.id', 'vouchers.recipient_id')
      .leftJoin('terminals', 'terminals.id', 'payments.terminal_id')
      .select([
        'payments.id',
        'payments.approval_number',
        'payments.recorded_at',
        'payments.service_date',
        'payments.service_start_at',
        'payments.service_end_at',
        'payments.program_id',
        'recipients.name as recipient_name',
        'workers.name as worker_name',
        'workers.payment_id',
        'terminals.terminal_number',
        'payments.mode',
        'payments.card_read',
        'payments.amount_krw',
        'payments.reason',
        'payments.flagged_for_review',
        'payments.review_reasons',
      ])
      .where('payments.institution_id', '=', institutionId)
      .where('payments.status', '=', 'approved')
      .where('payments.recorded_at', '>=', range.fromAt)
      .where('payments.recorded_at', '<', range.toAt);
    const from = after;
    if (from)
      query = query.where((eb) =>
        eb.or([eb('payments.recorded_at', '>', from.at), eb.and([eb('payments.recorded_at', '=', from.at), eb('payments.id', '>', from.id)])]),
      );
    const rows = await query.orderBy('payments.recorded_at').orderBy('payments.id').limit(PAGE).execute();
    let chunk = '';
    for (const row of rows) {
      chunk += line([
        row.approval_number,
        seoulDateTime(Number(row.recorded_at)),
        row.service_date,
        seoulDateTime(Number(row.service_start_at)),
        seoulDateTime(Number(row.service_end_at)),
        programName(row.program_id),
        row.recipient_name,
        row.worker_name,
        row.payment_id,
        row.terminal_number ?? null,
        MODE_KO[row.mode] ?? row.mode,
        row.card_read === 'nfc' ? '태깅' : '번호입력',
        Number(row.amount_krw),
        row.reason,
        row.flagged_for_review === 1 ? 'Y' : 'N',
        row.review_reasons,
        row.id,
      ]);
    }
    if (chunk !== '') yield chunk;
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    after = { at: Number(last.recorded_at), id: last.id };
  }
}

async function* cancellationsCsv(db: Db, institutionId: string, range: Period): AsyncGenerator<string> {
  yield BOM + line(['취소일시', '승인번호', '사업', '이용자', '제공인력', '단말번호', '경로', '취소금액(원)', '결제일시', '결제번호', '취소번호']);
  let after: After | null = null;
  for (;;) {
    let query = db
      .selectFrom('cancellations')
      .innerJoin('payments', 'payments.id', 'cancellations.payment_id')
      .innerJoin('workers', 'workers.id', 'cancellations.worker_id')
      .innerJoin('vouchers', 'vouchers.id', 'cancellations.voucher_id')
      .innerJoin('recipients', 'recipients.id', 'vouchers.recipient_id')
      .leftJoin('terminals', 'terminals.id', 'cancellations.terminal_id')
      .select([
        'cancellations.id',
        'cancellations.recorded_at',
        'payments.approval_number',
        'payments.program_id',
        'recipients.name as recipient_name',
        'workers.name as worker_name',
        'terminals.terminal_number',
        'cancellations.channel',
        'cancellations.amount_krw',
        'payments.recorded_at as paid_at',
        'payments.id as payment_id',
      ])
      .where('cancellations.institution_id', '=', institutionId)
      .where('cancellations.recorded_at', '>=', range.fromAt)
      .where('cancellations.recorded_at', '<', range.toAt);
    const from = after;
    if (from)
      query = query.where((eb) =>
        eb.or([
          eb('cancellations.recorded_at', '>', from.at),
          eb.and([eb('cancellations.recorded_at', '=', from.at), eb('cancellations.id', '>', from.id)]),
        ]),
      );
    const rows = await query.orderBy('cancellations.recorded_at').orderBy('cancellations.id').limit(PAGE).execute();
    let chunk = '';
    for (const row of rows) {
      chunk += line([
        seoulDateTime(Number(row.recorded_at)),
        row.approval_number,
        programName(row.program_id),
        row.recipient_name,
        row.worker_name,
        row.terminal_number ?? null,
        row.channel === 'sync' ? '동기화' : '온라인',
        Number(row.amount_krw),
        seoulDateTime(Number(row.paid_at)),
        row.payment_id,
        row.id,
      ]);
    }
    if (chunk !== '') yield chunk;
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    after = { at: Number(last.recorded_at), id: last.id };
  }
}

async function* exceptionsCsv(db: Db, institutionId: string, filter: ExceptionFilter): AsyncGenerator<string> {
  yield BOM + line(['구분', '일시', '제공인력', '단말번호', '사업', '금액(원)', '승인번호', '내용', '대상번호']);
  for (const kind of ['flagged', 'refused', 'retroactive', 'cancellation'] as const) {
    let after: After | null = null;
    for (;;) {
      const rows = await exceptionPage(db, institutionId, kind, filter, after, PAGE);
      let chunk = '';
      for (const row of rows) {
        chunk += line([
          KIND_KO[row.kind] ?? row.kind,
          seoulDateTime(row.recordedAt),
          row.workerName,
          row.terminalNumber,
          programName(row.programId),
          row.amountKrw,
          row.approvalNumber,
          row.detail,
          row.subjectId,
        ]);
      }
      if (chunk !== '') yield chunk;
      if (rows.length < PAGE) break;
      after = keysetOf(rows[rows.length - 1]!);
    }
  }
}

/** The CSV of one kind for a period, as a stream of text chunks, and its file name. */
export function exportCsv(db: Db, institutionId: string, kind: ExportKind, range: Period): { filename: string; chunks: AsyncGenerator<string> } {
  const label = `${seoulDate(range.fromAt)}_${seoulDate(range.toAt - 1)}`;
  const chunks =
    kind === 'payments'
      ? paymentsCsv(db, institutionId, range)
      : kind === 'cancellations'
        ? cancellationsCsv(db, institutionId, range)
        : exceptionsCsv(db, institutionId, range);
  return { filename: `${kind}-${label}.csv`, chunks };
}
