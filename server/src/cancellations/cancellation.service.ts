/**
 * 거래 취소 (SPEC §5.7): an approved payment of the worker's own institution is cancelled once;
 * the money comes back through a new 'cancel' ledger entry (a credit in the ledger Book) with its
 * event, next to a cancellation record — the payment itself is never edited. Online (POST
 * /api/payments/cancel) and queued offline (a 'cancel' outbox command) take the same path. The
 * cancel id is the idempotency key: its first outcome is stored under it, like a payment's. Its
 * device time is held to the clock rules of the payment paths (0101).
 */
import { createHash } from 'node:crypto';
import { billedServiceCode, findProgram } from '../../../src/domain/catalog';
import { maskName } from '../../../src/domain/people';
import { clocksDisagree, seoulMonth } from '../../../src/domain/time';
import type { CancelReceipt, CancelTarget } from '../../../src/domain/wire';
import type { SessionContext } from '../auth/auth.service';
import { commandRepository } from '../commands/command.repository';
import type { Db } from '../db/database';
import { isDeadlock } from '../db/errors';
import type { HostDeps } from '../deps';
import type { PaymentCancelledPayload } from '../events/domain-events';
import { EVENTS_CHANNEL } from '../events/relay';
import { HostError } from '../http/host-error';
import { LedgerConflict, openBook } from '../ledger/ledger';
import { canonicalJson } from '../payments/payment.service';
import { commandRow, isResubmission, recordRefusals, storedRefusalCode, type CommandIdentity } from '../payments/posting';

export interface CancelCommandInput {
  readonly cancelId: string;
  readonly target: CancelTarget;
  readonly deviceAt: number;
  readonly channel: 'online' | 'sync';
  /** The worker the cancellation is made for (the session's, or a queued command's). */
  readonly workerId: string;
}

/** What a stored cancellation answers: the receipt the worker sees. */
async function loadCancelReceipt(db: Db, cancelId: string): Promise<CancelReceipt> {
  const row = await db
    .selectFrom('cancellations')
    .innerJoin('payments', 'payments.id', 'cancellations.payment_id')
    .innerJoin('institutions', 'institutions.id', 'payments.institution_id')
    .innerJoin('vouchers', 'vouchers.id', 'payments.voucher_id')
    .innerJoin('recipients', 'recipients.id', 'vouchers.recipient_id')
    .innerJoin('ledger_entries', (join) => join.onRef('ledger_entries.payment_id', '=', 'payments.id').on('ledger_entries.kind', '=', 'cancel'))
    .select([
      'cancellations.id as cancel_id',
      'payments.id as payment_id',
      'payments.approval_number',
      'payments.program_id',
      'payments.service_date',
      'cancellations.amount_krw',
      'cancellations.recorded_at',
      'institutions.name as institution_name',
      'recipients.name as recipient_name',
      'ledger_entries.balance_after_krw',
    ])
    .where('cancellations.id', '=', cancelId)
    .executeTakeFirst();
  const program = row ? findProgram(row.program_id) : undefined;
  if (!row || !program || row.approval_number === null) throw new Error(`cancellation ${cancelId} has no receipt`);
  return {
    cancelId: row.cancel_id,
    paymentId: row.payment_id,
    approvalNumber: row.approval_number,
    programId: program.id,
    institutionName: row.institution_name,
    recipientMasked: maskName(row.recipient_name),
    serviceDate: row.service_date,
    amountKrw: Number(row.amount_krw),
    balanceKrw: Number(row.balance_after_krw),
    recordedAt: Number(row.recorded_at),
  };
}

/**
 * The clock rules of the payment paths, applied to a cancel's device time: online, the device's
 * clock must agree with the host's (as a 정상결제's `deviceAt`); a queued cancel is old by nature,
 * but one "from the future" beyond the tolerance is a wrong clock (as a sync capture's). 0101 either way.
 */
function clockRefusal(input: CancelCommandInput, hostNow: number): HostError | undefined {
  const wrong =
    input.channel === 'online' ? clocksDisagree(input.deviceAt, hostNow) : input.deviceAt > hostNow && clocksDisagree(input.deviceAt, hostNow);
  return wrong ? new HostError('0101', `device ${input.deviceAt} host ${hostNow}`) : undefined;
}

/** The payment a target names, if it is an approved payment of this institution (2130 otherwise, never saying whose). */
async function findTarget(db: Db, institutionId: string, target: CancelTarget) {
  const query = db.selectFrom('payments').selectAll();
  const payment = await (target.by === 'approvalNumber'
    ? query.where('approval_number', '=', target.approvalNumber)
    : query.where('id', '=', target.paymentId)
  ).executeTakeFirst();
  if (!payment || payment.institution_id !== institutionId || payment.status !== 'approved') return undefined;
  return payment;
}

async function postCancellation(
  deps: HostDeps,
  session: SessionContext,
  input: CancelCommandInput,
  identity: CommandIdentity,
  hostNow: number,
): Promise<void> {
  const { db } = deps;
  const clock = clockRefusal(input, hostNow);
  if (clock) throw clock;
  const payment = await findTarget(db, session.institutionId, input.target);
  if (!payment) throw new HostError('2130');
  // A voucher lapses with its month: money cannot come back to last month's voucher from here.
  if (payment.service_date.slice(0, 7) !== seoulMonth(hostNow)) {
    throw new HostError('2132', `payment ${payment.id} of ${payment.service_date}`);
  }
  const program = findProgram(payment.program_id);
  if (!program) throw new HostError('2206', `payment ${payment.id}`);

  for (let attempt = 1; ; attempt++) {
    try {
      await db.transaction().execute(async (trx) => {
        const claimed = await commandRepository.claim(trx, [commandRow(identity, 'approved', null, hostNow)]);
        if (!claimed.has(identity.id)) return;
        // One cancellation per payment: a second waits on the first one's key, then does nothing.
        const inserted = await trx
          .insertInto('cancellations')
          .values({
            id: identity.id,
            payment_id: payment.id,
            voucher_id: payment.voucher_id,
            worker_id: input.workerId,
            terminal_id: session.terminalId,
            institution_id: session.institutionId,
            channel: input.channel,
            amount_krw: Number(payment.amount_krw),
            device_at: input.deviceAt,
            recorded_at: hostNow,
          })
          .onConflict((oc) => oc.column('payment_id').doNothing())
          .returning('id')
          .execute();
        if (inserted.length === 0) {
          await commandRepository.refuseClaimed(trx, [identity.id], '2131');
          return;
        }
        const book = await openBook(trx, [payment.voucher_id]);
        book.credit(payment.voucher_id, Number(payment.amount_krw), {
          paymentId: payment.id,
          institutionId: session.institutionId,
          event: {
            kind: 'payment.cancelled',
            payload: (balanceKrw): PaymentCancelledPayload => ({
              cancellationId: identity.id,
              paymentId: payment.id,
              approvalNumber: payment.approval_number ?? '',
              workerId: input.workerId,
              programId: program.id,
              serviceCode: billedServiceCode(program, JSON.parse(payment.minutes_by_type) as Record<string, number>),
              serviceDate: payment.service_date,
              amountKrw: Number(payment.amount_krw),
              balanceKrw,
              mode: payment.mode,
            }),
          },
        });
        await book.commit(hostNow);
      });
      break;
    } catch (error) {
      if (attempt < 5 && (isDeadlock(error) || error instanceof LedgerConflict)) continue;
      throw error;
    }
  }
  deps.notifier.publish(EVENTS_CHANNEL);
}

export function cancelIdentity(session: SessionContext, input: CancelCommandInput, paymentId: string | null): CommandIdentity {
  return {
    id: input.cancelId,
    kind: 'cancel',
    channel: input.channel,
    requestHash: createHash('sha256')
      .update(`cancel:${canonicalJson({ target: input.target, deviceAt: input.deviceAt })}`)
      .digest('hex'),
    fingerprint:
      paymentId === null
        ? null
        : createHash('sha256')
            .update(JSON.stringify(['cancel', input.workerId, paymentId]))
            .digest('hex'),
    workerId: input.workerId,
    terminalId: session.terminalId,
    institutionId: session.institutionId,
  };
}

/**
 * Cancels a payment, or answers what is stored under the cancel id; throws the refusal (stored
 * too). The caller has checked that the cancel is the session worker's.
 */
export async function cancelPayment(deps: HostDeps, session: SessionContext, input: CancelCommandInput): Promise<CancelReceipt> {
  const { db } = deps;
  const hostNow = deps.now();
  const target = await findTarget(db, session.institutionId, input.target);
  const identity = cancelIdentity(session, input, target?.id ?? null);
  const answer = async (): Promise<CancelReceipt> => {
    const stored = (await commandRepository.findOutcomes(db, [identity.id])).get(identity.id);
    if (!stored) throw new Error(`cancellation ${identity.id} has no stored outcome`);
    if (!isResubmission(stored, identity)) throw new HostError('2107', `cancellation ${stored.id}`);
    if (stored.status === 'refused') throw new HostError(storedRefusalCode(stored), `resubmitted refused cancellation ${stored.id}`);
    return loadCancelReceipt(db, stored.id);
  };
  if ((await commandRepository.findOutcomes(db, [identity.id])).has(identity.id)) return answer();
  try {
    await postCancellation(deps, session, input, identity, hostNow);
  } catch (error) {
    if (!(error instanceof HostError)) throw error;
    await recordRefusals(db, [{ command: identity, code: error.code, detail: error.detail }], hostNow);
  }
  return answer();
}
