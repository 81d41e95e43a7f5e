import type * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, hostCall, hostFetch } from '../api/host';
import { isApprovalNumber, isPracticeApprovalNumber } from '../domain/approval';
import { DEVICE_SNAPSHOT_PATH, DeviceSnapshotSchema, SYNC_COMMANDS_PATH, SyncCommandsResponseSchema } from '../domain/offline';
import {
  API,
  CancelReceiptSchema,
  LookupWorkerSchema,
  ReceiptSchema,
  ServiceStartResponseSchema,
  TodayPaymentsSchema,
  VoucherScreenSchema,
  type SessionInfo,
} from '../domain/wire';
import { createPracticeHost, PRACTICE_SERVICE_AGO_MS, type PracticeHost } from './practice-host';

const NOW = Date.UTC(2026, 2, 10, 1, 0); // 2026-03-10 10:00 Seoul, a weekday
const SESSION: SessionInfo = {
  worker: { id: 'wrk-kim', name: '김하늘', phoneMasked: '010-****-5678' },
  institution: { id: 'inst-seongnam', name: '성남주간보호센터-발달' },
  terminal: { terminalNumber: '1000000001', model: 'Android', status: 'active', registeredAt: NOW - 1000, profile: 'personal' },
  programIds: ['activity-support', 'developmental-rehab'],
  hostNow: NOW,
};

let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  fetchMock = vi.fn(() => Promise.reject(new Error('practice must never reach the network')));
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  expect(fetchMock).not.toHaveBeenCalled();
  vi.unstubAllGlobals();
});

function practice(session: SessionInfo = SESSION, terminalWorkers: { workerId: string; paymentId: string }[] = []) {
  const host = createPracticeHost({
    session,
    terminalWorkers,
    now: () => NOW,
    randomDigits: () => String(Math.floor(Math.random() * 1e6)).padStart(6, '0'),
  });
  const call = <S extends v.GenericSchema>(path: string, schema: S, body?: unknown) =>
    hostCall(path, schema, { transport: host.transport, method: body === undefined ? 'GET' : 'POST', ...(body === undefined ? {} : { body }) });
  return { host, call };
}

const cardOf = (host: PracticeHost, programId: string) =>
  host.cards.find((card) => card.programId === programId && !card.cardToken.endsWith('-low'))!;
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  return error instanceof ApiError ? error.code : error;
};

describe('the practice host', () => {
  it('answers every endpoint the app calls, itself — and refuses (1030) only what would change something real', async () => {
    const { host } = practice();
    const realOnly: string[] = [API.login, API.logout, API.autoLoginOff, API.changePassword, API.reclaimTerminal];
    const gets: string[] = [API.health, API.catalog, API.me, API.todayPayments, API.retroSummary, API.retroMonitoring, DEVICE_SNAPSHOT_PATH];
    // An endpoint added to the app without a practice answer fails here: practice must walk every flow.
    const paths = [...Object.values(API).filter((path) => path !== API.openapi), DEVICE_SNAPSHOT_PATH, SYNC_COMMANDS_PATH];
    for (const path of paths) {
      const answer = await hostFetch(path, {
        transport: host.transport,
        method: gets.includes(path) ? 'GET' : 'POST',
        ...(gets.includes(path) ? {} : { body: {} }),
      });
      const code = (answer.body as { code?: string } | undefined)?.code;
      if (realOnly.includes(path)) expect(code, path).toBe('1030');
      else expect(code, path).not.toBe('1030');
    }
  });

  it('walks an amount payment: voucher screen, payment with a marked approval number, one outcome per id, balance, 거래 취소', async () => {
    const { host, call } = practice();
    const card = cardOf(host, 'developmental-rehab');
    const voucher = await call(API.cardLookup, VoucherScreenSchema, {
      programId: 'developmental-rehab',
      card: { kind: 'typed', number: card.cardNumber },
    });
    expect(voucher).toMatchObject({ recipientMasked: '연****', balanceKrw: 1_000_000, institutionName: '성남주간보호센터-발달' });
    const request = {
      paymentId: crypto.randomUUID(),
      lookupId: voucher.lookupId,
      method: 'card',
      mode: 'normal',
      openServiceId: null,
      serviceEndAt: NOW,
      minutesByType: {},
      amountKrw: 15_000,
      deviceAt: NOW,
    };
    const receipt = await call(API.payments, ReceiptSchema, request);
    expect(isApprovalNumber(receipt.approvalNumber)).toBe(true);
    expect(isPracticeApprovalNumber(receipt.approvalNumber)).toBe(true);
    expect(receipt.balanceKrw).toBe(985_000);
    expect(await call(API.payments, ReceiptSchema, request)).toEqual(receipt);
    expect(await refusal(call(API.payments, ReceiptSchema, { ...request, amountKrw: 16_000 }))).toBe('2107');
    expect(await refusal(call(API.payments, ReceiptSchema, { ...request, paymentId: crypto.randomUUID(), amountKrw: 2_000_000 }))).toBe('2101');

    const today = await call(API.todayPayments, TodayPaymentsSchema);
    expect(today.payments.map((p) => p.approvalNumber)).toEqual([receipt.approvalNumber]);
    const cancelled = await call(API.cancelPayment, CancelReceiptSchema, {
      cancelId: crypto.randomUUID(),
      target: { by: 'approvalNumber', approvalNumber: receipt.approvalNumber },
      deviceAt: NOW,
    });
    expect(cancelled.balanceKrw).toBe(1_000_000);
    const again = { cancelId: crypto.randomUUID(), target: { by: 'paymentId', paymentId: receipt.paymentId }, deviceAt: NOW };
    expect(await refusal(call(API.cancelPayment, CancelReceiptSchema, again))).toBe('2131');
    expect(
      await refusal(
        call(API.cardLookup, VoucherScreenSchema, { programId: 'developmental-rehab', card: { kind: 'nfc', token: 'EVC-7f3a9c10-act' } }),
      ),
    ).toBe('2001');
  });

  it('starts a time service an hour ago and prices its split with the tariff, as the host does', async () => {
    const { host, call } = practice();
    const card = cardOf(host, 'activity-support');
    const lookup = () => call(API.cardLookup, VoucherScreenSchema, { programId: 'activity-support', card: { kind: 'nfc', token: card.cardToken } });
    const first = await lookup();
    const { openService } = await call(API.serviceStart, ServiceStartResponseSchema, { lookupId: first.lookupId, deviceAt: NOW });
    expect(openService.startedAt).toBe(NOW - PRACTICE_SERVICE_AGO_MS);
    const second = await lookup();
    expect(second.openService).toEqual(openService);
    const base = { lookupId: second.lookupId, method: 'card', mode: 'normal', openServiceId: openService.id, serviceEndAt: NOW, deviceAt: NOW };
    expect(
      await refusal(call(API.payments, ReceiptSchema, { ...base, paymentId: crypto.randomUUID(), minutesByType: { social: 60 }, amountKrw: 1 })),
    ).toBe('2110');
    const receipt = await call(API.payments, ReceiptSchema, {
      ...base,
      paymentId: crypto.randomUUID(),
      minutesByType: { social: 60 },
      amountKrw: 17_270,
    });
    expect(receipt).toMatchObject({ amountKrw: 17_270, balanceKrw: 1_000_000 - 17_270 });
  });

  it('on a shared terminal, asks the worker’s 결제 ID before anything is paid, with the terminal’s own IDs', async () => {
    const shared = { ...SESSION, terminal: { ...SESSION.terminal, profile: 'shared' as const } };
    const { host, call } = practice(shared, [{ workerId: 'wrk-park', paymentId: '1002' }]);
    const card = cardOf(host, 'developmental-rehab');
    const voucher = await call(API.cardLookup, VoucherScreenSchema, {
      programId: 'developmental-rehab',
      card: { kind: 'nfc', token: card.cardToken },
    });
    expect(voucher.needsWorker).toBe(true);
    const pay = {
      paymentId: crypto.randomUUID(),
      lookupId: voucher.lookupId,
      method: 'card',
      mode: 'normal',
      openServiceId: null,
      serviceEndAt: NOW,
      minutesByType: {},
      amountKrw: 1_000,
      deviceAt: NOW,
    };
    expect(await refusal(call(API.payments, ReceiptSchema, pay))).toBe('0273');
    expect(await refusal(call(API.lookupWorker, LookupWorkerSchema, { lookupId: voucher.lookupId, workerPaymentId: '9999' }))).toBe('0273');
    expect(await call(API.lookupWorker, LookupWorkerSchema, { lookupId: voucher.lookupId, workerPaymentId: '1002' })).toMatchObject({
      workerId: 'wrk-park',
    });
    expect(isPracticeApprovalNumber((await call(API.payments, ReceiptSchema, pay)).approvalNumber)).toBe(true);
  });

  it('gives a snapshot of practice cards (hashed) and applies queued practice captures', async () => {
    const { host, call } = practice();
    const snapshot = await call(DEVICE_SNAPSHOT_PATH, DeviceSnapshotSchema);
    expect(snapshot.vouchers).toHaveLength(host.cards.length);
    expect(JSON.stringify(snapshot)).not.toContain(cardOf(host, 'developmental-rehab').cardToken);
    const card = cardOf(host, 'developmental-rehab');
    const capture = {
      kind: 'payment',
      workerId: 'wrk-kim',
      paymentId: crypto.randomUUID(),
      programId: 'developmental-rehab',
      card: { kind: 'nfc', token: card.cardToken },
      method: 'card',
      mode: 'offline',
      reason: 'dead-zone',
      serviceStartAt: NOW,
      serviceEndAt: NOW,
      minutesByType: {},
      amountKrw: 12_000,
      capturedAt: NOW,
    };
    const { results } = await call(SYNC_COMMANDS_PATH, SyncCommandsResponseSchema, { items: [capture], sentAt: NOW });
    expect(results[0]).toMatchObject({ commandId: capture.paymentId, status: 'approved', balanceKrw: 988_000 });
    expect(results[0]?.status === 'approved' && isPracticeApprovalNumber(results[0].approvalNumber)).toBe(true);
  });
});
