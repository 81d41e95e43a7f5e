/**
 * The payment flow of the provider app as ONE typed reducer: program → method → identification
 * (a card read; or QR결제 / 생체인증결제: the recipient's phone number, the request sent, then the
 * QR code scanned or the approval awaited) → [shared terminal: 제공인력 결제 ID] → voucher screen → [결제방식:
 * 정상결제 / 소급결제 → 주의 사항 → dates and times → 소급결제사유] → entry (the split or the amount)
 * → confirm → result. Screens are views of this state and only send it events; no
 * screen decides where to go next. It is pure — ids and times come in with the events — so every
 * rule below is tested without a DOM:
 *
 * - a payment id is made once per entry and kept for every retry of an unknown outcome; only a
 *   definite refusal (nothing was applied) gives the next attempt a new id;
 * - while a payment is being sent, or its outcome is unknown, nothing leaves the entry screen:
 *   이전, the browser's and the phone's back, the countdown and 취소 are all ignored;
 * - a result screen is reached only through an answer (or a committed outbox write).
 */
import type { ProgramId } from '../domain/catalog';
import type { PaymentCommand } from '../domain/offline';
import type { MinutesByType } from '../domain/split';
import type { CancelReceipt, OpenService, PaymentRequest, Receipt, VoucherScreen } from '../domain/wire';
import { DEFAULT_RETRO_MAX_MINUTES, type RetroReason } from '../domain/retroactive';
import type { InflightPayment } from '../db/db';
import type { ShownError } from '../ui/ErrorNotice';
import type { CaptureContext } from './offline-capture';

/** 결제유형: 카드, QR결제 (the recipient's portal shows a QR code) or 생체인증결제 (the recipient approves). */
export type PaymentMethod = 'card' | 'qr' | 'biometric';

/** The methods that identify the recipient by a request to their phone instead of a card. */
export type RequestMethod = Exclude<PaymentMethod, 'card'>;

/**
 * QR결제 / 생체인증결제 before the voucher screen: the phone number on the keypad → [생체인증: the
 * amount the recipient is asked to approve] → sending → 전송 확인 → the camera (QR) or the waiting
 * screen (생체인증). `offlineScan`: no signal — the camera takes a portal's offline QR token.
 */
export type RequestStage = 'phone' | 'cap' | 'sending' | 'sent' | 'scan' | 'waiting' | 'offlineScan';

/** A request the host took: its id, and the device-clock deadline of its 3 minutes. */
export interface SentRequest {
  readonly requestId: string;
  readonly deadlineAt: number;
}

/** 전송 대기 완료: what the completion screen shows for a payment saved on the device. */
export interface QueuedReceipt {
  readonly paymentId: string;
  readonly programId: ProgramId;
  readonly institutionName: string;
  readonly recipientMasked: string;
  readonly amountKrw: number;
  /** The voucher's balance with every payment this device still holds deducted: provisional. */
  readonly provisionalBalanceKrw: number;
  /** 서비스일자 'YYYY-MM-DD' (Asia/Seoul) of the service start. */
  readonly serviceDate: string;
}

/** 제공인력 결제 ID (shared terminals): the worker who pays on this voucher screen. */
export interface FlowWorker {
  readonly workerId: string;
  readonly paymentId: string;
  /** As the host answered it; null when checked against the device snapshot (no names are kept there). */
  readonly name: string | null;
}

/** The voucher screen: who and what is paid, until when, and how the card was read. */
export interface Identified {
  readonly voucher: VoucherScreen;
  /** Device-clock deadline of the 5-minute countdown. */
  readonly deadlineAt: number;
  /** The card and where the voucher came from; absent only in tests of the online screens. */
  readonly capture?: CaptureContext | undefined;
  /** Shared terminals: the worker whose 결제 ID was entered; everything paid here is theirs. */
  readonly worker?: FlowWorker | undefined;
  /** 생체인증결제: the amount the recipient approved; a payment above it is refused (2147). */
  readonly approvedCapKrw?: number | undefined;
}

/** What 서비스 결제 fixed when it was tapped (정상결제), or what the worker entered (소급결제). */
export type EntryBasis =
  | {
      readonly mode: 'normal';
      /** When 서비스 결제 was tapped, on the host's clock (device clock + measured offset). */
      readonly serviceEndAt: number;
      /** Time and visit programs: the open service being paid (and where it lives). */
      readonly openService: OpenService | null;
      readonly openServiceSource: 'host' | 'device' | null;
    }
  | {
      readonly mode: 'retroactive';
      /** The service as entered (amount programs: the 제공날짜's 00:00, start and end alike). */
      readonly serviceStartAt: number;
      readonly serviceEndAt: number;
      readonly reason: RetroReason;
      readonly openService: null;
      readonly openServiceSource: null;
    };

/** 소급결제: the service times entered on the keypad. */
export interface RetroWhen {
  readonly serviceStartAt: number;
  readonly serviceEndAt: number;
}

/** 소급결제's screens before the entry: 주의 사항 → the service's dates and times → 소급결제사유. */
export type RetroStage = 'notice' | 'when' | 'reason';

/** Where the entry's service starts: the open service (정상결제 of a time program), the entered start, or its end. */
export function entryStartAt(basis: EntryBasis): number {
  if (basis.mode === 'retroactive') return basis.serviceStartAt;
  return basis.openService?.startedAt ?? basis.serviceEndAt;
}

/** What was confirmed: the draft of a payment, the same whichever way it is then sent. */
export interface PaymentDraft {
  readonly serviceStartAt: number;
  readonly serviceEndAt: number;
  readonly minutesByType: MinutesByType;
  readonly amountKrw: number;
}

/** One way of sending: to the host now, or into the outbox. Kept whole so a retry is byte for byte the same. */
export type Attempt =
  | { readonly kind: 'online'; readonly request: PaymentRequest; readonly draft: PaymentDraft }
  | { readonly kind: 'outbox'; readonly command: PaymentCommand; readonly draft: PaymentDraft };

/** Where the entry's payment is. */
export type PaymentProgress =
  | { readonly status: 'editing'; readonly error?: ShownError | null; readonly note?: string | undefined }
  | { readonly status: 'sending'; readonly attempt: Attempt }
  /** The outcome is unknown: locked, and the same attempt is resent (or saved to the outbox under the same id). */
  | { readonly status: 'unknown'; readonly attempt: Attempt; readonly error: ShownError; readonly note: string; readonly canSaveOffline: boolean };

/** 거래 취소 with no signal: what the completion screen shows for a cancellation the device holds or did itself. */
export interface QueuedCancel {
  /** removed: the payment never left the device and is gone from the outbox; queued: the cancel waits to be sent. */
  readonly kind: 'removed' | 'queued';
  readonly programId: ProgramId;
  readonly institutionName: string;
  readonly recipientMasked: string;
  readonly approvalNumber: string | null;
  readonly amountKrw: number | null;
}

export type Outcome =
  | { readonly kind: 'approved'; readonly receipt: Receipt }
  | { readonly kind: 'queued'; readonly queued: QueuedReceipt }
  | { readonly kind: 'cancelled'; readonly receipt: CancelReceipt }
  | { readonly kind: 'cancelQueued'; readonly cancel: QueuedCancel };

/** 거래 취소: the payment picked, by its 승인번호 (직접거래 취소) or from today's list (당일거래 취소). */
export interface CancelPick {
  readonly from: 'direct' | 'today';
  /** Known from today's list (or the device); null when only the 승인번호 was typed. */
  readonly paymentId: string | null;
  /** null for a payment still in this device's outbox (it has none yet). */
  readonly approvalNumber: string | null;
  readonly amountKrw: number | null;
  readonly serviceStartAt: number | null;
  readonly serviceEndAt: number | null;
  /** host: cancelled on the host (online, or queued as a command); outbox: removed from this device's outbox. */
  readonly source: 'host' | 'outbox';
}

/** Where a cancellation is: editing (confirm screen), being sent, or unknown after a lost answer (resent under the same id). */
export type CancelProgress =
  | { readonly status: 'editing'; readonly error?: ShownError | null }
  | { readonly status: 'sending' }
  /** canSaveOffline: the host could not be reached; the same cancellation may go into the outbox (전송 대기로 저장). */
  | { readonly status: 'unknown'; readonly error: ShownError; readonly canSaveOffline: boolean };

export type FlowState =
  | { readonly step: 'idle'; readonly notice: string | null }
  /** 시도추가지원 on (SPEC §5.3): 추가지원 유형 선택 comes first — the program itself or one of its top-ups. */
  | { readonly step: 'topUp'; readonly programId: ProgramId; readonly options: readonly ProgramId[] }
  /** `topUp`: the 추가지원 유형 screen this came from, for 이전. */
  | {
      readonly step: 'method';
      readonly programId: ProgramId;
      readonly topUp?: { readonly base: ProgramId; readonly options: readonly ProgramId[] } | undefined;
    }
  | { readonly step: 'identify'; readonly programId: ProgramId; readonly method: PaymentMethod }
  /** QR결제 / 생체인증결제: the request to the recipient's phone, up to the voucher screen. */
  | {
      readonly step: 'request';
      readonly programId: ProgramId;
      readonly method: RequestMethod;
      readonly stage: RequestStage;
      /** The digits entered, kept while the worker goes back and forth and after a refusal. */
      readonly phone: string;
      /** 생체인증결제: the most the payment may be, as the recipient approves it. */
      readonly amountCapKrw: number | null;
      readonly sent: SentRequest | null;
      /** The last refusal (2003, 2005, 2144 …) or a token the camera read that the host refused. */
      readonly error: ShownError | null;
      /** The last send never reached the host: 재전송 sends the same number again. */
      readonly canResend: boolean;
    }
  /** Shared terminals: the voucher is known (needsWorker), the worker's 결제 ID is asked before it shows. */
  | { readonly step: 'worker'; readonly programId: ProgramId; readonly method: PaymentMethod; readonly identified: Identified }
  | { readonly step: 'voucher'; readonly programId: ProgramId; readonly method: PaymentMethod; readonly identified: Identified }
  /** 결제방식: 정상결제 or 소급결제 (a time program with its own open service goes straight to its 정상결제). */
  | { readonly step: 'mode'; readonly programId: ProgramId; readonly method: PaymentMethod; readonly identified: Identified }
  | {
      readonly step: 'retro';
      readonly programId: ProgramId;
      readonly method: PaymentMethod;
      readonly identified: Identified;
      readonly stage: RetroStage;
      /** The host's limit of one 소급결제 (its 주의 사항 says it), so the keypad refuses what the host would. */
      readonly maxMinutes: number;
      /** Kept when the worker goes back a screen, so nothing entered is lost. */
      readonly when: RetroWhen | null;
      readonly reason: RetroReason | null;
    }
  | {
      readonly step: 'entry';
      readonly programId: ProgramId;
      readonly method: PaymentMethod;
      readonly identified: Identified;
      readonly basis: EntryBasis;
      /** The idempotency key of this entry's payment. */
      readonly paymentId: string;
      readonly progress: PaymentProgress;
    }
  /** 거래 취소: 직접거래 취소 / 당일거래 취소, then the 승인번호 keypad or today's list. */
  | {
      readonly step: 'cancel';
      readonly programId: ProgramId;
      readonly method: PaymentMethod;
      readonly identified: Identified;
      readonly stage: 'choose' | 'direct' | 'today';
    }
  /** The picked payment, to confirm; the cancel id is made once, here, and kept for every resend. */
  | {
      readonly step: 'cancelConfirm';
      readonly programId: ProgramId;
      readonly method: PaymentMethod;
      readonly identified: Identified;
      readonly pick: CancelPick;
      readonly cancelId: string;
      readonly progress: CancelProgress;
    }
  | { readonly step: 'done'; readonly outcome: Outcome }
  /** An online payment left unanswered by a reload or a crash, being resent at start-up. */
  | {
      readonly step: 'resuming';
      readonly inflight: InflightPayment;
      /** sending: resent to the host; saving: going into the outbox (전송 대기로 저장). */
      readonly status: 'sending' | 'saving' | 'unknown' | 'refused';
      readonly error: ShownError | null;
    };

export type StepName = FlowState['step'];

export type FlowEvent =
  /** `topUps`: the program's top-ups when 시도추가지원 is on (추가지원 유형 선택 first); empty otherwise. */
  | { readonly type: 'start'; readonly programId: ProgramId; readonly topUps?: readonly ProgramId[] | undefined }
  /** 추가지원 유형 선택: the program itself or one of its top-ups; 결제 수단 선택 follows. */
  | { readonly type: 'chooseTopUp'; readonly programId: ProgramId }
  | { readonly type: 'chooseMethod'; readonly method: PaymentMethod }
  /** 확인 on the phone number (QR결제 sends it; 생체인증결제 asks the amount next). */
  | { readonly type: 'phoneEntered'; readonly phone: string }
  /** 생체인증결제: the amount to approve entered; the request is sent. */
  | { readonly type: 'capEntered'; readonly amountCapKrw: number }
  /** 재전송 after a send that never reached the host. */
  | { readonly type: 'resend' }
  | { readonly type: 'requestSent'; readonly sent: SentRequest }
  /** The host refused the number (2003, 2005 …: definite), or could not be reached (`canResend`). */
  | { readonly type: 'requestFailed'; readonly error: ShownError; readonly canResend: boolean }
  /** 전송 확인: on to the camera (QR) or the waiting screen (생체인증). */
  | { readonly type: 'requestConfirmed' }
  /** The request is over without a voucher screen (2144 인증 유효시간 초과, 2145 declined …): enter the number again. */
  | { readonly type: 'requestEnded'; readonly error: ShownError }
  /** A QR code the host (or, offline, the device) refused: the camera scans on. */
  | { readonly type: 'scanRefused'; readonly error: ShownError }
  /** No signal: QR결제 scans a portal's offline token at once (no request can be sent). */
  | { readonly type: 'scanOffline' }
  | { readonly type: 'identified'; readonly identified: Identified }
  /** The 결제 ID checked (by the host, or offline by the snapshot): the voucher screen opens for this worker. */
  | {
      readonly type: 'workerEntered';
      readonly worker: FlowWorker;
      /** That worker's own open service on this voucher (the card step could not know whose), and where it lives. */
      readonly open?: { readonly openService: OpenService | null; readonly source: 'host' | 'device' | null } | undefined;
    }
  | { readonly type: 'pay'; readonly basis: EntryBasis; readonly paymentId: string }
  /** 서비스 결제 where the worker chooses 정상결제 or 소급결제. */
  | { readonly type: 'chooseMode' }
  /** 소급결제 chosen: its 주의 사항 first. */
  | { readonly type: 'retroStart' }
  /** 다음 on the 주의 사항, with the host's limit when it answered. */
  | { readonly type: 'retroNotice'; readonly maxMinutes?: number | undefined }
  | { readonly type: 'retroWhen'; readonly when: RetroWhen }
  /** 확인 on 소급결제사유: the entry opens with its payment id. */
  | { readonly type: 'retroReason'; readonly reason: RetroReason; readonly paymentId: string }
  | { readonly type: 'send'; readonly attempt: Attempt }
  | { readonly type: 'approved'; readonly receipt: Receipt }
  | { readonly type: 'queued'; readonly queued: QueuedReceipt }
  /** Definitely refused: nothing was applied; the next attempt is a new payment (new id). */
  | { readonly type: 'refused'; readonly error: ShownError; readonly note: string; readonly nextPaymentId: string }
  /** Nothing was saved (an outbox write refused or failed): same id, the entry unlocks. */
  | { readonly type: 'notSaved'; readonly error: ShownError; readonly note: string }
  /** The outcome is unknown; `attempt` is the one to keep asking about (default: the one being sent). */
  | { readonly type: 'unknown'; readonly error: ShownError; readonly note: string; readonly canSaveOffline: boolean; readonly attempt?: Attempt }
  /** 거래 취소 on the voucher screen. */
  | { readonly type: 'cancelStart' }
  | { readonly type: 'cancelChoose'; readonly how: 'direct' | 'today' }
  | { readonly type: 'cancelPick'; readonly pick: CancelPick; readonly cancelId: string }
  | { readonly type: 'cancelSend' }
  | { readonly type: 'cancelled'; readonly receipt: CancelReceipt }
  | { readonly type: 'cancelQueued'; readonly cancel: QueuedCancel }
  /** Definitely refused (2131, 2130 …): nothing changed; a further try is a new cancellation. */
  | { readonly type: 'cancelRefused'; readonly error: ShownError; readonly nextCancelId: string }
  | { readonly type: 'cancelUnknown'; readonly error: ShownError; readonly canSaveOffline: boolean }
  | { readonly type: 'back' }
  | { readonly type: 'expire'; readonly notice: string }
  | { readonly type: 'close'; readonly notice?: string | undefined }
  | { readonly type: 'finish' }
  | { readonly type: 'resume'; readonly inflight: InflightPayment }
  | { readonly type: 'resumeRetry' }
  | { readonly type: 'resumeSave' }
  | { readonly type: 'resumeFailed'; readonly status: 'unknown' | 'refused'; readonly error: ShownError };

export const IDLE: FlowState = { step: 'idle', notice: null };

/** Whether a resumed payment may go into the outbox: one with its card read (the outbox sends the card, not a voucher screen). */
export function canSaveResumed(inflight: InflightPayment): boolean {
  return inflight.card !== null;
}

/** True while leaving would abandon a payment whose outcome is not known: nothing may leave then. */
export function isLocked(state: FlowState): boolean {
  if (state.step === 'entry' || state.step === 'cancelConfirm') return state.progress.status !== 'editing';
  return state.step === 'resuming' && state.status !== 'refused';
}

/** How many screens deep the flow is (the shell keeps the browser's back in step with it). */
export function flowDepth(state: FlowState): number {
  switch (state.step) {
    case 'idle':
    case 'done':
    case 'resuming':
      return 0;
    case 'topUp':
      return 1;
    case 'method':
      return state.topUp ? 2 : 1;
    case 'identify':
      return 2;
    case 'request':
      return state.stage === 'phone' || state.stage === 'offlineScan' ? 2 : 3;
    case 'worker':
    case 'voucher':
      return 3;
    case 'mode':
      return 4;
    case 'retro':
      return 5;
    case 'entry':
      return state.basis.mode === 'retroactive' ? 6 : 4;
    case 'cancel':
      return state.stage === 'choose' ? 4 : 5;
    case 'cancelConfirm':
      return 6;
  }
}

/** The attempt the entry shows as in progress or unknown, if any. */
export function currentAttempt(state: FlowState): Attempt | null {
  if (state.step !== 'entry' || state.progress.status === 'editing') return null;
  return state.progress.attempt;
}

export function paymentFlow(state: FlowState, event: FlowEvent): FlowState {
  switch (event.type) {
    case 'start':
      // A new payment starts from any screen but one that is sending.
      if (isLocked(state)) return state;
      return event.topUps && event.topUps.length > 0
        ? { step: 'topUp', programId: event.programId, options: event.topUps }
        : { step: 'method', programId: event.programId };
    case 'chooseTopUp':
      if (state.step !== 'topUp' || (event.programId !== state.programId && !state.options.includes(event.programId))) return state;
      return { step: 'method', programId: event.programId, topUp: { base: state.programId, options: state.options } };
    case 'chooseMethod':
      if (state.step !== 'method') return state;
      return event.method === 'card'
        ? { step: 'identify', programId: state.programId, method: event.method }
        : requestStart(state.programId, event.method);
    case 'phoneEntered':
      if (state.step !== 'request' || state.stage !== 'phone') return state;
      return { ...state, phone: event.phone, stage: state.method === 'qr' ? 'sending' : 'cap', error: null, canResend: false };
    case 'capEntered':
      if (state.step !== 'request' || state.stage !== 'cap' || !(event.amountCapKrw > 0)) return state;
      return { ...state, amountCapKrw: event.amountCapKrw, stage: 'sending', error: null, canResend: false };
    case 'resend':
      return state.step === 'request' && state.stage === 'phone' && state.canResend
        ? { ...state, stage: 'sending', error: null, canResend: false }
        : state;
    case 'requestSent':
      return state.step === 'request' && state.stage === 'sending' ? { ...state, stage: 'sent', sent: event.sent } : state;
    case 'requestFailed':
      return state.step === 'request' && state.stage === 'sending'
        ? { ...state, stage: 'phone', sent: null, error: event.error, canResend: event.canResend }
        : state;
    case 'requestConfirmed':
      if (state.step !== 'request' || state.stage !== 'sent') return state;
      return { ...state, stage: state.method === 'qr' ? 'scan' : 'waiting' };
    case 'requestEnded':
      if (state.step !== 'request' || !['sent', 'scan', 'waiting'].includes(state.stage)) return state;
      return { ...state, stage: 'phone', sent: null, error: event.error, canResend: false };
    case 'scanRefused':
      return state.step === 'request' && (state.stage === 'scan' || state.stage === 'offlineScan') ? { ...state, error: event.error } : state;
    case 'scanOffline':
      // From 결제유형 선택 with no signal, or from the number of a QR결제 when the recipient's phone has none.
      if (state.step === 'method' || (state.step === 'request' && state.method === 'qr' && state.stage === 'phone')) {
        return { ...requestStart(state.programId, 'qr'), stage: 'offlineScan' };
      }
      return state;
    case 'identified':
      // A card read, a QR code redeemed (or verified offline), or a biometric approval: the voucher screen.
      if (state.step !== 'identify' && !(state.step === 'request' && ['scan', 'waiting', 'offlineScan'].includes(state.stage))) return state;
      // A shared terminal's voucher screen waits for the worker's 결제 ID (the host says so, or the device offline).
      return {
        step: event.identified.voucher.needsWorker === true ? 'worker' : 'voucher',
        programId: state.programId,
        method: state.method,
        identified:
          state.step === 'request' && state.method === 'biometric' && state.amountCapKrw !== null
            ? { ...event.identified, approvedCapKrw: state.amountCapKrw }
            : event.identified,
      };
    case 'workerEntered': {
      if (state.step !== 'worker') return state;
      const { needsWorker: _asked, ...voucher } = state.identified.voucher;
      const { capture } = state.identified;
      const open = event.open;
      const identified: Identified = open
        ? {
            ...state.identified,
            worker: event.worker,
            voucher: { ...voucher, openService: open.openService },
            capture: capture ? { ...capture, openServiceSource: open.source } : undefined,
          }
        : { ...state.identified, worker: event.worker };
      return { ...state, step: 'voucher', identified };
    }
    case 'pay':
      if (state.step !== 'voucher' && state.step !== 'mode') return state;
      return {
        step: 'entry',
        programId: state.programId,
        method: state.method,
        identified: state.identified,
        basis: event.basis,
        paymentId: event.paymentId,
        progress: { status: 'editing' },
      };
    case 'chooseMode':
      return state.step === 'voucher' ? { ...state, step: 'mode' } : state;
    case 'retroStart':
      return state.step === 'mode'
        ? { ...state, step: 'retro', stage: 'notice', maxMinutes: DEFAULT_RETRO_MAX_MINUTES, when: null, reason: null }
        : state;
    case 'retroNotice':
      return state.step === 'retro' && state.stage === 'notice'
        ? { ...state, stage: 'when', maxMinutes: event.maxMinutes ?? state.maxMinutes }
        : state;
    case 'retroWhen':
      return state.step === 'retro' && state.stage === 'when' ? { ...state, stage: 'reason', when: event.when } : state;
    case 'retroReason': {
      if (state.step !== 'retro' || state.stage !== 'reason' || state.when === null) return state;
      const { when } = state;
      return {
        step: 'entry',
        programId: state.programId,
        method: state.method,
        identified: state.identified,
        basis: { mode: 'retroactive', ...when, reason: event.reason, openService: null, openServiceSource: null },
        paymentId: event.paymentId,
        progress: { status: 'editing' },
      };
    }
    case 'send': {
      if (state.step !== 'entry') return state;
      const { progress } = state;
      if (progress.status === 'sending') return state;
      if (progress.status === 'unknown' && !continuesAttempt(progress.attempt, event.attempt)) return state;
      if (attemptId(event.attempt) !== state.paymentId) return state;
      return { ...state, progress: { status: 'sending', attempt: event.attempt } };
    }
    case 'approved':
      if (state.step === 'entry' && state.progress.status === 'sending' && state.progress.attempt.kind === 'online') {
        return { step: 'done', outcome: { kind: 'approved', receipt: event.receipt } };
      }
      return state.step === 'resuming' && state.status === 'sending'
        ? { step: 'done', outcome: { kind: 'approved', receipt: event.receipt } }
        : state;
    case 'queued':
      if (state.step === 'entry' && state.progress.status === 'sending' && state.progress.attempt.kind === 'outbox') {
        return { step: 'done', outcome: { kind: 'queued', queued: event.queued } };
      }
      return state.step === 'resuming' && state.status === 'saving' ? { step: 'done', outcome: { kind: 'queued', queued: event.queued } } : state;
    case 'refused':
      if (state.step !== 'entry' || state.progress.status !== 'sending') return state;
      // The host keeps one outcome per id: a definite refusal, even of a resend after an unknown
      // outcome, means nothing was applied under this id, and none will be.
      return { ...state, paymentId: event.nextPaymentId, progress: { status: 'editing', error: event.error, note: event.note } };
    case 'notSaved':
      if (state.step !== 'entry' || state.progress.status !== 'sending') return state;
      return { ...state, progress: { status: 'editing', error: event.error, note: event.note } };
    case 'unknown':
      if (state.step !== 'entry' || state.progress.status !== 'sending') return state;
      return {
        ...state,
        progress: {
          status: 'unknown',
          attempt: event.attempt ?? state.progress.attempt,
          error: event.error,
          note: event.note,
          canSaveOffline: event.canSaveOffline,
        },
      };
    case 'cancelStart':
      return state.step === 'voucher' ? { ...state, step: 'cancel', stage: 'choose' } : state;
    case 'cancelChoose':
      return state.step === 'cancel' && state.stage === 'choose' ? { ...state, stage: event.how } : state;
    case 'cancelPick':
      if (state.step !== 'cancel' || state.stage !== event.pick.from) return state;
      return {
        step: 'cancelConfirm',
        programId: state.programId,
        method: state.method,
        identified: state.identified,
        pick: event.pick,
        cancelId: event.cancelId,
        progress: { status: 'editing' },
      };
    case 'cancelSend':
      return state.step === 'cancelConfirm' && state.progress.status !== 'sending' ? { ...state, progress: { status: 'sending' } } : state;
    case 'cancelled':
      return state.step === 'cancelConfirm' && state.progress.status === 'sending'
        ? { step: 'done', outcome: { kind: 'cancelled', receipt: event.receipt } }
        : state;
    case 'cancelQueued':
      return state.step === 'cancelConfirm' && state.progress.status === 'sending'
        ? { step: 'done', outcome: { kind: 'cancelQueued', cancel: event.cancel } }
        : state;
    case 'cancelRefused':
      if (state.step !== 'cancelConfirm' || state.progress.status !== 'sending') return state;
      return { ...state, cancelId: event.nextCancelId, progress: { status: 'editing', error: event.error } };
    case 'cancelUnknown':
      return state.step === 'cancelConfirm' && state.progress.status === 'sending'
        ? { ...state, progress: { status: 'unknown', error: event.error, canSaveOffline: event.canSaveOffline } }
        : state;
    case 'back':
      return back(state);
    case 'expire':
      // A payment whose outcome is unknown stays for its retry, whatever the countdown says.
      if (isLocked(state) || !['worker', 'voucher', 'mode', 'retro', 'entry', 'cancel', 'cancelConfirm'].includes(state.step)) return state;
      return { step: 'idle', notice: event.notice };
    case 'close':
      return isLocked(state) ? state : { step: 'idle', notice: event.notice ?? null };
    case 'finish':
      return state.step === 'done' || (state.step === 'resuming' && state.status === 'refused') ? IDLE : state;
    case 'resume':
      return state.step === 'idle' ? { step: 'resuming', inflight: event.inflight, status: 'sending', error: null } : state;
    case 'resumeRetry':
      return state.step === 'resuming' && state.status === 'unknown' ? { ...state, status: 'sending' } : state;
    case 'resumeSave':
      return state.step === 'resuming' && state.status === 'unknown' && canSaveResumed(state.inflight) ? { ...state, status: 'saving' } : state;
    case 'resumeFailed':
      return state.step === 'resuming' && (state.status === 'sending' || state.status === 'saving')
        ? { ...state, status: event.status, error: event.error }
        : state;
  }
}

function back(state: FlowState): FlowState {
  if (isLocked(state)) return state;
  switch (state.step) {
    case 'topUp':
      return IDLE;
    case 'method':
      return state.topUp ? { step: 'topUp', programId: state.topUp.base, options: state.topUp.options } : IDLE;
    case 'identify':
      return { step: 'method', programId: state.programId };
    case 'request':
      if (state.stage === 'phone' || state.stage === 'offlineScan') return { step: 'method', programId: state.programId };
      // From the amount, the number; from a request sent, the number again (a new request).
      return { ...state, stage: 'phone', sent: null, error: null, canResend: false };
    case 'worker':
    case 'voucher':
      // 이전 from the voucher screen (or the 결제 ID before it) reads another card, or sends a new request.
      return state.method === 'card'
        ? { step: 'identify', programId: state.programId, method: state.method }
        : requestStart(state.programId, state.method);
    case 'mode':
      return { step: 'voucher', programId: state.programId, method: state.method, identified: state.identified };
    case 'cancel':
      if (state.stage === 'choose') return { step: 'voucher', programId: state.programId, method: state.method, identified: state.identified };
      return { ...state, stage: 'choose' };
    case 'cancelConfirm':
      return { step: 'cancel', programId: state.programId, method: state.method, identified: state.identified, stage: state.pick.from };
    case 'retro':
      if (state.stage === 'notice') return { step: 'mode', programId: state.programId, method: state.method, identified: state.identified };
      return { ...state, stage: state.stage === 'reason' ? 'when' : 'notice' };
    case 'entry': {
      const { programId, method, identified, basis } = state;
      // 이전 from a 소급결제's entry goes back to its reason, with everything entered kept.
      if (basis.mode === 'retroactive') {
        const when = { serviceStartAt: basis.serviceStartAt, serviceEndAt: basis.serviceEndAt };
        return { step: 'retro', programId, method, identified, stage: 'reason', maxMinutes: DEFAULT_RETRO_MAX_MINUTES, when, reason: basis.reason };
      }
      return { step: 'voucher', programId, method, identified };
    }
    default:
      return state;
  }
}

function requestStart(programId: ProgramId, method: RequestMethod): Extract<FlowState, { step: 'request' }> {
  return { step: 'request', programId, method, stage: 'phone', phone: '', amountCapKrw: null, sent: null, error: null, canResend: false };
}

const attemptId = (attempt: Attempt): string => (attempt.kind === 'online' ? attempt.request.paymentId : attempt.command.paymentId);

/**
 * After an unknown outcome, the only ways on are the very same request again, or the same payment
 * (same id, same draft) saved into the outbox (전송 대기로 저장).
 */
function continuesAttempt(previous: Attempt, next: Attempt): boolean {
  if (attemptId(previous) !== attemptId(next)) return false;
  if (next.kind === 'online') return previous.kind === 'online' && JSON.stringify(previous.request) === JSON.stringify(next.request);
  return JSON.stringify(previous.draft) === JSON.stringify(next.draft);
}
