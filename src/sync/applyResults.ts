/**
 * Applies the host's per-command answer to a batch, in ONE strict transaction: an approved payment
 * leaves the outbox and its receipt is written together (never neither, never both); an applied
 * cancellation leaves the outbox and marks the payment's receipt cancelled; a refused command
 * stays with the host's code and message until the worker acknowledges it. Only commands the
 * answer names change state; a command of the batch the host did not mention goes back to the
 * queue with a backoff. Called only by the syncer holding the sync lock.
 */
import type { SyncCommandsResponse } from '../domain/offline';
import { EMPTY_SYNC_STATUS, recomputeProvisional, type DeviceDb, type OutboxCommand, type ReceiptRow } from '../db/db';
import { backoffDelayMs } from './backoff';

export interface AppliedResults {
  approved: number;
  refused: number;
  unanswered: number;
}

const UNANSWERED_CODE = '9999';
const UNANSWERED_MESSAGE = '서버가 이 결제에 응답하지 않았습니다. 다시 전송합니다.';

export async function applyResults(
  db: DeviceDb,
  batch: readonly OutboxCommand[],
  response: SyncCommandsResponse,
  now: number,
  random: () => number,
): Promise<AppliedResults> {
  return db.transaction('rw', [db.commands, db.receipts, db.vouchers, db.meta], async () => {
    const sent = new Set(batch.map((item) => item.id));
    const answered = new Set<string>();
    const counts: AppliedResults = { approved: 0, refused: 0, unanswered: 0 };

    const updateBalance = async (voucherId: string | null, balanceKrw: number, recordedAt: number) => {
      const voucher = voucherId === null ? undefined : await db.vouchers.get(voucherId);
      if (voucher !== undefined && recordedAt >= voucher.balanceAt) {
        await db.vouchers.update(voucher.voucherId, { balanceKrw, balanceAt: recordedAt });
      }
      return voucher;
    };

    for (const result of response.results) {
      // A result for an id we did not send, or a second result for one, is ignored: the host
      // cannot make the device forget a command it is not asking about.
      if (!sent.has(result.commandId) || answered.has(result.commandId)) continue;
      const item = await db.commands.get(result.commandId);
      if (item === undefined || item.syncState !== 'sending') continue;
      if (result.status !== 'refused' && result.kind !== item.kind) continue;
      answered.add(result.commandId);

      if (result.status === 'approved' && item.command.kind === 'payment') {
        const voucher = await updateBalance(item.voucherId, result.balanceKrw, result.recordedAt);
        const receipt: ReceiptRow = {
          paymentId: item.id,
          approvalNumber: result.approvalNumber,
          balanceKrw: result.balanceKrw,
          recordedAt: result.recordedAt,
          flaggedForReview: result.flaggedForReview,
          amountKrw: item.amountKrw,
          programId: item.command.programId,
          recipientMasked: voucher?.recipientMasked ?? '',
          capturedAt: item.capturedAt,
        };
        await db.receipts.put(receipt);
        await db.commands.delete(item.id);
        counts.approved += 1;
      } else if (result.status === 'cancelled' && item.command.kind === 'cancel') {
        await updateBalance(item.voucherId, result.balanceKrw, result.recordedAt);
        await db.receipts.update(item.command.paymentId, { cancelledAt: result.recordedAt });
        await db.commands.delete(item.id);
        counts.approved += 1;
      } else if (result.status === 'refused') {
        await db.commands.update(item.id, {
          syncState: 'refused',
          refusal: { code: result.code, message: result.message },
          lastErrorCode: result.code,
          lastErrorMessage: result.message,
        });
        counts.refused += 1;
      }
    }

    for (const item of batch) {
      if (answered.has(item.id)) continue;
      const current = await db.commands.get(item.id);
      if (current === undefined || current.syncState !== 'sending') continue;
      const attempts = current.attempts + 1;
      await db.commands.update(item.id, {
        syncState: 'queued',
        attempts,
        nextAttemptAt: now + backoffDelayMs(attempts, random),
        lastErrorCode: UNANSWERED_CODE,
        lastErrorMessage: UNANSWERED_MESSAGE,
      });
      counts.unanswered += 1;
    }

    await recomputeProvisional(
      db,
      batch.map((item) => item.voucherId),
    );
    const row = await db.meta.get('syncStatus');
    const status = row?.key === 'syncStatus' ? row.value : EMPTY_SYNC_STATUS;
    await db.meta.put({ key: 'syncStatus', value: { ...status, lastSyncAt: now } });
    return counts;
  });
}
