/**
 * The payment flow's effects around its reducer (payment-flow.ts): the host request of an online
 * payment — written to the device's in-flight table BEFORE it is sent, removed once answered, and
 * resent with the same id and body at the next start if it never was — and the outbox write of an
 * offline capture. The reducer decides what may happen; this hook only does it and reports back.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'preact/hooks';
import { ApiError, cancelPayment, pay } from '../api/client';
import { biometricResult, redeemQrToken, sendBiometricRequest, sendQrRequest } from '../api/requests';
import type { InflightPayment } from '../db/db';
import type { ProgramId } from '../domain/catalog';
import { messageKo, type ErrorCode } from '../domain/errors';
import type { PaymentCommand } from '../domain/offline';
import { seoulDate } from '../domain/time';
import type { OpenService, PaymentRequest, SessionInfo, VoucherScreen } from '../domain/wire';
import type { ShownError } from '../ui/ErrorNotice';
import { T } from '../ui/messages.ko';
import type { DeviceServices } from './device-services';
import { deviceDeadline } from './clock';
import { buildOfflinePayment, identifyFromSnapshot, paysThroughOutbox } from './offline-capture';
import {
  IDLE,
  isLocked,
  paymentFlow,
  type Attempt,
  type CancelPick,
  type EntryBasis,
  type FlowState,
  type FlowWorker,
  type Identified,
  type PaymentDraft,
  type PaymentMethod,
  type QueuedReceipt,
  type RetroWhen,
} from './payment-flow';
import type { RetroReason } from '../domain/retroactive';

export interface FlowController {
  readonly state: FlowState;
  /** Nothing may leave the flow now (a payment is being sent or its outcome is unknown). */
  readonly locked: boolean;
  /** Whether 확인 on the entry screen writes to the outbox instead of paying online. */
  readonly paysOffline: boolean;
  /** A program tapped on home; with 시도추가지원 on, its top-ups make 추가지원 유형 선택 come first. */
  start(programId: ProgramId, topUps?: readonly ProgramId[]): void;
  chooseTopUp(programId: ProgramId): void;
  chooseMethod(method: PaymentMethod): void;
  /** QR결제 / 생체인증결제: 확인 on the phone number; 생체인증결제: 확인 on the amount to approve. */
  enterPhone(phone: string): void;
  enterCap(amountCapKrw: number): void;
  /** 재전송 after a send that never reached the host. */
  resendRequest(): void;
  /** 전송 확인: on to the camera (QR) or the waiting screen (생체인증). */
  confirmSent(): void;
  /** The camera read a QR code: the host redeems it and the voucher screen opens (a refusal is shown, the camera scans on). */
  scanned(token: string): Promise<void>;
  /** No signal on QR결제: the camera takes a portal's offline token. */
  scanOffline(): void;
  /** The camera read a QR code with no signal: checked on the device against the snapshot. */
  scannedOffline(token: string): Promise<void>;
  identified(identified: Identified): void;
  /** Shared terminals: the 결제 ID was checked; the voucher screen opens for this worker. */
  workerEntered(worker: FlowWorker, open?: { openService: OpenService | null; source: 'host' | 'device' | null }): void;
  /** 서비스 결제 (on the voucher screen, or 정상결제 on 결제방식): fixes the end of the service and makes the payment id. */
  pay(basis: EntryBasis): void;
  /** 서비스 결제 where 정상결제 / 소급결제 is to be chosen. */
  chooseMode(): void;
  /** 소급결제 on 결제방식, 다음 on its 주의 사항, the entered service, and its reason (which opens the entry). */
  retroStart(): void;
  retroNotice(maxMinutes?: number): void;
  retroWhen(when: RetroWhen): void;
  retroReason(reason: RetroReason): void;
  /** 확인 on the entry screen. */
  confirm(draft: PaymentDraft): void;
  /** 확인 again after an unknown outcome: the very same request (or resume) again. */
  retry(): void;
  /** 전송 대기로 저장 after an unknown outcome with no network: the same payment into the outbox. */
  saveOffline(): void;
  back(): void;
  expire(notice: string): void;
  close(notice?: string): void;
  /** 확인 on a result screen. */
  finish(): void;
  /** 거래 취소 on the voucher screen; 직접거래 취소 / 당일거래 취소; the payment picked (its cancel id is made here). */
  cancelStart(): void;
  cancelChoose(how: 'direct' | 'today'): void;
  cancelPick(pick: CancelPick): void;
  /** 확인 on the cancel's confirm screen, or again after an unknown outcome (the same cancel id). */
  confirmCancel(): void;
  /** 전송 대기로 저장 after the host could not be reached: the same cancellation (same id) into the outbox. */
  saveCancelOffline(): void;
  /** At start-up with a session: resend the worker's unanswered online payment (any worker's, on a shared terminal: null). */
  resumeInflight(workerId: string | null): Promise<void>;
}

export interface FlowDeps {
  readonly device: DeviceServices;
  /** Whether the host was reachable at the last exchange (the shell's NetState). */
  readonly net: { readonly online: boolean };
  readonly session: SessionInfo | null;
  /** A shared terminal asks for the 결제 ID before an offline voucher screen too. */
  readonly terminalProfile?: 'personal' | 'shared';
  /** 1003 / 1005 leave the screen (to 로그인 / 등록 확인) and give null. */
  showError(error: unknown): ShownError | null;
  /** How often the waiting screen of a 생체인증결제 asks for its result (default 2 s). */
  readonly approvalPollMs?: number;
  afterRefresh?: () => void;
}

/** The balance an online answer stated, kept on the device's snapshot voucher (best effort: the snapshot refresh corrects it too). */
function noteBalance(device: DeviceServices, voucherId: string | null, receipt: { balanceKrw: number; recordedAt: number }): void {
  if (voucherId !== null) void device.noteHostBalance(voucherId, receipt.balanceKrw, receipt.recordedAt).catch(() => undefined);
}

const shown = (code: ErrorCode): ShownError => ({ code, message: messageKo(code) });

/** A voucher screen the host opened from a QR code or an approval: online only, with its 5-minute countdown. */
const identifiedByHost = (voucher: VoucherScreen): Identified => ({
  voucher,
  deadlineAt: deviceDeadline(voucher.expiresAt, voucher.hostNow, Date.now()),
});
/** A request's 3 minutes, and a little for the host's own answer (2144) to arrive first. */
const REQUEST_GRACE_MS = 1_500;
const browserOnline = (): boolean => typeof navigator === 'undefined' || navigator.onLine !== false;

function onlineRequest(state: Extract<FlowState, { step: 'entry' }>, draft: PaymentDraft): PaymentRequest {
  const common = {
    paymentId: state.paymentId,
    lookupId: state.identified.voucher.lookupId,
    method: state.method,
    minutesByType: draft.minutesByType,
    amountKrw: draft.amountKrw,
    deviceAt: Date.now(),
  };
  const { basis } = state;
  if (basis.mode === 'retroactive') {
    return {
      ...common,
      mode: 'retroactive',
      openServiceId: null,
      serviceStartAt: draft.serviceStartAt,
      serviceEndAt: draft.serviceEndAt,
      reason: basis.reason,
    };
  }
  return { ...common, mode: 'normal', openServiceId: basis.openService?.id ?? null, serviceEndAt: draft.serviceEndAt };
}

export function usePaymentFlow(deps: FlowDeps): FlowController {
  const [state, dispatch] = useReducer(paymentFlow, IDLE);
  const stateRef = useRef(state);
  stateRef.current = state;
  const depsRef = useRef(deps);
  depsRef.current = deps;
  const busy = useRef(false);

  /** One effect at a time: a second tap while one runs is dropped here, as the reducer drops it too. */
  const exclusive = useCallback((run: () => Promise<void>) => {
    if (busy.current) return;
    busy.current = true;
    void run().finally(() => {
      busy.current = false;
    });
  }, []);

  /** Sends an online attempt and reports its answer; the in-flight record is already written. */
  const sendOnline = useCallback(async (request: PaymentRequest, canSaveOffline: boolean, voucherId: string | null) => {
    const { device, showError } = depsRef.current;
    try {
      const receipt = await pay(request);
      dispatch({ type: 'approved', receipt });
      await device.forgetInflight(request.paymentId).catch(() => undefined);
      noteBalance(device, voucherId, receipt);
    } catch (cause) {
      const error = showError(cause);
      if (cause instanceof ApiError && cause.isDefiniteRefusal) {
        // Nothing was applied under this id, and the host keeps it that way: a new payment next.
        await device.forgetInflight(request.paymentId).catch(() => undefined);
        dispatch({ type: 'refused', error: error ?? shown(cause.code as ErrorCode), note: T.payRefused, nextPaymentId: crypto.randomUUID() });
        if (error === null) dispatch({ type: 'close' });
        return;
      }
      const lost = cause instanceof ApiError && cause.code === '0104' && canSaveOffline;
      dispatch({ type: 'unknown', error: error ?? shown('9999'), note: lost ? T.saveOfflineNote : T.payUnknown, canSaveOffline: lost });
    }
  }, []);

  /** Writes a capture to the outbox; the screen says 전송 대기 only after it committed. */
  const capture = useCallback(
    async (
      command: PaymentCommand,
      context: { voucherId: string | null; fallbackBalanceKrw: number; institutionName: string; recipientMasked: string; programId: ProgramId },
      options: { checkBalance: boolean; closes: { id: string; startedAt: number; source: 'host' | 'device' } | null; replacesInflight: boolean },
    ): Promise<{ ok: true; queued: QueuedReceipt } | { ok: false; error: ShownError; note: string }> => {
      const { device } = depsRef.current;
      try {
        const result = await device.enqueuePayment(command, { voucherId: context.voucherId, ...options });
        if (!result.ok) return { ok: false, error: shown(result.code), note: result.code === '2101' ? T.overProvisional : T.notSaved };
        const balance = context.voucherId === null ? undefined : await device.provisionalBalanceOf(context.voucherId);
        device.afterCapture();
        return {
          ok: true,
          queued: {
            paymentId: command.paymentId,
            programId: context.programId,
            institutionName: context.institutionName,
            recipientMasked: context.recipientMasked,
            amountKrw: command.amountKrw,
            provisionalBalanceKrw: balance ?? Math.max(0, context.fallbackBalanceKrw - command.amountKrw),
            serviceDate: seoulDate(command.serviceStartAt),
          },
        };
      } catch {
        // IndexedDB failed (quota, a closed database): nothing can be promised, so nothing is said saved.
        return { ok: false, error: shown('9999'), note: T.notSaved };
      }
    },
    [],
  );

  const commandOf = (
    workerId: string,
    paymentId: string,
    programId: string,
    source: Pick<NonNullable<Identified['capture']>, 'card' | 'qrToken'>,
    draft: PaymentDraft,
    /** A 소급결제's reason; absent for a 정상결제 (통신음영지역). */
    retroReason?: RetroReason,
  ): PaymentCommand => ({
    kind: 'payment',
    workerId,
    ...buildOfflinePayment({ paymentId, programId, card: source.card, qrToken: source.qrToken, ...draft, capturedAt: Date.now(), retroReason }),
  });
  const retroReasonOf = (basis: EntryBasis): RetroReason | undefined => (basis.mode === 'retroactive' ? basis.reason : undefined);

  /** Whose payment it is: the worker whose 결제 ID was entered (shared terminals), else the session's. */
  const payingWorker = (identified: Identified, session: SessionInfo): string => identified.worker?.workerId ?? session.worker.id;

  /**
   * Sends a cancellation: to the host when it is reachable (by payment id from today's list, or by
   * 승인번호), else to the device — out of the outbox if the payment never left it, or as a queued
   * cancel command. A definite refusal frees a new cancel id; a lost answer keeps this one.
   */
  const sendCancel = useCallback(async (state: Extract<FlowState, { step: 'cancelConfirm' }>, toOutbox: boolean) => {
    const { device, session, showError, net } = depsRef.current;
    const { pick, identified, cancelId } = state;
    const { voucher } = identified;
    const workerId = identified.worker?.workerId ?? session?.worker.id;
    const viaDevice = toOutbox || pick.source === 'outbox' || paysThroughOutbox(identified.capture, net.online && browserOnline());
    if (viaDevice) {
      if (pick.paymentId === null || workerId === undefined) {
        dispatch({ type: 'cancelRefused', error: shown('0104'), nextCancelId: crypto.randomUUID() });
        return;
      }
      try {
        const result = await device.enqueueCancel({
          kind: 'cancel',
          commandId: cancelId,
          workerId,
          paymentId: pick.paymentId,
          capturedAt: Date.now(),
        });
        if (!result.ok) {
          dispatch({ type: 'cancelRefused', error: shown(result.code), nextCancelId: crypto.randomUUID() });
          return;
        }
        if (result.value.kind === 'queued') device.afterCapture();
        dispatch({
          type: 'cancelQueued',
          cancel: {
            kind: result.value.kind === 'removed-from-queue' ? 'removed' : 'queued',
            programId: voucher.programId,
            institutionName: voucher.institutionName,
            recipientMasked: voucher.recipientMasked,
            approvalNumber: pick.approvalNumber,
            amountKrw: pick.amountKrw,
          },
        });
      } catch {
        dispatch({ type: 'cancelRefused', error: shown('9999'), nextCancelId: crypto.randomUUID() });
      }
      return;
    }
    try {
      const receipt = await cancelPayment({
        cancelId,
        target:
          pick.paymentId !== null
            ? { by: 'paymentId', paymentId: pick.paymentId }
            : { by: 'approvalNumber', approvalNumber: pick.approvalNumber ?? '' },
        deviceAt: Date.now(),
        ...(identified.worker ? { workerPaymentId: identified.worker.paymentId } : {}),
      });
      dispatch({ type: 'cancelled', receipt });
      noteBalance(device, identified.capture?.voucherId ?? null, receipt);
    } catch (cause) {
      const error = showError(cause);
      if (cause instanceof ApiError && cause.isDefiniteRefusal) {
        dispatch({ type: 'cancelRefused', error: error ?? shown(cause.code as ErrorCode), nextCancelId: crypto.randomUUID() });
        if (error === null) dispatch({ type: 'close' });
        return;
      }
      // Unreached: the same cancellation may wait in the outbox (a payment id is what a queued cancel names).
      const unreached = cause instanceof ApiError && cause.code === '0104' && pick.paymentId !== null;
      dispatch({ type: 'cancelUnknown', error: error ?? shown('9999'), canSaveOffline: unreached });
    }
  }, []);

  const paysOffline = state.step === 'entry' && paysThroughOutbox(state.identified.capture, deps.net.online && browserOnline());

  const controller = useMemo<FlowController>(() => {
    const current = () => stateRef.current;

    const captureEntry = (
      entry: Extract<FlowState, { step: 'entry' }>,
      attempt: Extract<Attempt, { kind: 'outbox' }>,
      afterUnknown: Attempt | null,
    ) =>
      exclusive(async () => {
        const { identified, basis } = entry;
        const closes = basis.openService && basis.openServiceSource ? { ...basis.openService, source: basis.openServiceSource } : null;
        const outcome = await capture(
          attempt.command,
          {
            voucherId: identified.capture?.voucherId ?? null,
            fallbackBalanceKrw: identified.voucher.balanceKrw,
            institutionName: identified.voucher.institutionName,
            recipientMasked: identified.voucher.recipientMasked,
            programId: entry.programId,
          },
          // After a lost online attempt the host may already hold this payment: its balance is not checked here.
          { checkBalance: afterUnknown === null, closes, replacesInflight: afterUnknown !== null },
        );
        if (outcome.ok) dispatch({ type: 'queued', queued: outcome.queued });
        else if (afterUnknown !== null)
          dispatch({ type: 'unknown', error: outcome.error, note: outcome.note, canSaveOffline: true, attempt: afterUnknown });
        else dispatch({ type: 'notSaved', error: outcome.error, note: outcome.note });
      });

    /** 전송 대기로 저장 of a payment left unanswered before a reload: the same id into the outbox. */
    const saveResumed = (state: Extract<FlowState, { step: 'resuming' }>) => {
      const { inflight } = state;
      const card = inflight.card;
      if (state.status !== 'unknown' || card === null) return;
      dispatch({ type: 'resumeSave' });
      exclusive(async () => {
        const draft: PaymentDraft = {
          serviceStartAt: inflight.serviceStartAt,
          serviceEndAt: inflight.request.serviceEndAt,
          minutesByType: inflight.request.minutesByType,
          amountKrw: inflight.request.amountKrw,
        };
        const outcome = await capture(
          commandOf(
            inflight.workerId,
            inflight.id,
            inflight.programId,
            { card },
            draft,
            inflight.request.mode === 'retroactive' ? inflight.request.reason : undefined,
          ),
          {
            voucherId: inflight.voucherId,
            fallbackBalanceKrw: inflight.balanceKrw,
            institutionName: inflight.institutionName,
            recipientMasked: inflight.recipientMasked,
            programId: inflight.programId as ProgramId,
          },
          { checkBalance: false, closes: inflight.openService, replacesInflight: true },
        );
        if (outcome.ok) dispatch({ type: 'queued', queued: outcome.queued });
        else dispatch({ type: 'resumeFailed', status: 'unknown', error: outcome.error });
      });
    };

    return {
      state,
      locked: isLocked(state),
      paysOffline,
      start: (programId, topUps) => dispatch({ type: 'start', programId, topUps }),
      chooseTopUp: (programId) => dispatch({ type: 'chooseTopUp', programId }),
      chooseMethod: (method) => dispatch({ type: 'chooseMethod', method }),
      enterPhone: (phone) => dispatch({ type: 'phoneEntered', phone }),
      enterCap: (amountCapKrw) => dispatch({ type: 'capEntered', amountCapKrw }),
      resendRequest: () => dispatch({ type: 'resend' }),
      confirmSent: () => dispatch({ type: 'requestConfirmed' }),
      scanOffline: () => dispatch({ type: 'scanOffline' }),
      async scannedOffline(token) {
        const state = current();
        const { device, session } = depsRef.current;
        if (state.step !== 'request' || state.stage !== 'offlineScan' || busy.current) return;
        busy.current = true;
        try {
          const found = await device.findVoucherByOfflineQr(state.programId, token);
          if (!found.ok) {
            dispatch({ type: 'scanRefused', error: shown(found.code) });
            return;
          }
          const identified = await identifyFromSnapshot(device, found.value, {
            programId: state.programId,
            shared: depsRef.current.terminalProfile === 'shared',
            workerId: session?.worker.id,
            fallbackInstitutionName: session?.institution.name ?? '',
            source: { card: null, qrToken: token },
            now: Date.now(),
          });
          dispatch({ type: 'identified', identified });
        } catch {
          dispatch({ type: 'scanRefused', error: shown('9999') });
        } finally {
          busy.current = false;
        }
      },
      async scanned(token) {
        const state = current();
        if (state.step !== 'request' || state.stage !== 'scan' || busy.current) return;
        busy.current = true;
        try {
          const voucher = await redeemQrToken(token);
          dispatch({ type: 'identified', identified: identifiedByHost(voucher) });
        } catch (cause) {
          const error = depsRef.current.showError(cause);
          if (error === null) dispatch({ type: 'close' });
          else dispatch({ type: 'scanRefused', error });
        } finally {
          busy.current = false;
        }
      },
      identified: (identified) => dispatch({ type: 'identified', identified }),
      workerEntered: (worker, open) => dispatch({ type: 'workerEntered', worker, open }),
      pay: (basis) => dispatch({ type: 'pay', basis, paymentId: crypto.randomUUID() }),
      chooseMode: () => dispatch({ type: 'chooseMode' }),
      retroStart: () => dispatch({ type: 'retroStart' }),
      retroNotice: (maxMinutes) => dispatch({ type: 'retroNotice', maxMinutes }),
      retroWhen: (when) => dispatch({ type: 'retroWhen', when }),
      retroReason: (reason) => dispatch({ type: 'retroReason', reason, paymentId: crypto.randomUUID() }),
      confirm(draft) {
        const entry = current();
        if (entry.step !== 'entry' || entry.progress.status !== 'editing' || busy.current) return;
        const { session } = depsRef.current;
        const context = entry.identified.capture;
        if (paysThroughOutbox(context, depsRef.current.net.online && browserOnline())) {
          if (!context || !session) return;
          // A 소급결제 with no signal is a command like any other: the host checks its rules again on sync.
          const attempt = {
            kind: 'outbox',
            command: commandOf(payingWorker(entry.identified, session), entry.paymentId, entry.programId, context, draft, retroReasonOf(entry.basis)),
            draft,
          } as const;
          dispatch({ type: 'send', attempt });
          captureEntry(entry, attempt, null);
          return;
        }
        const request = onlineRequest(entry, draft);
        dispatch({ type: 'send', attempt: { kind: 'online', request, draft } });
        exclusive(async () => {
          const { device } = depsRef.current;
          const inflight: InflightPayment = {
            id: request.paymentId,
            workerId: session ? payingWorker(entry.identified, session) : '',
            request,
            programId: entry.programId,
            card: context?.card ?? null,
            voucherId: context?.voucherId ?? null,
            serviceStartAt: draft.serviceStartAt,
            openService:
              entry.basis.openService && entry.basis.openServiceSource ? { ...entry.basis.openService, source: entry.basis.openServiceSource } : null,
            institutionName: entry.identified.voucher.institutionName,
            recipientMasked: entry.identified.voucher.recipientMasked,
            balanceKrw: entry.identified.voucher.balanceKrw,
            sentAt: Date.now(),
          };
          // Before the first byte leaves: a reload from here on resends this request, never a new one.
          // A request the device could not remember is not sent: a reload would forget a payment
          // the host may have made. Nothing left the device, so the entry unlocks under the same id.
          try {
            await device.rememberInflight(inflight);
          } catch {
            dispatch({ type: 'notSaved', error: shown('9999'), note: T.notSaved });
            return;
          }
          await sendOnline(request, context !== undefined, context?.voucherId ?? null);
        });
      },
      retry() {
        const state = current();
        if (state.step === 'resuming') {
          dispatch({ type: 'resumeRetry' });
          return;
        }
        if (state.step !== 'entry' || state.progress.status !== 'unknown' || state.progress.attempt.kind !== 'online') return;
        const { attempt } = state.progress;
        dispatch({ type: 'send', attempt });
        exclusive(() => sendOnline(attempt.request, state.identified.capture !== undefined, state.identified.capture?.voucherId ?? null));
      },
      saveOffline() {
        const state = current();
        const { session } = depsRef.current;
        if (state.step === 'resuming') {
          saveResumed(state);
          return;
        }
        if (state.step !== 'entry' || state.progress.status !== 'unknown' || !state.progress.canSaveOffline || !session) return;
        const context = state.identified.capture;
        const online = state.progress.attempt;
        if (!context) return;
        const attempt = {
          kind: 'outbox',
          command: commandOf(
            payingWorker(state.identified, session),
            state.paymentId,
            state.programId,
            context,
            online.draft,
            retroReasonOf(state.basis),
          ),
          draft: online.draft,
        } as const;
        dispatch({ type: 'send', attempt });
        captureEntry(state, attempt, online);
      },
      back: () => dispatch({ type: 'back' }),
      expire: (notice) => dispatch({ type: 'expire', notice }),
      close: (notice) => dispatch({ type: 'close', notice }),
      finish: () => dispatch({ type: 'finish' }),
      cancelStart: () => dispatch({ type: 'cancelStart' }),
      cancelChoose: (how) => dispatch({ type: 'cancelChoose', how }),
      cancelPick: (pick) => dispatch({ type: 'cancelPick', pick, cancelId: crypto.randomUUID() }),
      confirmCancel() {
        const state = current();
        if (state.step !== 'cancelConfirm' || state.progress.status === 'sending' || busy.current) return;
        dispatch({ type: 'cancelSend' });
        exclusive(() => sendCancel(state, false));
      },
      saveCancelOffline() {
        const state = current();
        if (state.step !== 'cancelConfirm' || state.progress.status !== 'unknown' || !state.progress.canSaveOffline || busy.current) return;
        dispatch({ type: 'cancelSend' });
        exclusive(() => sendCancel(state, true));
      },
      async resumeInflight(workerId) {
        if (current().step !== 'idle') return;
        const [inflight] = await depsRef.current.device.listInflight(workerId).catch(() => []);
        if (!inflight || current().step !== 'idle') return;
        dispatch({ type: 'resume', inflight });
      },
    };
  }, [state, paysOffline, exclusive, sendOnline, capture, sendCancel]);

  // QR결제 / 생체인증결제: the request goes to the host as soon as the state says it is being sent.
  const sendingRequest = state.step === 'request' && state.stage === 'sending' ? state : null;
  useEffect(() => {
    if (sendingRequest === null) return;
    let live = true;
    void (async () => {
      const { phone, programId, method, amountCapKrw } = sendingRequest;
      try {
        const sent =
          method === 'qr'
            ? await sendQrRequest({ phone, programId })
            : await sendBiometricRequest({ phone, programId, amountCapKrw: amountCapKrw ?? 0 });
        if (!live) return;
        dispatch({ type: 'requestSent', sent: { requestId: sent.requestId, deadlineAt: deviceDeadline(sent.expiresAt, sent.hostNow, Date.now()) } });
      } catch (cause) {
        if (!live) return;
        const error = depsRef.current.showError(cause);
        if (error === null) {
          dispatch({ type: 'close' });
          return;
        }
        // 2003 / 2005 … are answers about the number; anything else never got one: 재전송.
        dispatch({ type: 'requestFailed', error, canResend: !(cause instanceof ApiError && cause.isDefiniteRefusal) });
      }
    })();
    return () => {
      live = false;
    };
  }, [sendingRequest]);

  // A request sent: its 3 minutes run out on every screen up to the voucher screen (인증 유효시간 초과).
  const pendingRequest = state.step === 'request' && state.sent !== null && ['sent', 'scan', 'waiting'].includes(state.stage) ? state.sent : null;
  useEffect(() => {
    if (pendingRequest === null) return;
    const timer = setTimeout(
      () => dispatch({ type: 'requestEnded', error: shown('2144') }),
      Math.max(0, pendingRequest.deadlineAt - Date.now()) + REQUEST_GRACE_MS,
    );
    return () => clearTimeout(timer);
  }, [pendingRequest]);

  // 생체인증결제's waiting screen: asks for the result until the recipient approved (→ the voucher screen) or it ended.
  const waitingFor = state.step === 'request' && state.stage === 'waiting' ? (state.sent?.requestId ?? null) : null;
  useEffect(() => {
    if (waitingFor === null) return;
    const controller = new AbortController();
    const every = depsRef.current.approvalPollMs ?? 2_000;
    void (async () => {
      while (!controller.signal.aborted) {
        try {
          const result = await biometricResult(waitingFor, controller.signal);
          if (controller.signal.aborted) return;
          if (result.status === 'approved') {
            dispatch({ type: 'identified', identified: identifiedByHost(result.voucher) });
            return;
          }
        } catch (cause) {
          if (controller.signal.aborted) return;
          if (cause instanceof ApiError && cause.isDefiniteRefusal) {
            const error = depsRef.current.showError(cause);
            dispatch(error === null ? { type: 'close' } : { type: 'requestEnded', error });
            return;
          }
          // No answer (no signal, 5xx): ask again; the request's own deadline still ends the wait.
        }
        await new Promise((resolve) => setTimeout(resolve, every));
      }
    })();
    return () => controller.abort();
  }, [waitingFor]);

  // A resumed payment is resent as soon as it is shown, and again on 다시 시도.
  const resuming = state.step === 'resuming' && state.status === 'sending' ? state.inflight : null;
  useEffect(() => {
    if (resuming === null) return;
    let live = true;
    void (async () => {
      const { device, showError } = depsRef.current;
      try {
        const receipt = await pay(resuming.request);
        if (!live) return;
        dispatch({ type: 'approved', receipt });
        await device.forgetInflight(resuming.id).catch(() => undefined);
        noteBalance(device, resuming.voucherId, receipt);
      } catch (cause) {
        if (!live) return;
        const error = showError(cause) ?? shown('9999');
        const definite = cause instanceof ApiError && cause.isDefiniteRefusal;
        if (definite) await device.forgetInflight(resuming.id).catch(() => undefined);
        dispatch({ type: 'resumeFailed', status: definite ? 'refused' : 'unknown', error });
      }
    })();
    return () => {
      live = false;
    };
  }, [resuming]);

  return controller;
}
