import { useRef, useState } from 'preact/hooks';
import { ApiError, pay } from '../api/client';
import type { ProgramId } from '../domain/catalog';
import { messageKo } from '../domain/errors';
import type { OfflinePayment } from '../domain/offline';
import type { MinutesByType } from '../domain/split';
import { seoulDate } from '../domain/time';
import type { PaymentRequest, Receipt, VoucherScreen } from '../domain/wire';
import { enqueuePayment } from '../sync/enqueuePayment';
import type { ShownError } from '../ui/ErrorNotice';
import { T } from '../ui/messages.ko';
import { useApp, type AppState } from './app-context';
import { buildOfflinePayment, paysThroughOutbox, type CaptureContext } from './offline-capture';
import { markOpenServicePaid } from './open-services';
import type { QueuedReceipt } from './routes';

export interface PaymentDraft {
  readonly lookupId: string;
  readonly openServiceId: string | null;
  /** The open service's start (time programs); the end for amount programs. */
  readonly serviceStartAt: number;
  readonly serviceEndAt: number;
  readonly minutesByType: MinutesByType;
  readonly amountKrw: number;
}

export interface PaymentState {
  /** An online request or an outbox write is in progress. */
  readonly sending: boolean;
  /** True while the payment goes to the outbox (offline, or a service started offline). */
  readonly offline: boolean;
  readonly error: ShownError | null;
  /** Under the error: "결제되지 않았습니다" for a refusal, the retry promise when the outcome is unknown. */
  readonly note: string | undefined;
  /**
   * True once an attempt's outcome is unknown: the screen freezes its inputs and 이전, and 확인
   * resends the very same request under the same id (a changed body would be refused as 2107).
   */
  readonly locked: boolean;
  /** An online attempt was lost with the network: 전송 대기로 저장 may keep it under the same id. */
  readonly canSaveOffline: boolean;
  send(draft: PaymentDraft): void;
  /** 전송 대기로 저장: the last draft into the outbox under the same payment id. */
  saveOffline(): void;
}

interface PaymentOptions {
  readonly voucher: VoucherScreen;
  readonly capture: CaptureContext | undefined;
  /** The open service the payment closes and where it lives, when it closes one. */
  readonly openServiceSource: 'host' | 'device' | null;
  onPaid(receipt: Receipt): void;
  onQueued(queued: QueuedReceipt): void;
}

/**
 * 결제 for one confirmation screen, online or into the outbox. The payment id (the host's
 * idempotency key) is made once and kept across retries: after a network failure, a 5xx or a 429
 * the outcome is unknown, and sending the same id again returns the original result instead of
 * paying twice. Only a definite refusal (4xx: nothing was applied) lets the next attempt use a new
 * id. Offline (or for a service started offline) the same id goes into the outbox, and the screen
 * moves on only after enqueuePayment resolved — the write is committed with strict durability.
 * When an online attempt is lost mid-request, 전송 대기로 저장 enqueues it under the SAME id: if
 * the first request did land, the host answers its original result on sync.
 */
export function usePayment(options: PaymentOptions): PaymentState {
  const app = useApp();
  const paymentIdRef = useRef<string>(crypto.randomUUID());
  const busyRef = useRef(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [note, setNote] = useState<string | undefined>(undefined);
  const [locked, setLocked] = useState(false);
  const [canSaveOffline, setCanSaveOffline] = useState(false);
  const lockedRef = useRef(false);
  const lastBodyRef = useRef<PaymentRequest | null>(null);
  const lastDraftRef = useRef<PaymentDraft | null>(null);
  /** The outbox payment, kept once built so a retried write is byte-for-byte the same capture. */
  const offlineRef = useRef<OfflinePayment | null>(null);
  const offline = paysThroughOutbox(options.capture, app.net.online && browserOnline());

  const begin = (): boolean => {
    if (busyRef.current) return false;
    busyRef.current = true;
    setSending(true);
    setError(null);
    setNote(undefined);
    return true;
  };
  const end = () => {
    busyRef.current = false;
    setSending(false);
  };

  const queue = (draft: PaymentDraft) => {
    const capture = options.capture;
    if (capture === undefined || !begin()) return;
    // After a lost online attempt the host may already hold this payment: the device's balance
    // cannot tell, so only a fresh capture is checked against it.
    const checkBalance = !lockedRef.current;
    void captureToOutbox(app, options, capture, draft, paymentIdRef.current, offlineRef, checkBalance).then((outcome) => {
      end();
      if (outcome.kind === 'queued') {
        options.onQueued(outcome.queued);
        return;
      }
      // Nothing was saved: the next 확인 builds the capture again (new device time), same id.
      if (outcome.kind === 'refused') offlineRef.current = null;
      setError(outcome.error);
      setNote(outcome.note);
    });
  };

  const send = (draft: PaymentDraft) => {
    lastDraftRef.current = draft;
    if (offline && !lockedRef.current) {
      queue(draft);
      return;
    }
    if (!begin()) return;
    setCanSaveOffline(false);
    // The host hashes the whole request (deviceAt included): a retry of an unknown outcome must be
    // byte-for-byte the first attempt, or it would be refused as 2107 instead of answered.
    const body: PaymentRequest =
      lockedRef.current && lastBodyRef.current
        ? lastBodyRef.current
        : {
            paymentId: paymentIdRef.current,
            lookupId: draft.lookupId,
            openServiceId: draft.openServiceId,
            serviceEndAt: draft.serviceEndAt,
            minutesByType: draft.minutesByType,
            amountKrw: draft.amountKrw,
            method: 'card',
            mode: 'normal',
            deviceAt: Date.now(),
          };
    lastBodyRef.current = body;
    pay(body).then(
      (receipt) => {
        busyRef.current = false;
        options.onPaid(receipt);
      },
      (cause: unknown) => {
        end();
        const shown = app.showError(cause);
        if (!shown) return;
        setError(shown);
        if (cause instanceof ApiError && cause.isDefiniteRefusal && !lockedRef.current) {
          paymentIdRef.current = crypto.randomUUID();
          setNote(T.payRefused);
        } else {
          lockedRef.current = true;
          setLocked(true);
          // Lost with the network: the worker may keep it on the device instead of waiting here.
          const lost = cause instanceof ApiError && cause.code === '0104' && options.capture !== undefined;
          setCanSaveOffline(lost);
          setNote(lost ? T.saveOfflineNote : T.payUnknown);
        }
      },
    );
  };

  const saveOffline = () => {
    const draft = lastDraftRef.current;
    if (draft === null || !lockedRef.current) return;
    queue(draft);
  };

  return { sending, offline, error, note, locked, canSaveOffline, send, saveOffline };
}

function browserOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

type CaptureOutcome =
  | { kind: 'queued'; queued: QueuedReceipt }
  | { kind: 'refused'; error: ShownError; note: string }
  | { kind: 'failed'; error: ShownError; note: string };

async function captureToOutbox(
  app: AppState,
  options: PaymentOptions,
  capture: CaptureContext,
  draft: PaymentDraft,
  paymentId: string,
  offlineRef: { current: OfflinePayment | null },
  checkBalance: boolean,
): Promise<CaptureOutcome> {
  const { db } = app;
  try {
    // The device refuses what it already knows the voucher cannot cover (the host would refuse
    // it on sync and the worker would learn it only then); the host checks again regardless.
    const voucherRow = capture.voucherId === null ? undefined : await db.vouchers.get(capture.voucherId);
    if (checkBalance && offlineRef.current === null && voucherRow !== undefined && draft.amountKrw > voucherRow.provisionalBalanceKrw) {
      return { kind: 'refused', error: { code: '2101', message: messageKo('2101') }, note: T.overProvisional };
    }
    const payment =
      offlineRef.current ??
      buildOfflinePayment({
        paymentId,
        programId: options.voucher.programId,
        card: capture.card,
        serviceStartAt: draft.serviceStartAt,
        serviceEndAt: draft.serviceEndAt,
        minutesByType: draft.minutesByType,
        amountKrw: draft.amountKrw,
        capturedAt: Date.now(),
      });
    offlineRef.current = payment;
    const result = await enqueuePayment(db, payment, capture.voucherId === null ? {} : { voucherId: capture.voucherId });
    if (!result.ok) {
      return { kind: 'refused', error: { code: result.code, message: messageKo(result.code) }, note: T.notSaved };
    }
    const item = result.value;
    if (options.openServiceSource !== null && draft.openServiceId !== null && item.voucherId !== null) {
      await markOpenServicePaid(
        db,
        item.voucherId,
        payment.programId,
        { openService: { id: draft.openServiceId, startedAt: draft.serviceStartAt }, source: options.openServiceSource },
        payment.paymentId,
      ).catch(() => undefined);
    }
    const after = item.voucherId === null ? undefined : await db.vouchers.get(item.voucherId);
    app.device.afterCapture();
    return {
      kind: 'queued',
      queued: {
        paymentId: payment.paymentId,
        programId: options.voucher.programId as ProgramId,
        institutionName: options.voucher.institutionName,
        recipientMasked: options.voucher.recipientMasked,
        amountKrw: payment.amountKrw,
        provisionalBalanceKrw: after?.provisionalBalanceKrw ?? Math.max(0, options.voucher.balanceKrw - payment.amountKrw),
        serviceDate: seoulDate(payment.serviceStartAt),
      },
    };
  } catch {
    // IndexedDB failed (quota, a closed database): nothing can be promised, so nothing is said saved.
    return { kind: 'failed', error: { code: '9999', message: messageKo('9999') }, note: T.notSaved };
  }
}
