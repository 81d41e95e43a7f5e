/**
 * Applies the host's per-item answer to a batch, in ONE strict transaction: an approved payment
 * leaves the outbox and its receipt is written together (never neither, never both); a refused
 * one stays with the host's code and message until the worker acknowledges it. Only items the
 * answer names change state; an item of the batch the host did not mention goes back to the
 * queue with a backoff. Called only by the syncer holding the sync lock.
 */
import type { SyncBatchResponse } from '../domain/offline';
import { EMPTY_SYNC_STATUS, recomputeProvisional, type DeviceDb, type OutboxItem, type ReceiptRow } from '../db/db';
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
  batch: readonly OutboxItem[],
  response: SyncBatchResponse,
  now: number,
  random: () => number,
): Promise<AppliedResults> {
  return db.transaction('rw', [db.outbox, db.receipts, db.vouchers, db.meta], async () => {
    const sent = new Set(batch.map((item) => item.paymentId));
    const answered = new Set<string>();
    const counts: AppliedResults = { approved: 0, refused: 0, unanswered: 0 };

    for (const result of response.results) {
      // A result for an id we did not send, or a second result for one, is ignored: the host
      // cannot make the device forget a payment it is not asking about.
      if (!sent.has(result.paymentId) || answered.has(result.paymentId)) continue;
      const item = await db.outbox.get(result.paymentId);
      if (item === undefined || item.syncState !== 'sending') continue;
      answered.add(result.paymentId);

      if (result.status === 'approved') {
        const voucher = item.voucherId === null ? undefined : await db.vouchers.get(item.voucherId);
        const receipt: ReceiptRow = {
          paymentId: item.paymentId,
          approvalNumber: result.approvalNumber,
          balanceKrw: result.balanceKrw,
          recordedAt: result.recordedAt,
          flaggedForReview: result.flaggedForReview,
          amountKrw: item.payment.amountKrw,
          programId: item.payment.programId,
          recipientMasked: voucher?.recipientMasked ?? '',
          capturedAt: item.payment.capturedAt,
        };
        await db.receipts.put(receipt);
        await db.outbox.delete(item.paymentId);
        if (voucher !== undefined && result.recordedAt >= voucher.balanceAt) {
          await db.vouchers.update(voucher.voucherId, { balanceKrw: result.balanceKrw, balanceAt: result.recordedAt });
        }
        counts.approved += 1;
      } else {
        await db.outbox.update(item.paymentId, {
          syncState: 'refused',
          refusal: { code: result.code, message: result.message },
          lastErrorCode: result.code,
          lastErrorMessage: result.message,
        });
        counts.refused += 1;
      }
    }

    for (const item of batch) {
      if (answered.has(item.paymentId)) continue;
      const current = await db.outbox.get(item.paymentId);
      if (current === undefined || current.syncState !== 'sending') continue;
      const attempts = current.attempts + 1;
      await db.outbox.update(item.paymentId, {
        syncState: 'queued',
        attempts,
        nextAttemptAt: now + backoffDelayMs(attempts, random),
        lastErrorCode: UNANSWERED_CODE,
        lastErrorMessage: UNANSWERED_MESSAGE,
      });
      counts.unanswered += 1;
    }

    await recomputeProvisional(db, batch.map((item) => item.voucherId));
    const row = await db.meta.get('syncStatus');
    const status = row?.key === 'syncStatus' ? row.value : EMPTY_SYNC_STATUS;
    await db.meta.put({ key: 'syncStatus', value: { ...status, lastSyncAt: now } });
    return counts;
  });
}
