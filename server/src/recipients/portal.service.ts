/**
 * 내 바우처 and 알림함: what a signed-in recipient reads about their own vouchers. Every query is
 * scoped by the session's recipient id; nothing here takes a recipient id from the request.
 */
import * as v from 'valibot';
import { PROGRAM_IDS, type ProgramId } from '../../../src/domain/catalog';
import type { Inbox, InboxMessage, MyVouchers, VoucherActivity } from '../../../src/domain/portal';
import { seoulMonth } from '../../../src/domain/time';
import type { HostDeps } from '../deps';
import type { InboxPayload } from '../events/inbox.consumer';
import { HostError } from '../http/host-error';
import type { RecipientContext } from './recipient-auth.service';

const INBOX_PAGE = 100;

export async function myVouchers(deps: HostDeps, context: RecipientContext): Promise<MyVouchers> {
  const { db } = deps;
  const hostNow = deps.now();
  const month = seoulMonth(hostNow);
  const vouchers = await db
    .selectFrom('vouchers')
    .select(['id', 'program_id', 'granted_krw', 'balance_krw'])
    .where('recipient_id', '=', context.recipientId)
    .where('month', '=', month)
    .execute();
  const ids = vouchers.map((voucher) => voucher.id);
  const [payments, cancellations] =
    ids.length === 0
      ? [[], []]
      : await Promise.all([
          db
            .selectFrom('payments')
            .innerJoin('institutions', 'institutions.id', 'payments.institution_id')
            .select([
              'payments.voucher_id',
              'payments.approval_number',
              'institutions.name',
              'payments.service_date',
              'payments.amount_krw',
              'payments.recorded_at',
            ])
            .where('payments.voucher_id', 'in', ids)
            .where('payments.status', '=', 'approved')
            .execute(),
          db
            .selectFrom('cancellations')
            .innerJoin('payments', 'payments.id', 'cancellations.payment_id')
            .innerJoin('institutions', 'institutions.id', 'cancellations.institution_id')
            .select([
              'cancellations.voucher_id',
              'payments.approval_number',
              'institutions.name',
              'payments.service_date',
              'cancellations.amount_krw',
              'cancellations.recorded_at',
            ])
            .where('cancellations.voucher_id', 'in', ids)
            .execute(),
        ]);
  const activity = new Map<string, VoucherActivity[]>();
  const add = (voucherId: string, item: VoucherActivity): void => {
    activity.set(voucherId, [...(activity.get(voucherId) ?? []), item]);
  };
  for (const p of payments)
    add(p.voucher_id, {
      kind: 'payment',
      approvalNumber: p.approval_number ?? '',
      institutionName: p.name,
      serviceDate: p.service_date,
      amountKrw: Number(p.amount_krw),
      recordedAt: Number(p.recorded_at),
    });
  for (const c of cancellations)
    add(c.voucher_id, {
      kind: 'cancel',
      approvalNumber: c.approval_number ?? '',
      institutionName: c.name,
      serviceDate: c.service_date,
      amountKrw: Number(c.amount_krw),
      recordedAt: Number(c.recorded_at),
    });
  const order = (programId: string): number => PROGRAM_IDS.indexOf(programId as ProgramId);
  return {
    month,
    vouchers: vouchers
      .filter((voucher) => order(voucher.program_id) >= 0)
      .sort((a, b) => order(a.program_id) - order(b.program_id))
      .map((voucher) => ({
        programId: voucher.program_id as ProgramId,
        month,
        grantedKrw: Number(voucher.granted_krw),
        balanceKrw: Number(voucher.balance_krw),
        activity: (activity.get(voucher.id) ?? []).sort((a, b) => b.recordedAt - a.recordedAt),
      })),
    hostNow,
  };
}

interface InboxRow {
  id: string;
  kind: string;
  payload: string;
  created_at: number;
  read_at: number | null;
}

function rowToMessage(row: InboxRow): InboxMessage {
  const payload = JSON.parse(row.payload) as InboxPayload;
  return {
    id: row.id,
    kind: row.kind === 'payment.cancelled' ? 'payment.cancelled' : 'payment.approved',
    createdAt: Number(row.created_at),
    read: row.read_at !== null,
    institutionName: payload.institutionName,
    workerName: payload.workerName,
    serviceCode: payload.serviceCode,
    approvalNumber: payload.approvalNumber,
    serviceDate: payload.serviceDate,
    amountKrw: Number(payload.amountKrw),
    balanceKrw: Number(payload.balanceKrw),
  };
}

/** 알림함: the newest messages first, and how many are unread. */
export async function inbox(deps: HostDeps, context: RecipientContext): Promise<Inbox> {
  const [rows, unread] = await Promise.all([
    deps.db
      .selectFrom('inbox_messages')
      .select(['id', 'kind', 'payload', 'created_at', 'read_at'])
      .where('recipient_id', '=', context.recipientId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(INBOX_PAGE)
      .execute(),
    deps.db
      .selectFrom('inbox_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('recipient_id', '=', context.recipientId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return { messages: rows.map(rowToMessage), unread: Number(unread.n) };
}

const MessageIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/));

/** One message of this recipient's (2146-like 404 otherwise: 1001 for a malformed id), marked read. */
export async function inboxMessage(deps: HostDeps, context: RecipientContext, messageId: string): Promise<InboxMessage> {
  if (!v.is(MessageIdSchema, messageId)) throw new HostError('1001', 'message id');
  const row = await deps.db
    .selectFrom('inbox_messages')
    .select(['id', 'kind', 'payload', 'created_at', 'read_at'])
    .where('id', '=', messageId)
    .where('recipient_id', '=', context.recipientId)
    .executeTakeFirst();
  if (!row) throw new HostError('1045', `inbox message ${messageId}`);
  if (row.read_at === null) {
    await deps.db.updateTable('inbox_messages').set({ read_at: deps.now() }).where('id', '=', row.id).where('read_at', 'is', null).execute();
  }
  return { ...rowToMessage(row), read: true };
}
