import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { VoucherScreen } from '../domain/wire';
import { buttonNamed, clickButton, fakeApp, renderWithApp, screenRoot } from './fakeApp.testkit';
import type { AppState } from './app-context';
import { AmountScreen } from './AmountScreen';

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

const root = screenRoot();

const button = (name: string) => buttonNamed(root, name)!;
const click = (name: string) => clickButton(root, name);
const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)));

function mount(app: AppState) {
  renderWithApp(root, app, <AmountScreen route={{ name: 'amount', voucher, deadlineAt: Date.now() + 300_000, serviceEndAt: Date.now() }} />);
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
