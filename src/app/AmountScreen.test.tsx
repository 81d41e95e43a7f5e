import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { makeApprovalNumber } from '../domain/approval';
import type { VoucherScreen } from '../domain/wire';
import { buttonNamed, clickButton, fakeApp, renderFlow, screenRoot, TEST_SESSION } from './fakeApp.testkit';

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

const root = screenRoot();

const button = (name: string) => buttonNamed(root, name)!;
const click = (name: string) => clickButton(root, name);
/** Lets fake-indexeddb (the in-flight record is written before each send) and the fetch settle until `done`. */
async function until(done: () => boolean, tries = 200) {
  for (let i = 0; i < tries; i++) {
    if (done()) return;
    await act(async () => new Promise((r) => setTimeout(r, 5)));
  }
  throw new Error('timed out');
}
const alertText = () => root.querySelector('[role="alert"]')?.textContent ?? '';

/** The amount screen of a voucher read online, through the real flow. */
async function mount(base?: Parameters<typeof renderFlow>[1]) {
  const flow = renderFlow(root, base);
  await flow.openEntry(
    {
      voucher,
      deadlineAt: Date.now() + 300_000,
      capture: { card: { kind: 'typed', number: '9410000000000006' }, offline: false, voucherId: null, openServiceSource: null },
    },
    { mode: 'normal', serviceEndAt: Date.now(), openService: null, openServiceSource: null },
  );
  return flow;
}

describe('AmountScreen', () => {
  it('has the terminal keypad with named keys and exactly one 확인', async () => {
    await mount();
    const names = [...root.querySelectorAll('button')].map((b) => b.getAttribute('aria-label') ?? b.textContent?.trim());
    for (const key of ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '지우기', '다음', '이전']) expect(names).toContain(key);
    expect(names.filter((n) => n === '확인')).toHaveLength(1);
    expect(root.textContent).toContain('결제 금액을 입력해 주세요.');
  });

  it('enables 확인 only for a valid amount and shows it formatted', async () => {
    await mount();
    expect(button('확인').disabled).toBe(true);
    await click('0');
    expect(button('확인').disabled).toBe(true);
    for (const k of ['1', '5', '0', '0', '0']) await click(k);
    expect(root.querySelector('[data-testid="amount"]')?.textContent).toBe('15,000원');
    expect(button('확인').disabled).toBe(false);
    await click('지우기');
    expect(root.querySelector('[data-testid="amount"]')?.textContent).toBe('1,500원');
  });

  it('shows the amount the recipient approved and refuses more than it on the spot (2147)', async () => {
    const flow = renderFlow(root);
    await flow.openEntry(
      { voucher, deadlineAt: Date.now() + 300_000, approvedCapKrw: 30_000 },
      { mode: 'normal', serviceEndAt: Date.now(), openService: null, openServiceSource: null },
    );
    expect(root.textContent).toContain('이용자 승인 금액 30,000원');
    for (const k of '35000') await click(k);
    expect(button('확인').disabled).toBe(true);
    expect(alertText()).toContain('2147');
    for (let i = 0; i < 4; i++) await click('지우기');
    for (const k of '0000') await click(k);
    expect(root.querySelector('[data-testid="amount"]')?.textContent).toBe('30,000원');
    expect(button('확인').disabled).toBe(false);
    expect(alertText()).toBe('');
  });

  it('keeps the balance of an online approval on the device’s snapshot voucher, for a later visit with no signal', async () => {
    const app = fakeApp({ session: TEST_SESSION });
    const snapshotAt = Date.now() - 60_000;
    await app.db.vouchers.put({
      voucherId: 'v-rehab',
      recipientId: 'rcp-06',
      recipientMasked: '김**',
      programId: 'developmental-rehab',
      serviceCode: '070101',
      voucherMonth: '2026-11',
      balanceKrw: 250_000,
      cardHashes: [],
      openService: null,
      balanceAt: snapshotAt,
      provisionalBalanceKrw: 250_000,
      pendingCount: 0,
    });
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_path: string, init: RequestInit) => {
        const body = JSON.parse(init.body as string) as { paymentId: string; amountKrw: number };
        const receipt = {
          paymentId: body.paymentId,
          approvalNumber: makeApprovalNumber('12345678901'),
          programId: 'developmental-rehab',
          institutionName: voucher.institutionName,
          recipientMasked: '김**',
          serviceCode: '070101',
          serviceDate: '2026-11-05',
          serviceStartAt: snapshotAt,
          serviceEndAt: snapshotAt,
          minutesByType: {},
          amountKrw: body.amountKrw,
          balanceKrw: 250_000 - body.amountKrw,
          cardRead: 'typed',
          recordedAt: snapshotAt + 30_000,
        };
        return new Response(JSON.stringify(receipt), { status: 200, headers: { 'content-type': 'application/json' } });
      }),
    );
    const flow = renderFlow(root, app);
    await flow.openEntry(
      {
        voucher,
        deadlineAt: Date.now() + 300_000,
        capture: { card: { kind: 'typed', number: '9410000000000006' }, offline: false, voucherId: 'v-rehab', openServiceSource: null },
      },
      { mode: 'normal', serviceEndAt: Date.now(), openService: null, openServiceSource: null },
    );
    for (const k of '15000') await click(k);
    await click('확인');
    await until(() => flow.app().flow.state.step === 'done');
    let row = await app.db.vouchers.get('v-rehab');
    for (let i = 0; i < 50 && row?.balanceKrw !== 235_000; i++) {
      await act(async () => new Promise((r) => setTimeout(r, 5)));
      row = await app.db.vouchers.get('v-rehab');
    }
    expect(row).toMatchObject({ balanceKrw: 235_000, provisionalBalanceKrw: 235_000, balanceAt: snapshotAt + 30_000 });
  });

  it('resends the identical request after a network failure and a new id after a refusal', async () => {
    const bodies: { paymentId: string; deviceAt: number; amountKrw: number }[] = [];
    const answers: (() => Promise<Response>)[] = [
      () => Promise.reject(new TypeError('Failed to fetch')),
      () => Promise.resolve(new Response(JSON.stringify({ code: '2101', message: '바우처 잔액이 부족합니다.' }), { status: 409 })),
      () => Promise.resolve(new Response(JSON.stringify({ code: '2101', message: '바우처 잔액이 부족합니다.' }), { status: 409 })),
    ];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_path: string, init: RequestInit) => {
        bodies.push(JSON.parse(init.body as string));
        return answers[bodies.length - 1]!();
      }),
    );
    await mount();
    for (const k of ['1', '5', '0', '0', '0']) await click(k);

    await click('확인');
    await until(() => alertText().includes('오류코드 0104'));
    expect(button('이전').disabled).toBe(true);
    // The keypad is frozen: the retry must be the same payment.
    await click('9');
    expect(root.querySelector('[data-testid="amount"]')?.textContent).toBe('15,000원');

    await click('확인');
    await until(() => alertText().includes('오류코드 2101'));
    expect(bodies[1]).toEqual(bodies[0]);

    // The host keeps one outcome per id: a definite refusal, even of the resend, frees the next
    // attempt to be a new payment.
    expect(button('이전').disabled).toBe(false);
    await click('확인');
    await until(() => bodies.length === 3);
    expect(bodies[2]?.paymentId).not.toBe(bodies[0]?.paymentId);
  });

  it('uses a new payment id after a definite refusal', async () => {
    const bodies: { paymentId: string }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_path: string, init: RequestInit) => {
        bodies.push(JSON.parse(init.body as string));
        return new Response(JSON.stringify({ code: '2101', message: '바우처 잔액이 부족합니다.' }), { status: 409 });
      }),
    );
    await mount();
    for (const k of ['9', '0', '0', '0', '0', '0']) await click(k);
    await click('확인');
    await until(() => root.textContent?.includes('결제되지 않았습니다.') ?? false);
    expect(button('이전').disabled).toBe(false);
    await click('지우기');
    await click('확인');
    await until(() => bodies.length === 2);
    expect(bodies[1]?.paymentId).not.toBe(bodies[0]?.paymentId);
  });

  it('does not send twice on a double tap', async () => {
    let release: (r: Response) => void = () => {};
    const fetchMock = vi.fn(() => new Promise<Response>((r) => (release = r)));
    vi.stubGlobal('fetch', fetchMock);
    await mount();
    for (const k of ['1', '0', '0', '0']) await click(k);
    await act(async () => {
      button('확인').click();
      button('확인').click();
    });
    await until(() => fetchMock.mock.calls.length > 0);
    expect(button('확인').disabled).toBe(true);
    expect(root.textContent).toContain('결제 중…');
    await act(async () => new Promise((r) => setTimeout(r, 50)));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    release(new Response(JSON.stringify({ code: '2106', message: 'x' }), { status: 410 }));
    await until(() => alertText().includes('오류코드 2106'));
  });

  it('sends nothing when the device cannot remember the request first, and unlocks under the same id', async () => {
    const fetchMock = vi.fn(async () => new Response('{}', { status: 500 }));
    vi.stubGlobal('fetch', fetchMock);
    const app = fakeApp({ session: TEST_SESSION });
    let failWrites = true;
    const device = {
      ...app.device,
      rememberInflight: async (payment: Parameters<typeof app.device.rememberInflight>[0]) => {
        if (failWrites) throw new DOMException('quota', 'QuotaExceededError');
        return app.device.rememberInflight(payment);
      },
    };
    await mount({ ...app, device });
    for (const k of ['1', '0', '0', '0']) await click(k);
    await click('확인');
    await until(() => alertText().includes('오류코드 9999'));
    expect(root.textContent).toContain('결제가 저장되지 않았습니다.');
    expect(fetchMock).not.toHaveBeenCalled();
    expect(button('이전').disabled).toBe(false);

    failWrites = false;
    await click('확인');
    await until(() => fetchMock.mock.calls.length === 1);
    expect(await app.device.listInflight(null)).toHaveLength(1);
  });
});
