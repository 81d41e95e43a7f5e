import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTypedCardReader } from '../device/card-reader';
import type { VoucherScreen } from '../domain/wire';
import { fakeDevice } from './fakeApp.testkit';
import { AppContext, type AppState } from './app-context';
import { AmountScreen } from './AmountScreen';
import { ApiError } from '../api/client';

const voucher: VoucherScreen = {
  lookupId: 'lk-1',
  programId: 'developmental-rehab',
  institutionName: '성남주간보호센터-발달',
  recipientMasked: '김**',
  serviceCode: '070101',
  balanceKrw: 250_000,
  voucherMonth: '2026-11',
  expiresAt: 1_000_300_000,
  hostNow: 1_000_000_000,
  openService: null,
};

function fakeApp(overrides: Partial<AppState> = {}): AppState {
  return {
    nav: { push: vi.fn(), back: vi.fn(), home: vi.fn(), reset: vi.fn(), toLogin: vi.fn() },
    session: null,
    terminal: null,
    deviceId: null,
    reader: createTypedCardReader(),
    notice: null,
    setSession: vi.fn(),
    setTerminal: vi.fn(),
    noteHostNow: vi.fn(),
    hostNow: () => Date.now(),
    ...fakeDevice(),
    showError: (e: unknown) => (e instanceof ApiError ? { code: e.code, message: e.message } : { code: '9999', message: 'x' }),
    ...overrides,
  };
}

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.unstubAllGlobals();
});

const button = (name: string) =>
  [...root.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name)!;
const click = async (name: string) => {
  await act(async () => {
    button(name).click();
  });
};
const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)));

function mount(app: AppState) {
  act(() => {
    render(
      <AppContext.Provider value={app}>
        <AmountScreen route={{ name: 'amount', voucher, deadlineAt: Date.now() + 300_000, serviceEndAt: Date.now() }} />
      </AppContext.Provider>,
      root,
    );
  });
}

describe('AmountScreen', () => {
  it('has the terminal keypad with named keys and exactly one 확인', () => {
    mount(fakeApp());
    const names = [...root.querySelectorAll('button')].map((b) => b.getAttribute('aria-label') ?? b.textContent?.trim());
    for (const key of ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '지우기', '다음', '이전']) expect(names).toContain(key);
    expect(names.filter((n) => n === '확인')).toHaveLength(1);
    expect(root.textContent).toContain('결제 금액을 입력해 주세요.');
  });

  it('enables 확인 only for a valid amount and shows it formatted', async () => {
    mount(fakeApp());
    expect(button('확인').disabled).toBe(true);
    await click('0');
    expect(button('확인').disabled).toBe(true);
    for (const k of ['1', '5', '0', '0', '0']) await click(k);
    expect(root.querySelector('[data-testid="amount"]')?.textContent).toBe('15,000원');
    expect(button('확인').disabled).toBe(false);
    await click('지우기');
    expect(root.querySelector('[data-testid="amount"]')?.textContent).toBe('1,500원');
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
    mount(fakeApp());
    for (const k of ['1', '5', '0', '0', '0']) await click(k);

    await click('확인');
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('오류코드 0104');
    expect(button('이전').disabled).toBe(true);
    // The keypad is frozen: the retry must be the same payment.
    await click('9');
    expect(root.querySelector('[data-testid="amount"]')?.textContent).toBe('15,000원');

    await new Promise((r) => setTimeout(r, 5));
    await click('확인');
    await settle();
    expect(bodies[1]).toEqual(bodies[0]);
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('오류코드 2101');

    // Once the outcome was unknown, even a refusal keeps the id (a resubmission is answered, never re-paid).
    await click('확인');
    await settle();
    expect(bodies[2]?.paymentId).toBe(bodies[0]?.paymentId);
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
    mount(fakeApp());
    for (const k of ['9', '0', '0', '0', '0', '0']) await click(k);
    await click('확인');
    await settle();
    expect(root.textContent).toContain('결제되지 않았습니다.');
    expect(button('이전').disabled).toBe(false);
    await click('지우기');
    await click('확인');
    await settle();
    expect(bodies).toHaveLength(2);
    expect(bodies[1]?.paymentId).not.toBe(bodies[0]?.paymentId);
  });

  it('does not send twice on a double tap', async () => {
    let release: (r: Response) => void = () => {};
    const fetchMock = vi.fn(() => new Promise<Response>((r) => (release = r)));
    vi.stubGlobal('fetch', fetchMock);
    mount(fakeApp());
    for (const k of ['1', '0', '0', '0']) await click(k);
    await act(async () => {
      button('확인').click();
      button('확인').click();
    });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(button('확인').disabled).toBe(true);
    expect(root.textContent).toContain('결제 중…');
    release(new Response(JSON.stringify({ code: '2106', message: 'x' }), { status: 410 }));
    await settle();
  });
});
