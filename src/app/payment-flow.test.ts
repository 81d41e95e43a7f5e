import { describe, expect, it } from 'vitest';
import type { CancelReceipt, NormalPaymentRequest, Receipt, VoucherScreen } from '../domain/wire';
import { flowDepth, IDLE, isLocked, paymentFlow, type Attempt, type FlowEvent, type FlowState, type PaymentDraft } from './payment-flow';

const voucher: VoucherScreen = {
  lookupId: 'lk-1',
  programId: 'developmental-rehab',
  institutionName: '성남주간보호센터-발달',
  recipientMasked: '김**',
  serviceCode: '070101',
  balanceKrw: 250_000,
  voucherMonth: '2026-11',
  expiresAt: 1_790_000_300_000,
  hostNow: 1_790_000_000_000,
  openService: null,
};
const draft: PaymentDraft = { serviceStartAt: 1_790_000_000_000, serviceEndAt: 1_790_000_000_000, minutesByType: {}, amountKrw: 15_000 };
const request = (paymentId: string, overrides: Partial<NormalPaymentRequest> = {}): NormalPaymentRequest => ({
  paymentId,
  lookupId: 'lk-1',
  method: 'card',
  mode: 'normal',
  openServiceId: null,
  serviceEndAt: draft.serviceEndAt,
  minutesByType: {},
  amountKrw: 15_000,
  deviceAt: 1_790_000_000_100,
  ...overrides,
});
const online = (paymentId: string, overrides: Partial<NormalPaymentRequest> = {}): Attempt => ({
  kind: 'online',
  request: request(paymentId, overrides),
  draft,
});
const outbox = (paymentId: string, d: PaymentDraft = draft): Attempt => ({
  kind: 'outbox',
  draft: d,
  command: {
    kind: 'payment',
    workerId: 'wrk-test',
    paymentId,
    programId: 'developmental-rehab',
    card: { kind: 'typed', number: '9410000000000006' },
    method: 'card',
    mode: 'offline',
    reason: 'dead-zone',
    serviceStartAt: d.serviceStartAt,
    serviceEndAt: d.serviceEndAt,
    minutesByType: {},
    amountKrw: d.amountKrw,
    capturedAt: 1_790_000_000_200,
  },
});
const receipt = { paymentId: 'p-1', approvalNumber: '123456789012' } as Receipt;
const error = { code: '0104', message: '서버에 접속할 수 없습니다.' };

const run = (events: readonly FlowEvent[], from: FlowState = IDLE): FlowState => events.reduce(paymentFlow, from);
const toEntry: FlowEvent[] = [
  { type: 'start', programId: 'developmental-rehab' },
  { type: 'chooseMethod', method: 'card' },
  { type: 'identified', identified: { voucher, deadlineAt: 1_790_000_300_000 } },
  { type: 'pay', paymentId: 'p-1', basis: { mode: 'normal', serviceEndAt: draft.serviceEndAt, openService: null, openServiceSource: null } },
];

describe('the payment flow', () => {
  it('goes program → method → card → voucher → entry, and 이전 walks back one step at a time', () => {
    const steps: string[] = [];
    let state: FlowState = IDLE;
    for (const event of toEntry) {
      state = paymentFlow(state, event);
      steps.push(state.step);
    }
    expect(steps).toEqual(['method', 'identify', 'voucher', 'entry']);
    expect(flowDepth(state)).toBe(4);
    const back: string[] = [];
    for (let i = 0; i < 4; i++) {
      state = paymentFlow(state, { type: 'back' });
      back.push(state.step);
    }
    expect(back).toEqual(['voucher', 'identify', 'method', 'idle']);
  });

  it('ignores events that do not belong to the current step', () => {
    expect(paymentFlow(IDLE, { type: 'chooseMethod', method: 'card' })).toBe(IDLE);
    const entry = run(toEntry);
    expect(paymentFlow(entry, { type: 'identified', identified: { voucher, deadlineAt: 0 } })).toBe(entry);
    expect(paymentFlow(entry, { type: 'approved', receipt })).toBe(entry);
  });

  it('locks the entry while sending and while the outcome is unknown: no 이전, no countdown, no 취소, no new payment', () => {
    const sending = run([...toEntry, { type: 'send', attempt: online('p-1') }]);
    const unknown = paymentFlow(sending, { type: 'unknown', error, note: '?', canSaveOffline: true });
    for (const locked of [sending, unknown]) {
      expect(isLocked(locked)).toBe(true);
      for (const event of [
        { type: 'back' },
        { type: 'expire', notice: 'x' },
        { type: 'close' },
        { type: 'start', programId: 'home-care' },
      ] as FlowEvent[]) {
        expect(paymentFlow(locked, event)).toBe(locked);
      }
    }
    expect(unknown).toMatchObject({ step: 'entry', paymentId: 'p-1', progress: { status: 'unknown', canSaveOffline: true } });
  });

  it('sends the very same request again after an unknown outcome, or the same payment into the outbox — nothing else', () => {
    const unknown = run([...toEntry, { type: 'send', attempt: online('p-1') }, { type: 'unknown', error, note: '?', canSaveOffline: true }]);
    // A changed request (another amount, another device time) under the same id is not a resend.
    expect(paymentFlow(unknown, { type: 'send', attempt: online('p-1', { amountKrw: 16_000 }) })).toBe(unknown);
    expect(paymentFlow(unknown, { type: 'send', attempt: online('p-1', { deviceAt: 1 }) })).toBe(unknown);
    expect(paymentFlow(unknown, { type: 'send', attempt: online('p-2') })).toBe(unknown);
    expect(paymentFlow(unknown, { type: 'send', attempt: outbox('p-1', { ...draft, amountKrw: 1 }) })).toBe(unknown);
    expect(paymentFlow(unknown, { type: 'send', attempt: online('p-1') })).toMatchObject({ progress: { status: 'sending' } });
    expect(paymentFlow(unknown, { type: 'send', attempt: outbox('p-1') })).toMatchObject({
      progress: { status: 'sending', attempt: { kind: 'outbox' } },
    });
  });

  it('makes a new payment id only after a definite refusal, and keeps it after a capture that was not saved', () => {
    const sending = run([...toEntry, { type: 'send', attempt: online('p-1') }]);
    const refused = paymentFlow(sending, {
      type: 'refused',
      error: { code: '2101', message: '잔액' },
      note: '결제되지 않았습니다.',
      nextPaymentId: 'p-2',
    });
    expect(refused).toMatchObject({ paymentId: 'p-2', progress: { status: 'editing', error: { code: '2101' } } });
    expect(isLocked(refused)).toBe(false);
    const notSaved = paymentFlow(run([...toEntry, { type: 'send', attempt: outbox('p-1') }]), { type: 'notSaved', error, note: 'x' });
    expect(notSaved).toMatchObject({ paymentId: 'p-1', progress: { status: 'editing' } });
  });

  it('reaches a result only through an answer of the attempt in flight', () => {
    const sendingOnline = run([...toEntry, { type: 'send', attempt: online('p-1') }]);
    expect(paymentFlow(sendingOnline, { type: 'queued', queued: {} as never })).toBe(sendingOnline);
    expect(paymentFlow(sendingOnline, { type: 'approved', receipt })).toEqual({ step: 'done', outcome: { kind: 'approved', receipt } });
    const sendingOutbox = run([...toEntry, { type: 'send', attempt: outbox('p-1') }]);
    expect(paymentFlow(sendingOutbox, { type: 'approved', receipt })).toBe(sendingOutbox);
    expect(paymentFlow(paymentFlow(sendingOutbox, { type: 'queued', queued: {} as never }), { type: 'finish' })).toEqual(IDLE);
  });

  it('does not send twice: a second send while one is in flight is dropped', () => {
    const sending = run([...toEntry, { type: 'send', attempt: online('p-1') }]);
    expect(paymentFlow(sending, { type: 'send', attempt: online('p-1') })).toBe(sending);
  });

  it('resumes an unanswered payment at start-up and holds everything else until it is settled', () => {
    const inflight = { id: 'p-9', workerId: 'w', request: request('p-9'), programId: 'developmental-rehab', card: null } as never;
    const resuming = paymentFlow(IDLE, { type: 'resume', inflight });
    expect(resuming).toMatchObject({ step: 'resuming', status: 'sending' });
    expect(paymentFlow(resuming, { type: 'start', programId: 'home-care' })).toBe(resuming);
    const unknown = paymentFlow(resuming, { type: 'resumeFailed', status: 'unknown', error });
    expect(isLocked(unknown)).toBe(true);
    // Without a card read there is nothing to capture offline: only 다시 시도.
    expect(paymentFlow(unknown, { type: 'resumeSave' })).toBe(unknown);
    expect(paymentFlow(unknown, { type: 'resumeRetry' })).toMatchObject({ status: 'sending' });
    expect(paymentFlow(paymentFlow(unknown, { type: 'resumeRetry' }), { type: 'approved', receipt })).toMatchObject({ step: 'done' });
    const refused = paymentFlow(resuming, { type: 'resumeFailed', status: 'refused', error });
    expect(isLocked(refused)).toBe(false);
    expect(paymentFlow(refused, { type: 'finish' })).toEqual(IDLE);
  });

  it('ends a flow whose countdown runs out with its notice, but never while a payment is in the balance', () => {
    expect(run([...toEntry, { type: 'expire', notice: '자동 종료' }])).toEqual({ step: 'idle', notice: '자동 종료' });
    const sending = run([...toEntry, { type: 'send', attempt: online('p-1') }]);
    expect(paymentFlow(sending, { type: 'expire', notice: '자동 종료' })).toBe(sending);
  });

  describe('on a shared terminal', () => {
    const shared = { voucher: { ...voucher, needsWorker: true }, deadlineAt: 1_790_000_300_000 };
    const worker = { workerId: 'wrk-park', paymentId: '1002', name: '박서준' };
    const toWorker: FlowEvent[] = [
      { type: 'start', programId: 'developmental-rehab' },
      { type: 'chooseMethod', method: 'card' },
      { type: 'identified', identified: shared },
    ];

    it('asks the 제공인력 결제 ID after the card and before the voucher screen, which then belongs to that worker', () => {
      const asking = run(toWorker);
      expect(asking).toMatchObject({ step: 'worker', identified: shared });
      expect(flowDepth(asking)).toBe(3);
      // Nothing can be paid before the ID: 서비스 결제 is the voucher screen's.
      expect(paymentFlow(asking, toEntry[3]!)).toBe(asking);
      const voucherScreen = paymentFlow(asking, { type: 'workerEntered', worker });
      expect(voucherScreen).toMatchObject({ step: 'voucher', identified: { worker } });
      expect(paymentFlow(voucherScreen, toEntry[3]!)).toMatchObject({ step: 'entry', identified: { worker } });
    });

    it('shows the voucher screen with the entered worker’s own open service, and no longer asks for a worker', () => {
      const own = { id: 'os-own', startedAt: 1_789_990_000_000 };
      const voucherScreen = paymentFlow(run(toWorker), { type: 'workerEntered', worker, open: { openService: own, source: 'host' } });
      expect(voucherScreen).toMatchObject({ step: 'voucher', identified: { worker, voucher: { openService: own } } });
      if (voucherScreen.step !== 'voucher') throw new Error(voucherScreen.step);
      expect(voucherScreen.identified.voucher).not.toHaveProperty('needsWorker');
    });

    it('takes a worker only on the ID step, and 이전 or the countdown leave it like the voucher screen', () => {
      expect(paymentFlow(run(toEntry.slice(0, 3)), { type: 'workerEntered', worker })).toMatchObject({ step: 'voucher' });
      expect(run(toEntry.slice(0, 3))).not.toHaveProperty('identified.worker');
      const asking = run(toWorker);
      expect(paymentFlow(asking, { type: 'back' })).toEqual({ step: 'identify', programId: 'developmental-rehab', method: 'card' });
      expect(paymentFlow(asking, { type: 'expire', notice: '자동 종료' })).toEqual({ step: 'idle', notice: '자동 종료' });
      // The voucher screen's 이전 reads another card, and the next card asks the ID again.
      const again = run([{ type: 'workerEntered', worker }, { type: 'back' }, { type: 'identified', identified: shared }], asking);
      expect(again).toMatchObject({ step: 'worker' });
      expect(again).not.toHaveProperty('identified.worker');
    });
  });
});

describe('결제방식 and 소급결제', () => {
  const toVoucher = toEntry.slice(0, 3);
  const when = { serviceStartAt: 1_789_900_000_000, serviceEndAt: 1_789_903_600_000 };

  it('goes voucher → 결제방식 → 주의 사항 → 제공시간 → 사유 → entry, and 이전 walks back keeping what was entered', () => {
    let state = run([...toVoucher, { type: 'chooseMode' }]);
    expect(state.step).toBe('mode');
    state = run([{ type: 'retroStart' }, { type: 'retroNotice', maxMinutes: 300 }, { type: 'retroWhen', when }], state);
    expect(state).toMatchObject({ step: 'retro', stage: 'reason', when, maxMinutes: 300 });
    state = paymentFlow(state, { type: 'retroReason', reason: 'card-lost', paymentId: 'p-9' });
    expect(state).toMatchObject({ step: 'entry', paymentId: 'p-9', basis: { mode: 'retroactive', ...when, reason: 'card-lost', openService: null } });
    expect(flowDepth(state)).toBe(6);

    const back: string[] = [];
    for (let i = 0; i < 5; i++) {
      state = paymentFlow(state, { type: 'back' });
      back.push(state.step === 'retro' ? `retro:${state.stage}` : state.step);
      if (state.step === 'retro' && state.stage === 'reason') expect(state).toMatchObject({ when, reason: 'card-lost' });
    }
    expect(back).toEqual(['retro:reason', 'retro:when', 'retro:notice', 'mode', 'voucher']);
  });

  it('opens a 정상결제 from 결제방식 and takes no 소급결제 event out of order', () => {
    const mode = run([...toVoucher, { type: 'chooseMode' }]);
    const normal = paymentFlow(mode, {
      type: 'pay',
      paymentId: 'p-2',
      basis: { mode: 'normal', serviceEndAt: 1, openService: null, openServiceSource: null },
    });
    expect(normal).toMatchObject({ step: 'entry', basis: { mode: 'normal' } });
    // A reason before the service's times, or times before the notice, change nothing.
    const notice = paymentFlow(mode, { type: 'retroStart' });
    expect(paymentFlow(notice, { type: 'retroWhen', when })).toBe(notice);
    expect(paymentFlow(notice, { type: 'retroReason', reason: 'card-lost', paymentId: 'p-3' })).toBe(notice);
    expect(paymentFlow(run(toVoucher), { type: 'retroStart' }).step).toBe('voucher');
  });

  it('closes the 소급결제 screens when the voucher screen’s 5 minutes run out', () => {
    const retro = run([...toVoucher, { type: 'chooseMode' }, { type: 'retroStart' }]);
    expect(paymentFlow(retro, { type: 'expire', notice: 'x' })).toEqual({ step: 'idle', notice: 'x' });
  });
});

describe('거래 취소', () => {
  const toVoucher = toEntry.slice(0, 3);
  const pick = {
    from: 'today' as const,
    paymentId: 'p-old',
    approvalNumber: '123456789012',
    amountKrw: 5_000,
    serviceStartAt: 1,
    serviceEndAt: 2,
    source: 'host' as const,
  };
  const cancelReceipt = { cancelId: 'c-1', paymentId: 'p-old', approvalNumber: '123456789012' } as CancelReceipt;

  it('goes voucher → 거래 취소 → 당일거래 취소 → pick → confirm → done, and 이전 walks back', () => {
    let state = run([...toVoucher, { type: 'cancelStart' }, { type: 'cancelChoose', how: 'today' }, { type: 'cancelPick', pick, cancelId: 'c-1' }]);
    expect(state).toMatchObject({ step: 'cancelConfirm', cancelId: 'c-1', pick, progress: { status: 'editing' } });
    expect(flowDepth(state)).toBe(6);
    const back: string[] = [];
    for (let i = 0; i < 3; i++) {
      state = paymentFlow(state, { type: 'back' });
      back.push(state.step === 'cancel' ? `cancel:${state.stage}` : state.step);
    }
    expect(back).toEqual(['cancel:today', 'cancel:choose', 'voucher']);
    // A pick of the other list is not this screen's.
    const direct = run([...toVoucher, { type: 'cancelStart' }, { type: 'cancelChoose', how: 'direct' }]);
    expect(paymentFlow(direct, { type: 'cancelPick', pick, cancelId: 'c-2' })).toBe(direct);
  });

  it('locks while a cancellation is sent or its outcome unknown, keeps its id for the resend, and takes a new id after a refusal', () => {
    const confirm = run([
      ...toVoucher,
      { type: 'cancelStart' },
      { type: 'cancelChoose', how: 'today' },
      { type: 'cancelPick', pick, cancelId: 'c-1' },
    ]);
    const sending = paymentFlow(confirm, { type: 'cancelSend' });
    expect(isLocked(sending)).toBe(true);
    expect(paymentFlow(sending, { type: 'back' })).toBe(sending);
    expect(paymentFlow(sending, { type: 'expire', notice: 'x' })).toBe(sending);
    const unknown = paymentFlow(sending, { type: 'cancelUnknown', error, canSaveOffline: true });
    expect(unknown).toMatchObject({ cancelId: 'c-1', progress: { status: 'unknown' } });
    expect(isLocked(unknown)).toBe(true);
    const resent = paymentFlow(unknown, { type: 'cancelSend' });
    expect(resent).toMatchObject({ cancelId: 'c-1', progress: { status: 'sending' } });
    expect(paymentFlow(resent, { type: 'cancelled', receipt: cancelReceipt })).toEqual({
      step: 'done',
      outcome: { kind: 'cancelled', receipt: cancelReceipt },
    });
    const refused = paymentFlow(resent, { type: 'cancelRefused', error: { code: '2131', message: '이미 취소된 결제입니다.' }, nextCancelId: 'c-9' });
    expect(refused).toMatchObject({ cancelId: 'c-9', progress: { status: 'editing', error: { code: '2131' } } });
    expect(isLocked(refused)).toBe(false);
  });
});

describe('QR결제 and 생체인증결제 up to the voucher screen', () => {
  const start: FlowEvent = { type: 'start', programId: 'developmental-rehab' };
  const sent = { requestId: 'req-1', deadlineAt: 1_790_000_180_000 };
  const refusal = (code: string) => ({ code, message: `message ${code}` });
  const stageOf = (state: FlowState) => (state.step === 'request' ? state.stage : state.step);

  it('QR: phone → sending → 전송 확인 → scan → the voucher screen, paid with method qr', () => {
    const states = [
      run([start, { type: 'chooseMethod', method: 'qr' }]),
      run([start, { type: 'chooseMethod', method: 'qr' }, { type: 'phoneEntered', phone: '01012345678' }]),
      run([start, { type: 'chooseMethod', method: 'qr' }, { type: 'phoneEntered', phone: '01012345678' }, { type: 'requestSent', sent }]),
    ];
    expect(states.map(stageOf)).toEqual(['phone', 'sending', 'sent']);
    const scanning = paymentFlow(states[2]!, { type: 'requestConfirmed' });
    expect(scanning).toMatchObject({ step: 'request', method: 'qr', stage: 'scan', phone: '01012345678', sent });
    const opened = paymentFlow(scanning, { type: 'identified', identified: { voucher, deadlineAt: 1 } });
    expect(opened).toMatchObject({ step: 'voucher', method: 'qr' });
    const entry = paymentFlow(opened, {
      type: 'pay',
      basis: { mode: 'normal', serviceEndAt: 1, openService: null, openServiceSource: null },
      paymentId: 'p-qr',
    });
    expect(entry).toMatchObject({ step: 'entry', method: 'qr' });
  });

  it('생체인증: phone → the amount to approve → sending → 전송 확인 → waiting → the voucher screen', () => {
    const waiting = run([
      start,
      { type: 'chooseMethod', method: 'biometric' },
      { type: 'phoneEntered', phone: '01012345678' },
      { type: 'capEntered', amountCapKrw: 30_000 },
      { type: 'requestSent', sent },
      { type: 'requestConfirmed' },
    ]);
    expect(waiting).toMatchObject({ step: 'request', method: 'biometric', stage: 'waiting', amountCapKrw: 30_000 });
    expect(run([{ type: 'identified', identified: { voucher: { ...voucher, needsWorker: true }, deadlineAt: 1 } }], waiting)).toMatchObject({
      step: 'worker',
      method: 'biometric',
      identified: { approvedCapKrw: 30_000 },
    });
    // The approved amount stays with the voucher screen through 서비스 결제 to the entry.
    const entry = run(
      [
        { type: 'identified', identified: { voucher, deadlineAt: 1 } },
        { type: 'pay', basis: { mode: 'normal', serviceEndAt: 1, openService: null, openServiceSource: null }, paymentId: 'p-1' },
      ],
      waiting,
    );
    expect(entry).toMatchObject({ step: 'entry', identified: { approvedCapKrw: 30_000 } });
  });

  it('no amount of zero, and no voucher screen before the request was confirmed', () => {
    const cap = run([start, { type: 'chooseMethod', method: 'biometric' }, { type: 'phoneEntered', phone: '01012345678' }]);
    expect(stageOf(paymentFlow(cap, { type: 'capEntered', amountCapKrw: 0 }))).toBe('cap');
    const sending = run([{ type: 'capEntered', amountCapKrw: 1000 }], cap);
    expect(paymentFlow(sending, { type: 'identified', identified: { voucher, deadlineAt: 1 } })).toBe(sending);
  });

  it('2003 / 2005 go back to the number with the refusal; a send that never arrived offers 재전송 of the same number', () => {
    const sending = run([start, { type: 'chooseMethod', method: 'qr' }, { type: 'phoneEntered', phone: '01099998888' }]);
    const refused = paymentFlow(sending, { type: 'requestFailed', error: refusal('2005'), canResend: false });
    expect(refused).toMatchObject({ stage: 'phone', phone: '01099998888', error: refusal('2005'), canResend: false });
    expect(paymentFlow(refused, { type: 'resend' })).toBe(refused);
    const lost = paymentFlow(sending, { type: 'requestFailed', error: refusal('0104'), canResend: true });
    const again = paymentFlow(lost, { type: 'resend' });
    expect(again).toMatchObject({ stage: 'sending', phone: '01099998888', error: null, canResend: false });
    // A new number clears the refusal.
    expect(paymentFlow(refused, { type: 'phoneEntered', phone: '01011112222' })).toMatchObject({ stage: 'sending', error: null });
  });

  it('인증 유효시간 초과 (2144) or a decline ends the request: enter the number again', () => {
    const waiting = run([
      start,
      { type: 'chooseMethod', method: 'biometric' },
      { type: 'phoneEntered', phone: '01012345678' },
      { type: 'capEntered', amountCapKrw: 30_000 },
      { type: 'requestSent', sent },
      { type: 'requestConfirmed' },
    ]);
    const ended = paymentFlow(waiting, { type: 'requestEnded', error: refusal('2144') });
    expect(ended).toMatchObject({ step: 'request', stage: 'phone', sent: null, error: refusal('2144') });
    // Once back on the number, a late approval opens nothing.
    expect(paymentFlow(ended, { type: 'identified', identified: { voucher, deadlineAt: 1 } })).toBe(ended);
    expect(paymentFlow(ended, { type: 'requestEnded', error: refusal('2144') })).toBe(ended);
  });

  it('a refused QR code keeps the camera on with the refusal shown', () => {
    const scanning = run([
      start,
      { type: 'chooseMethod', method: 'qr' },
      { type: 'phoneEntered', phone: '01012345678' },
      { type: 'requestSent', sent },
      { type: 'requestConfirmed' },
    ]);
    expect(paymentFlow(scanning, { type: 'scanRefused', error: refusal('2141') })).toMatchObject({ stage: 'scan', error: refusal('2141') });
  });

  it('이전 walks back: scan → number → 결제유형; the voucher screen → a new number', () => {
    const scanning = run([
      start,
      { type: 'chooseMethod', method: 'qr' },
      { type: 'phoneEntered', phone: '01012345678' },
      { type: 'requestSent', sent },
      { type: 'requestConfirmed' },
    ]);
    const phone = paymentFlow(scanning, { type: 'back' });
    expect(phone).toMatchObject({ stage: 'phone', sent: null, phone: '01012345678' });
    expect(paymentFlow(phone, { type: 'back' })).toEqual({ step: 'method', programId: 'developmental-rehab' });
    const opened = paymentFlow(scanning, { type: 'identified', identified: { voucher, deadlineAt: 1 } });
    expect(paymentFlow(opened, { type: 'back' })).toMatchObject({ step: 'request', method: 'qr', stage: 'phone' });
    expect(flowDepth(scanning)).toBe(3);
    expect(flowDepth(phone)).toBe(2);
  });

  it('with no signal, QR결제 scans an offline token straight from 결제유형', () => {
    const method = run([start]);
    expect(paymentFlow(method, { type: 'scanOffline' })).toMatchObject({ step: 'request', method: 'qr', stage: 'offlineScan' });
    // The recipient's phone has no signal while the worker's has: from the number of a QR결제, not of a 생체인증결제.
    const qrPhone = paymentFlow(method, { type: 'chooseMethod', method: 'qr' });
    expect(paymentFlow(qrPhone, { type: 'scanOffline' })).toMatchObject({ step: 'request', method: 'qr', stage: 'offlineScan' });
    const bioPhone = paymentFlow(method, { type: 'chooseMethod', method: 'biometric' });
    expect(paymentFlow(bioPhone, { type: 'scanOffline' })).toBe(bioPhone);
    expect(paymentFlow(run([start, { type: 'chooseMethod', method: 'card' }]), { type: 'scanOffline' })).toMatchObject({ step: 'identify' });
  });
});
