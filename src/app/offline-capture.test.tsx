import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import * as v from 'valibot';
import { ApiError, networkError } from '../api/client';
import type { VoucherRow } from '../db/db';
import { DEFAULT_OFFLINE_LIMITS, OfflinePaymentSchema } from '../domain/offline';
import type { VoucherScreen } from '../domain/wire';
import { cardHash } from '../sync/findVoucherByCard';
import { AmountScreen } from './AmountScreen';
import type { AppState } from './app-context';
import { CardTagScreen } from './CardTagScreen';
import { buttonNamed, clickButton, fakeApp, renderWithApp, screenRoot } from './fakeApp.testkit';
import { buildOfflinePayment, paysThroughOutbox, usesDeviceSnapshot, type CaptureContext } from './offline-capture';
import { pickOpenService } from './open-services';

const CARD_NUMBER = '9410000000000006';

function voucherRow(overrides: Partial<VoucherRow> = {}): VoucherRow {
  return {
    voucherId: 'v-rehab', recipientId: 'rcp-06', recipientMasked: '김**', programId: 'developmental-rehab', serviceCode: '070101',
    voucherMonth: '2026-11', balanceKrw: 250_000, cardHashes: [], openService: null, balanceAt: 1, provisionalBalanceKrw: 250_000,
    pendingCount: 0, ...overrides,
  };
}

const voucher: VoucherScreen = {
  lookupId: 'device-1', programId: 'developmental-rehab', institutionName: '성남주간보호센터-발달', recipientMasked: '김**',
  serviceCode: '070101', balanceKrw: 250_000, voucherMonth: '2026-11', expiresAt: Date.now() + 300_000, hostNow: Date.now(), openService: null,
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

function mountAmount(app: AppState, capture: CaptureContext) {
  renderWithApp(root, app, <AmountScreen route={{ name: 'amount', voucher, deadlineAt: Date.now() + 300_000, serviceEndAt: Date.now(), capture }} />);
}

const offlineCapture: CaptureContext = {
  card: { kind: 'typed', number: CARD_NUMBER }, offline: true, voucherId: 'v-rehab', openServiceSource: null,
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
      paymentId: crypto.randomUUID(), programId: 'developmental-rehab', card: { kind: 'nfc', token: 'EVC-d1e2f356-dev' },
      serviceStartAt: 1_790_000_000_000, serviceEndAt: 1_790_000_000_000, minutesByType: {}, amountKrw: 15_000, capturedAt: 1_790_000_001_000,
    });
    expect(v.safeParse(OfflinePaymentSchema, payment).success).toBe(true);
    expect(payment).toMatchObject({ mode: 'offline', reason: 'dead-zone', method: 'card' });
  });

  it('prefers an unpaid device-started service and never offers one already paid through the outbox', () => {
    const host = { id: 'os-host', startedAt: 1_000 };
    expect(pickOpenService([], host)).toEqual({ openService: host, source: 'host' });
    const device = { id: 'os-dev', voucherId: 'v', programId: 'home-care', startedAt: 2_000, source: 'device' as const };
    expect(pickOpenService([device], host)).toEqual({ openService: { id: 'os-dev', startedAt: 2_000 }, source: 'device' });
    expect(pickOpenService([{ ...device, closedByPaymentId: 'p' }], host)).toEqual({ openService: host, source: 'host' });
    expect(pickOpenService([{ ...device, id: 'os-host', startedAt: 1_000, source: 'host', closedByPaymentId: 'p' }], host)).toBeNull();
  });
});

describe('card lookup without a network', () => {
  function mountTag(app: AppState) {
    renderWithApp(root, app, <CardTagScreen route={{ name: 'tag', programId: 'developmental-rehab' }} />);
  }
  async function typeCard(number: string) {
    for (const d of number) await click(d);
    await click('확인');
  }

  it('opens the voucher from the device snapshot in offline mode', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    const app = fakeApp({ online: false });
    await app.db.vouchers.put(voucherRow({ cardHashes: [await cardHash({ kind: 'typed', number: CARD_NUMBER })], provisionalBalanceKrw: 238_000 }));
    mountTag(app);
    await typeCard(CARD_NUMBER);
    await until(() => vi.mocked(app.nav.push).mock.calls.length > 0);
    const route = vi.mocked(app.nav.push).mock.calls[0]![0];
    expect(route).toMatchObject({ name: 'voucher', capture: { offline: true, voucherId: 'v-rehab' }, voucher: { balanceKrw: 238_000, recipientMasked: '김**' } });
  });

  it('says 2001 for a card the snapshot does not know', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    const app = fakeApp({ online: false });
    mountTag(app);
    await typeCard('9410000000000099');
    await until(() => root.querySelector('[role="alert"]')?.textContent?.includes('오류코드 2001') ?? false);
    expect(app.nav.push).not.toHaveBeenCalled();
  });
});

describe('offline capture on 확인', () => {
  it('shows 전송 대기 only after the payment is committed to the outbox, and sends nothing online', async () => {
    const fetchMock = vi.fn(() => Promise.reject(new Error('must not fetch')));
    vi.stubGlobal('fetch', fetchMock);
    const app = fakeApp({ online: false });
    await app.db.vouchers.put(voucherRow());
    mountAmount(app, offlineCapture);
    for (const k of '15000') await click(k);
    await click('확인');
    await until(() => vi.mocked(app.nav.reset).mock.calls.length > 0);

    const [, completion] = vi.mocked(app.nav.reset).mock.calls[0]![0];
    expect(completion).toMatchObject({ name: 'queued', queued: { amountKrw: 15_000, provisionalBalanceKrw: 235_000 } });
    const items = await app.db.outbox.toArray();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ syncState: 'queued', voucherId: 'v-rehab', payment: { amountKrw: 15_000, mode: 'offline', card: offlineCapture.card } });
    expect(items[0]!.paymentId).toBe(completion && 'queued' in completion ? completion.queued.paymentId : '');
    expect(app.device.afterCapture).toHaveBeenCalledTimes(1);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('never says saved when the device database fails', async () => {
    const app = fakeApp({ online: false });
    await app.db.vouchers.put(voucherRow());
    mountAmount(app, offlineCapture);
    for (const k of '15000') await click(k);
    app.db.close();
    await click('확인');
    await until(() => root.querySelector('[role="alert"]') !== null);
    expect(root.textContent).toContain('결제가 저장되지 않았습니다.');
    expect(app.nav.reset).not.toHaveBeenCalled();
  });

  it('refuses past an offline cap with its Korean message and code, saving nothing', async () => {
    const app = fakeApp({ online: false });
    await app.db.vouchers.put(voucherRow());
    await app.db.meta.put({ key: 'limits', value: { ...DEFAULT_OFFLINE_LIMITS, maxCount: 0 } });
    mountAmount(app, offlineCapture);
    for (const k of '15000') await click(k);
    await click('확인');
    await until(() => root.querySelector('[role="alert"]') !== null);
    const alert = root.querySelector('[role="alert"]')!.textContent!;
    expect(alert).toContain('오프라인 결제 대기 건수가 한도에 도달했습니다.');
    expect(alert).toContain('오류코드 2120');
    expect(alert).toContain('결제가 저장되지 않았습니다.');
    expect(await app.db.outbox.count()).toBe(0);
    expect(app.nav.reset).not.toHaveBeenCalled();
  });

  it('refuses an amount over the provisional balance the device knows', async () => {
    const app = fakeApp({ online: false });
    await app.db.vouchers.put(voucherRow({ provisionalBalanceKrw: 10_000 }));
    mountAmount(app, offlineCapture);
    for (const k of '15000') await click(k);
    await click('확인');
    await until(() => root.querySelector('[role="alert"]') !== null);
    expect(root.querySelector('[role="alert"]')!.textContent).toContain('오류코드 2101');
    expect(await app.db.outbox.count()).toBe(0);
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
    const app = fakeApp();
    await app.db.vouchers.put(voucherRow());
    mountAmount(app, { ...offlineCapture, offline: false });
    for (const k of '15000') await click(k);
    await click('확인');
    await until(() => button('전송 대기로 저장') !== undefined);
    expect(root.querySelector('[role="alert"]')!.textContent).toContain('오류코드 0104');
    await click('전송 대기로 저장');
    await until(() => vi.mocked(app.nav.reset).mock.calls.length > 0);
    const items = await app.db.outbox.toArray();
    expect(items.map((item) => item.paymentId)).toEqual([bodies[0]!.paymentId]);
    expect(bodies).toHaveLength(1);
  });
});
