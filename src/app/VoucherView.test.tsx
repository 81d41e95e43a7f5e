import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProgramId } from '../domain/catalog';
import type { OpenService, VoucherScreen } from '../domain/wire';
import { fakeApp, renderWithApp, screenRoot } from './fakeApp.testkit';
import type { AppState } from './app-context';
import { VoucherView } from './VoucherView';

function voucher(programId: ProgramId, openService: OpenService | null): VoucherScreen {
  return {
    lookupId: 'lk-1',
    programId,
    institutionName: '성남주간보호센터-발달',
    recipientMasked: '이**',
    serviceCode: '010101',
    balanceKrw: 1_932_800,
    voucherMonth: '2026-11',
    expiresAt: 1_790_000_300_000,
    hostNow: 1_790_000_000_000,
    openService,
  };
}

const voucherApp = () => fakeApp({ hostNow: () => 1_790_000_100_000, showError: () => null });

// Registered before the container's hooks, so the screen unmounts while the timers are still fake.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});
const root = screenRoot();

function mount(app: AppState, v: VoucherScreen, deadlineAt: number) {
  renderWithApp(root, app, <VoucherView identified={{ voucher: v, deadlineAt }} />);
}
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);

describe('VoucherView', () => {
  it('counts down the 5 minutes and ends the flow with a notice at 0', () => {
    const app = voucherApp();
    mount(app, voucher('developmental-rehab', null), Date.now() + 294_000);
    expect(root.textContent).toContain('* 5분 안에 결제 또는 취소를 완료하십시오.(4분54초) 미완료시 자동 종료됩니다.');
    act(() => void vi.advanceTimersByTime(60_000));
    expect(root.textContent).toContain('(3분54초)');
    expect(app.flow.expire).not.toHaveBeenCalled();
    act(() => void vi.advanceTimersByTime(234_000));
    expect(app.flow.expire).toHaveBeenCalledWith('결제 유효시간이 지나 자동 종료되었습니다.');
  });

  it('offers 서비스 시작, and 서비스 결제 only as the way to a 소급결제, for a time program without an open service', () => {
    const app = voucherApp();
    mount(app, voucher('activity-support', null), Date.now() + 300_000);
    expect(button('서비스 시작')?.disabled).toBe(false);
    expect(root.textContent).toContain('서비스 시작을 먼저 해 주세요');
    expect(root.querySelector('[data-testid="balance"]')?.textContent).toBe('1,932,800원');
    act(() => button('서비스 결제')!.click());
    expect(app.flow.chooseMode).toHaveBeenCalled();
    expect(app.flow.pay).not.toHaveBeenCalled();
  });

  it('opens the entry with the end time on the host clock once a service is open', () => {
    const app = voucherApp();
    const open = { id: 'os-1', startedAt: 1_789_990_000_000 };
    mount(app, voucher('activity-support', open), Date.now() + 300_000);
    expect(button('서비스 시작')).toBeUndefined();
    act(() => button('서비스 결제')!.click());
    expect(app.flow.pay).toHaveBeenCalledWith({ mode: 'normal', openService: open, openServiceSource: 'host', serviceEndAt: 1_790_000_100_000 });
  });

  it('asks 정상결제 or 소급결제 for an amount program', () => {
    const app = voucherApp();
    mount(app, voucher('developmental-rehab', null), Date.now() + 300_000);
    expect(button('서비스 시작')).toBeUndefined();
    act(() => button('서비스 결제')!.click());
    expect(app.flow.chooseMode).toHaveBeenCalled();
    act(() => button('거래 취소')!.click());
    expect(app.flow.cancelStart).toHaveBeenCalled();
  });
});
