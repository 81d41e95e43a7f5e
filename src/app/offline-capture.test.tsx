import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import * as v from 'valibot';
import { ApiError, networkError } from '../api/client';
import type { VoucherRow } from '../db/db';
import { DEFAULT_OFFLINE_LIMITS, OfflinePaymentSchema } from '../domain/offline';
import type { VoucherScreen } from '../domain/wire';
import { cardHash } from '../sync/findVoucherByCard';
import { pickOpenService } from '../db/openServices';
import { buttonNamed, clickButton, fakeApp, renderFlow, screenRoot, TEST_SESSION, type TestApp } from './fakeApp.testkit';
import { buildOfflinePayment, paysThroughOutbox, usesDeviceSnapshot, type CaptureContext } from './offline-capture';

const CARD_NUMBER = '9410000000000006';

function voucherRow(overrides: Partial<VoucherRow> = {}): VoucherRow {
  return {
    voucherId: 'v-rehab',
    recipientId: 'rcp-06',
    recipientMasked: '김**',
    programId: 'developmental-rehab',
    serviceCode: '070101',
    voucherMonth: '2026-11',
    balanceKrw: 250_000,
    cardHashes: [],
    openService: null,
    balanceAt: 1_790_000_000_000,
    provisionalBalanceKrw: 250_000,
    pendingCount: 0,
    ...overrides,
  };
}

const voucher: VoucherScreen = {
  lookupId: 'device-1',
  programId: 'developmental-rehab',
  institutionName: '성남주간보호센터-발달',
  recipientMasked: '김**',
  serviceCode: '070101',
  balanceKrw: 250_000,
  voucherMonth: '2026-11',
  expiresAt: Date.now() + 300_000,
  hostNow: Date.now(),
  openService: null,
};

const root = screenRoot();

const button = (name: string) => buttonNamed(root, name);
const click = (name: string) => clickButton(root, name);
/** Lets fake-indexeddb and Dexie finish (they run on macrotasks) until `done` holds. */
async function until(done: () => boolean | Promise<boolean>, tries = 200) {
  for (let i = 0; i < tries; i++) {
    if (await done()) return;
    await act(async () => new Promise((r) => setTimeout(r, 5)));
  }
  throw new Error('timed out');
}

/** The amount screen through the real flow; `flow.app().flow.state` tells where the flow went. */
async function mountAmount(app: TestApp, capture: CaptureContext) {
  const flow = renderFlow(root, app);
  await flow.openEntry(
    { voucher, deadlineAt: Date.now() + 300_000, capture },
    { mode: 'normal', serviceEndAt: Date.now(), openService: null, openServiceSource: null },
  );
  return flow;
}

const offlineApp = (online = false) => fakeApp({ online, session: TEST_SESSION });

const offlineCapture: CaptureContext = {
  card: { kind: 'typed', number: CARD_NUMBER },
  offline: true,
  voucherId: 'v-rehab',
  openServiceSource: null,
};

describe('offline fallback decision', () => {
  it('falls back to the device snapshot only when the host cannot be reached', () => {
    expect(usesDeviceSnapshot(networkError())).toBe(true);
    expect(usesDeviceSnapshot(new ApiError('0104', 'gateway', 503))).toBe(true);
    expect(usesDeviceSnapshot(new ApiError('2001', '등록되지 않은 카드', 404))).toBe(false);
    expect(usesDeviceSnapshot(new ApiError('1006', '업데이트', 426))).toBe(false);
    expect(usesDeviceSnapshot(new TypeError('x'))).toBe(false);
  });

  it('pays through the outbox when offline, from the snapshot, or for a service started offline', () => {
    const online: CaptureContext = { ...offlineCapture, offline: false, openServiceSource: 'host' };
    expect(paysThroughOutbox(online, true)).toBe(false);
    expect(paysThroughOutbox(online, false)).toBe(true);
    expect(paysThroughOutbox(offlineCapture, true)).toBe(true);
    expect(paysThroughOutbox({ ...online, openServiceSource: 'device' }, true)).toBe(true);
    expect(paysThroughOutbox(undefined, false)).toBe(false);
  });

  it('builds a capture the batch endpoint accepts', () => {
    const payment = buildOfflinePayment({
      paymentId: crypto.randomUUID(),
      programId: 'developmental-rehab',
      card: { kind: 'nfc', token: 'EVC-d1e2f356-dev' },
      serviceStartAt: 1_790_000_000_000,
      serviceEndAt: 1_790_000_000_000,
      minutesByType: {},
      amountKrw: 15_000,
      capturedAt: 1_790_000_001_000,
    });
    expect(v.safeParse(OfflinePaymentSchema, payment).success).toBe(true);
    expect(payment).toMatchObject({ mode: 'offline', reason: 'dead-zone', method: 'card' });
  });

  it('prefers an unpaid device-started service and never offers one already paid through the outbox', () => {
    const host = { id: 'os-host', startedAt: 1_000 };
    expect(pickOpenService([], host)).toEqual({ openService: host, source: 'host' });
    const device = { id: 'os-dev', voucherId: 'v', workerId: 'wrk-kim', programId: 'home-care', startedAt: 2_000, source: 'device' as const };
    expect(pickOpenService([device], host)).toEqual({ openService: { id: 'os-dev', startedAt: 2_000 }, source: 'device' });
    expect(pickOpenService([{ ...device, closedByPaymentId: 'p' }], host)).toEqual({ openService: host, source: 'host' });
    expect(pickOpenService([{ ...device, id: 'os-host', startedAt: 1_000, source: 'host', closedByPaymentId: 'p' }], host)).toBeNull();
  });
});

describe('card lookup without a network', () => {
  async function mountTag(app: TestApp) {
    const flow = renderFlow(root, app);
    await flow.openCard('developmental-rehab');
    return flow;
  }
  async function typeCard(number: string) {
    for (const d of number) await click(d);
    await click('확인');
  }

  it('opens the voucher from the device snapshot in offline mode', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const app = offlineApp();
    await app.db.vouchers.put(voucherRow({ cardHashes: [await cardHash({ kind: 'typed', number: CARD_NUMBER })], provisionalBalanceKrw: 238_000 }));
    const flow = await mountTag(app);
    await typeCard(CARD_NUMBER);
    await until(() => flow.app().flow.state.step === 'voucher');
    expect(flow.app().flow.state).toMatchObject({
      step: 'voucher',
      identified: { capture: { offline: true, voucherId: 'v-rehab' }, voucher: { balanceKrw: 238_000, recipientMasked: '김**' } },
    });
    expect(root.querySelector('[data-testid="balance"]')?.textContent).toBe('238,000원');
  });

  it('says 2001 for a card the snapshot does not know', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const flow = await mountTag(offlineApp());
    await typeCard('9410000000000099');
    await until(() => root.querySelector('[role="alert"]')?.textContent?.includes('오류코드 2001') ?? false);
    expect(flow.app().flow.state.step).toBe('identify');
  });
});

describe('offline capture on 확인', () => {
  it('shows 전송 대기 only after the payment is committed to the outbox, and sends nothing online', async () => {
    const fetchMock = vi.fn(() => Promise.reject(new Error('must not fetch')));
    vi.stubGlobal('fetch', fetchMock);
    const app = offlineApp();
    await app.db.vouchers.put(voucherRow());
    const flow = await mountAmount(app, offlineCapture);
    for (const k of '15000') await click(k);
    await click('확인');
    await until(() => flow.app().flow.state.step === 'done');

    const state = flow.app().flow.state;
    expect(state).toMatchObject({ step: 'done', outcome: { kind: 'queued', queued: { amountKrw: 15_000, provisionalBalanceKrw: 235_000 } } });
    const items = await app.db.commands.toArray();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      syncState: 'queued',
      voucherId: 'v-rehab',
      workerId: TEST_SESSION.worker.id,
      command: { kind: 'payment', workerId: TEST_SESSION.worker.id, amountKrw: 15_000, mode: 'offline', card: offlineCapture.card },
    });
    expect(state.step === 'done' && state.outcome.kind === 'queued' ? state.outcome.queued.paymentId : '').toBe(items[0]!.id);
    expect(root.textContent).toContain('결제가 기기에 저장되었습니다.');
    expect(app.device.afterCapture).toHaveBeenCalledTimes(1);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('never says saved when the device database fails', async () => {
    const app = offlineApp();
    await app.db.vouchers.put(voucherRow());
    const flow = await mountAmount(app, offlineCapture);
    for (const k of '15000') await click(k);
    app.db.close();
    await click('확인');
    await until(() => root.querySelector('[role="alert"]') !== null);
    expect(root.textContent).toContain('결제가 저장되지 않았습니다.');
    expect(flow.app().flow.state).toMatchObject({ step: 'entry', progress: { status: 'editing' } });
  });

  it('refuses past an offline cap with its Korean message and code, saving nothing', async () => {
    const app = offlineApp();
    await app.db.vouchers.put(voucherRow());
    await app.db.meta.put({ key: 'limits', value: { ...DEFAULT_OFFLINE_LIMITS, maxCount: 0 } });
    const flow = await mountAmount(app, offlineCapture);
    for (const k of '15000') await click(k);
    await click('확인');
    await until(() => root.querySelector('[role="alert"]') !== null);
    const alert = root.querySelector('[role="alert"]')!.textContent!;
    expect(alert).toContain('오프라인 결제 대기 건수가 한도에 도달했습니다.');
    expect(alert).toContain('오류코드 2120');
    expect(alert).toContain('결제가 저장되지 않았습니다.');
    expect(await app.db.commands.count()).toBe(0);
    expect(flow.app().flow.state.step).toBe('entry');
  });

  it('refuses an amount over the provisional balance the device knows', async () => {
    const app = offlineApp();
    await app.db.vouchers.put(voucherRow({ provisionalBalanceKrw: 10_000 }));
    await mountAmount(app, offlineCapture);
    for (const k of '15000') await click(k);
    await click('확인');
    await until(() => root.querySelector('[role="alert"]') !== null);
    expect(root.querySelector('[role="alert"]')!.textContent).toContain('오류코드 2101');
    expect(await app.db.commands.count()).toBe(0);
  });

  it('keeps an online payment lost mid-request as 전송 대기 under the same payment id', async () => {
    const bodies: { paymentId: string }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_path: string, init: RequestInit) => {
        bodies.push(JSON.parse(init.body as string));
        throw new TypeError('network changed');
      }),
    );
    const app = offlineApp(true);
    await app.db.vouchers.put(voucherRow());
    const flow = await mountAmount(app, { ...offlineCapture, offline: false });
    for (const k of '15000') await click(k);
    await click('확인');
    await until(() => button('전송 대기로 저장') !== undefined);
    expect(root.querySelector('[role="alert"]')!.textContent).toContain('오류코드 0104');
    // Sent and unanswered: the device remembers the request until its answer or its capture.
    expect((await app.db.inflight.toArray()).map((row) => row.id)).toEqual([bodies[0]!.paymentId]);
    await click('전송 대기로 저장');
    await until(() => flow.app().flow.state.step === 'done');
    const items = await app.db.commands.toArray();
    expect(items.map((item) => item.id)).toEqual([bodies[0]!.paymentId]);
    expect(bodies).toHaveLength(1);
    // In exactly one place: the outbox took it over from the in-flight table in one transaction.
    expect(await app.db.inflight.count()).toBe(0);
  });
});
