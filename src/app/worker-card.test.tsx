import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { VoucherRow } from '../db/db';
import type { LookupWorker, VoucherScreen } from '../domain/wire';
import { cardHash, workerCardHash } from '../sync/findVoucherByCard';
import { clickButton, fakeApp, renderFlow, screenRoot, TEST_SESSION, type TestApp } from './fakeApp.testkit';

const CARD_NUMBER = '9410000000000005';
const PARK_CARD = '9420000000000002';
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

const homeCareRow = async (): Promise<VoucherRow> => ({
  voucherId: 'v-home',
  recipientId: 'rcp-05',
  recipientMasked: '오**',
  programId: 'home-care',
  serviceCode: '020101',
  voucherMonth: '2026-11',
  balanceKrw: 480_000,
  cardHashes: [await cardHash({ kind: 'typed', number: CARD_NUMBER })],
  openService: null,
  balanceAt: 1_790_000_000_000,
  provisionalBalanceKrw: 480_000,
  pendingCount: 0,
});

const sharedApp = (online: boolean): TestApp =>
  fakeApp({
    online,
    session: { ...TEST_SESSION, programIds: ['home-care'], terminal: { ...TEST_SESSION.terminal, profile: 'shared' } },
    terminalProfile: 'shared',
  });

describe('제공인력카드 on a shared terminal (가사간병방문지원)', () => {
  it('asks for the worker card instead of the 결제 ID and, with no signal, checks it against the snapshot’s card hashes', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const app = sharedApp(false);
    await app.db.vouchers.put(await homeCareRow());
    const parkHashes = [
      await workerCardHash({ kind: 'typed', number: PARK_CARD }),
      await workerCardHash({ kind: 'nfc', token: 'EVW-8f2a6b94-park' }),
    ];
    await app.db.meta.put({ key: 'terminalWorkers', value: [{ workerId: 'wrk-park', paymentId: '1002', cardHashes: parkHashes }] });
    const flow = renderFlow(root, app);
    await flow.openCard('home-care');
    await typeDigits(CARD_NUMBER);
    await click('확인');
    await until(() => flow.app().flow.state.step === 'worker');
    expect(root.textContent).toContain('제공인력카드 태깅');
    expect(root.textContent).not.toContain('직전ID선택');
    expect(root.querySelector('label')?.textContent).toContain('제공인력카드 번호 16자리');

    // The recipient's own card is no worker card; neither is a card the snapshot does not know.
    for (const refused of [CARD_NUMBER, '9420000000009999']) {
      await typeDigits(refused);
      await click('확인');
      await until(() => alertText().includes('오류코드 0273'));
      expect(flow.app().flow.state.step).toBe('worker');
    }

    await typeDigits(PARK_CARD);
    await click('확인');
    await until(() => flow.app().flow.state.step === 'voucher');
    expect(root.querySelector('[data-testid="voucher-worker"]')?.textContent).toBe('결제 ID 1002');
    expect(flow.app().flow.state).toMatchObject({ identified: { worker: { workerId: 'wrk-park' } } });
  });

  it('online, has the host bind the voucher screen by the card read', async () => {
    const voucher: VoucherScreen = {
      lookupId: 'lk-home',
      needsWorker: true,
      programId: 'home-care',
      institutionName: '성남주간보호센터-발달',
      recipientMasked: '오**',
      serviceCode: '020101',
      balanceKrw: 480_000,
      voucherMonth: '2026-11',
      expiresAt: Date.now() + 300_000,
      hostNow: Date.now(),
      openService: null,
    };
    const bound: LookupWorker = { workerId: 'wrk-park', paymentId: '1002', name: '박서준', openService: null };
    const bodies: Record<string, unknown>[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        bodies.push({ url, ...(init.body ? JSON.parse(init.body as string) : {}) });
        const body = url.endsWith('/api/cards/lookup') ? voucher : url.endsWith('/api/cards/lookup/worker') ? bound : {};
        return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      }),
    );
    const flow = renderFlow(root, sharedApp(true));
    await flow.openCard('home-care');
    await typeDigits(CARD_NUMBER);
    await click('확인');
    await until(() => flow.app().flow.state.step === 'worker');
    await typeDigits(PARK_CARD);
    await click('확인');
    await until(() => flow.app().flow.state.step === 'voucher');
    expect(bodies.find((b) => String(b.url).endsWith('/api/cards/lookup/worker'))).toEqual({
      url: expect.stringContaining('/api/cards/lookup/worker'),
      lookupId: 'lk-home',
      workerCard: { kind: 'typed', number: PARK_CARD },
    });
    expect(root.querySelector('[data-testid="voucher-worker"]')?.textContent).toBe('박서준 (1002)');
  });
});
