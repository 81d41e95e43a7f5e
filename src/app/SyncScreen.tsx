import { useEffect, useState } from 'preact/hooks';
import type { OutboxCommand } from '../db/db';
import { findProgram } from '../domain/catalog';
import { Button } from '../ui/Button';
import { ErrorNotice, InfoNotice } from '../ui/ErrorNotice';
import { formatKrw, formatSeoulDateTime } from '../ui/format';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useLive } from '../ui/useLive';
import { useApp } from './app-context';
import { PracticeMark } from './PracticeMark';
import { storagePersisted } from './device-services';

const RECEIPTS_SHOWN = 50;

/** What an outbox command is, in the worker's words: the program of a payment, or 거래 취소. */
function commandLabel(item: OutboxCommand): string {
  if (item.command.kind === 'cancel') return T.cancelTransaction;
  return findProgram(item.command.programId)?.nameKo ?? item.command.programId;
}

/**
 * 전송 현황 (lazy): what the device still holds and what became of it — 전송 대기 (count, amount,
 * list), 전송 중, refused payments with the host's reason and code (each stays until its 확인),
 * approved offline payments with their 승인번호, 마지막 전송 and 마지막 오류, and 지금 전송. Warns
 * when the browser may evict the queue (storage not persistent). Everything is a live query: a
 * sync in another tab or the service worker shows here at once.
 */
export function SyncScreen() {
  const app = useApp();
  const { device } = app;
  const status = useLive(device.syncStatus, [device]);
  const pending = useLive(device.listPending, [device]);
  const receipts = useLive(() => device.recentReceipts(RECEIPTS_SHOWN), [device]);
  const vouchers = useLive(device.listVouchers, [device]);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [result, setResult] = useState<string | null>(null);

  useEffect(() => {
    void storagePersisted().then(setPersisted);
  }, []);

  const recipientOf = (voucherId: string | null): string => vouchers?.find((voucher) => voucher.voucherId === voucherId)?.recipientMasked ?? '';

  const syncNowTapped = async () => {
    if (syncing) return;
    setSyncing(true);
    setResult(null);
    try {
      const summary = await app.device.syncNow();
      setResult(T.syncNowDone(summary.approved, summary.refused, summary.remaining));
    } finally {
      setSyncing(false);
    }
  };

  return (
    <Screen title={T.syncStatus} onBack={app.nav.back}>
      {persisted === false ? (
        <div class="notice notice-warn" role="note">
          <p class="notice-message">{T.storageNotPersisted}</p>
        </div>
      ) : null}
      <dl class="facts">
        <div>
          <dt>{T.syncPending}</dt>
          <dd class="money strong" data-testid="sync-pending-count">
            {T.count(status?.pendingCount ?? 0)}
          </dd>
        </div>
        <div>
          <dt>{T.syncPendingAmount}</dt>
          <dd class="money" data-testid="sync-pending-amount">
            {formatKrw(status?.pendingAmountKrw ?? 0)}
          </dd>
        </div>
        <div>
          <dt>{T.syncSending}</dt>
          <dd class="money" data-testid="sync-sending-count">
            {T.count(status?.sendingCount ?? 0)}
          </dd>
        </div>
        <div>
          <dt>{T.lastSync}</dt>
          <dd data-testid="last-sync">{status?.lastSyncAt ? formatSeoulDateTime(status.lastSyncAt) : T.none}</dd>
        </div>
        <div>
          <dt>{T.lastError}</dt>
          <dd data-testid="last-error">
            {status?.lastError
              ? `${formatSeoulDateTime(status.lastError.at)} ${status.lastError.message} (${T.errorCode(status.lastError.code)})`
              : T.none}
          </dd>
        </div>
      </dl>
      <Button variant="primary" large onClick={syncNowTapped} disabled={syncing}>
        {syncing ? T.syncNowBusy : T.syncNow}
      </Button>
      <InfoNotice text={result} />

      <section aria-labelledby="sync-refused">
        <h2 id="sync-refused" class="section-title">
          {T.syncRefused}
        </h2>
        {status && status.refused.length === 0 ? <p class="field-hint">{T.syncRefusedNone}</p> : null}
        <ul class="sync-list">
          {status?.refused.map((item) => (
            <li key={item.id} class="sync-item" data-testid="refused-item">
              <ErrorNotice
                error={{ code: item.refusal?.code ?? item.lastErrorCode ?? '', message: item.refusal?.message ?? item.lastErrorMessage ?? '' }}
                note={`${commandLabel(item)} · ${recipientOf(item.voucherId)} · ${formatKrw(item.amountKrw)} · ${formatSeoulDateTime(item.capturedAt)} — ${T.refusedKept}`}
              >
                <Button large onClick={() => void device.acknowledgeRefusal(item.id)}>
                  {T.confirm}
                </Button>
              </ErrorNotice>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="sync-pending">
        <h2 id="sync-pending" class="section-title">
          {T.syncPendingList}
        </h2>
        <ul class="sync-list">
          {pending?.map((item) => (
            <li key={item.id} class="sync-item" data-testid="pending-item">
              <span>{commandLabel(item)}</span> <span>{recipientOf(item.voucherId)}</span> <strong class="money">{formatKrw(item.amountKrw)}</strong>{' '}
              <span class="field-hint">
                {item.syncState === 'sending' ? T.syncSending : T.syncPending} · {T.capturedAt} {formatSeoulDateTime(item.capturedAt)}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="sync-approved">
        <h2 id="sync-approved" class="section-title">
          {T.syncApproved}
        </h2>
        {receipts && receipts.length === 0 ? <p class="field-hint">{T.syncApprovedNone}</p> : null}
        <ul class="sync-list">
          {receipts?.map((receipt) => (
            <li key={receipt.paymentId} class="sync-item" data-testid="approved-item">
              <span>{findProgram(receipt.programId)?.nameKo ?? receipt.programId}</span> <span>{receipt.recipientMasked}</span>{' '}
              <strong class="money">{formatKrw(receipt.amountKrw)}</strong>{' '}
              <span>
                {T.approvalNumber} <PracticeMark approvalNumber={receipt.approvalNumber} />
                <span class="money" data-testid="receipt-approval-number">
                  {receipt.approvalNumber}
                </span>
              </span>{' '}
              <span class="field-hint">
                {T.voucherBalance} {formatKrw(receipt.balanceKrw)}
                {receipt.flaggedForReview ? ` · ${T.flagged}` : ''}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </Screen>
  );
}
