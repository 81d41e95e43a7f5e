import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { VoucherRow } from '../db/db';
import type { LookupWorker, VoucherScreen } from '../domain/wire';
import { cardHash } from '../sync/findVoucherByCard';
import { buttonNamed, clickButton, fakeApp, renderFlow, screenRoot, TEST_SESSION, type TestApp } from './fakeApp.testkit';

const CARD_NUMBER = '9410000000000006';
const root = screenRoot();
const click = (name: string) => clickButton(root, name);
const alertText = () => root.querySelector('[role="alert"]')?.textContent ?? '';

async function until(done: () => boolean | Promise<boolean>, tries = 200) {
  for (let i = 0; i < tries; i++) {
    if (await done()) return;
    await act(async () => new Promise((r) => setTimeout(r, 5)));
  }
  throw new Error(`timed out; alert: ${alertText()}`);
}

async function typeDigits(digits: string) {
  for (const d of digits) await click(d);
}

const rehabRow = async (): Promise<VoucherRow> => ({
  voucherId: 'v-rehab',
  recipientId: 'rcp-06',
  recipientMasked: '김**',
  programId: 'developmental-rehab',
  serviceCode: '070101',
  voucherMonth: '2026-11',
  balanceKrw: 250_000,
  cardHashes: [await cardHash({ kind: 'typed', number: CARD_NUMBER })],
  openService: null,
  balanceAt: 1_790_000_000_000,
  provisionalBalanceKrw: 250_000,
  pendingCount: 0,
});

const sharedApp = (online: boolean): TestApp =>
  fakeApp({ online, session: { ...TEST_SESSION, terminal: { ...TEST_SESSION.terminal, profile: 'shared' } }, terminalProfile: 'shared' });

describe('제공인력 결제 ID on a shared terminal', () => {
  it('with no signal, checks the ID against the snapshot (0273 for anyone else) and queues the payment under that worker', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const app = sharedApp(false);
    await app.db.vouchers.put(await rehabRow());
    await app.db.meta.put({ key: 'terminalWorkers', value: [{ workerId: 'wrk-park', paymentId: '1002' }] });
    const flow = renderFlow(root, app);
    await flow.openCard('developmental-rehab');
    await typeDigits(CARD_NUMBER);
    await click('확인');
    await until(() => flow.app().flow.state.step === 'worker');
    expect(root.textContent).toContain('제공인력 결제 ID 입력');
    expect(buttonNamed(root, '직전ID선택')?.disabled).toBe(true);

    await typeDigits('9999');
    await click('확인');
    await until(() => alertText().includes('오류코드 0273'));
    expect(flow.app().flow.state.step).toBe('worker');

    await typeDigits('1002');
    await click('확인');
    await until(() => flow.app().flow.state.step === 'voucher');
    expect(root.querySelector('[data-testid="voucher-worker"]')?.textContent).toBe('결제 ID 1002');
    await click('서비스 결제');
    await click('정상결제');
    await typeDigits('15000');
    await click('확인');
    await until(() => flow.app().flow.state.step === 'done');
    const [item] = await app.db.commands.toArray();
    expect(item).toMatchObject({ workerId: 'wrk-park', command: { kind: 'payment', workerId: 'wrk-park', amountKrw: 15_000 } });
    expect(await app.db.meta.get('lastWorkerPaymentId')).toEqual({ key: 'lastWorkerPaymentId', value: '1002' });
  });

  it('online, has the host bind the voucher screen to the worker; 직전ID선택 fills in the last ID', async () => {
    const voucher: VoucherScreen = {
      lookupId: 'lk-shared',
      needsWorker: true,
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
    const bound: LookupWorker = { workerId: 'wrk-kim', paymentId: '1001', name: '김하늘', openService: null };
    const bodies: Record<string, unknown>[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        bodies.push({ url, ...(init.body ? JSON.parse(init.body as string) : {}) });
        const body = url.endsWith('/api/cards/lookup') ? voucher : url.endsWith('/api/cards/lookup/worker') ? bound : {};
        return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      }),
    );
    const app = sharedApp(true);
    await app.db.meta.put({ key: 'lastWorkerPaymentId', value: '1001' });
    const flow = renderFlow(root, app);
    await flow.openCard('developmental-rehab');
    await typeDigits(CARD_NUMBER);
    await click('확인');
    await until(() => flow.app().flow.state.step === 'worker' && buttonNamed(root, '직전ID선택 (1001)') !== undefined);
    await click('직전ID선택 (1001)');
    await click('확인');
    await until(() => flow.app().flow.state.step === 'voucher');
    expect(bodies.find((b) => String(b.url).endsWith('/api/cards/lookup/worker'))).toMatchObject({ lookupId: 'lk-shared', workerPaymentId: '1001' });
    expect(flow.app().flow.state).toMatchObject({ identified: { worker: { workerId: 'wrk-kim', name: '김하늘' } } });
    expect(root.querySelector('[data-testid="voucher-worker"]')?.textContent).toBe('김하늘 (1001)');
  });
});
