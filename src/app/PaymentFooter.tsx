import { messageKo } from '../domain/errors';
import { Button } from '../ui/Button';
import { Countdown } from '../ui/Countdown';
import { ErrorNotice, type ShownError } from '../ui/ErrorNotice';
import { formatKrw } from '../ui/format';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import type { FlowState, PaymentDraft } from './payment-flow';

export type Entry = Extract<FlowState, { step: 'entry' }>;

/** What a 서비스 결제 screen shows of its payment's progress. */
export interface EntryPayment {
  /** An online request or an outbox write is in progress. */
  readonly sending: boolean;
  /** The outcome is unknown: inputs and 이전 are frozen, 확인 resends the same request under the same id. */
  readonly locked: boolean;
  /** 확인 writes to the outbox (offline, or a service started offline). */
  readonly offline: boolean;
  readonly error: ShownError | null;
  /** Under the error: "결제되지 않았습니다" for a refusal, the retry promise when the outcome is unknown. */
  readonly note: string | undefined;
  /** An online attempt was lost with the network: 전송 대기로 저장 may keep it under the same id. */
  readonly canSaveOffline: boolean;
  /** 생체인증결제: the amount the recipient approved (null: no such bound). */
  readonly capKrw: number | null;
  /** 확인: the draft sent (or, after an unknown outcome, the same request again). */
  confirm(draft: PaymentDraft): void;
}

/** Whether an amount is above what the recipient approved (the host refuses it with 2147). */
export const overCap = (payment: EntryPayment, amountKrw: number | null): boolean =>
  payment.capKrw !== null && amountKrw !== null && amountKrw > payment.capKrw;

export function useEntryPayment(entry: Entry): EntryPayment {
  const { flow } = useApp();
  const { progress } = entry;
  const sending = progress.status === 'sending';
  return {
    sending,
    locked: progress.status === 'unknown',
    offline: sending ? progress.attempt.kind === 'outbox' : flow.paysOffline,
    error: progress.status === 'sending' ? null : (progress.error ?? null),
    note: progress.status === 'sending' ? undefined : progress.note,
    canSaveOffline: progress.status === 'unknown' && progress.canSaveOffline,
    capKrw: entry.identified.approvedCapKrw ?? null,
    confirm: (draft) => (progress.status === 'unknown' ? flow.retry() : flow.confirm(draft)),
  };
}

/** 생체인증결제: the approved amount under the entry, and 2147 as soon as the amount passes it. */
export function CapNotice({ payment, amountKrw }: { payment: EntryPayment; amountKrw: number | null }) {
  if (payment.capKrw === null) return null;
  return (
    <>
      <p class="field-hint">
        {T.approvedCap} <span class="money">{formatKrw(payment.capKrw)}</span>
      </p>
      {overCap(payment, amountKrw) ? <ErrorNotice error={{ code: '2147', message: messageKo('2147') }} /> : null}
    </>
  );
}

/**
 * The bottom of a 서비스 결제 screen: 결제 중/저장 중 while sending, the refusal or unknown outcome
 * with 전송 대기로 저장 when the network was lost mid-request, and the voucher's countdown (which
 * closes the screen only when no payment is in the balance).
 */
export function PaymentFooter({ payment, deadlineAt }: { payment: EntryPayment; deadlineAt: number }) {
  const app = useApp();
  return (
    <>
      {payment.sending ? (
        <p class="status-line" role="status">
          {payment.offline ? T.saving : T.paying}
        </p>
      ) : null}
      <ErrorNotice error={payment.error} note={payment.note}>
        {payment.canSaveOffline ? (
          <Button variant="primary" large onClick={app.flow.saveOffline} disabled={payment.sending}>
            {T.saveOffline}
          </Button>
        ) : null}
      </ErrorNotice>
      <Countdown deadlineAt={deadlineAt} onExpire={() => app.flow.expire(T.expired)} />
    </>
  );
}
