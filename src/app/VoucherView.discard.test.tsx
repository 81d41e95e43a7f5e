import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startServiceOnDevice } from '../db/openServices';
import type { VoucherScreen } from '../domain/wire';
import { fakeApp, renderWithApp, screenRoot, TEST_SESSION, type TestApp } from './fakeApp.testkit';
import type { CaptureContext } from './offline-capture';
import { VoucherView } from './VoucherView';

const STARTED_AT = 1_790_000_000_000; // 23:13 in Seoul
const root = screenRoot();
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
const click = async (name: string) => {
  await act(async () => {
    button(name)!.click();
  });
};
async function until(done: () => boolean, tries = 100) {
  for (let i = 0; i < tries; i++) {
    if (done()) return;
    await act(async () => new Promise((r) => setTimeout(r, 5)));
  }
  throw new Error('timed out');
}

function timeVoucher(openServiceId: string): VoucherScreen {
  return {
    lookupId: 'lk-1',
    programId: 'activity-support',
    institutionName: '성남주간보호센터-발달',
    recipientMasked: '이**',
    serviceCode: '010101',
    balanceKrw: 1_932_800,
    voucherMonth: '2026-11',
    expiresAt: Date.now() + 300_000,
    hostNow: Date.now(),
    openService: { id: openServiceId, startedAt: STARTED_AT },
  };
}

function mount(app: TestApp, voucher: VoucherScreen, capture: CaptureContext) {
  renderWithApp(root, app, <VoucherView identified={{ voucher, deadlineAt: Date.now() + 300_000, capture }} />);
}
const capture = (source: 'host' | 'device', offline = false): CaptureContext => ({
  card: { kind: 'typed', number: '9410000000000001' },
  offline,
  voucherId: 'v-act',
  openServiceSource: source,
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('시작 취소 on the voucher screen', () => {
  it('asks for a confirmation, then discards the host’s start on the host and closes with a notice', async () => {
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => new Response(JSON.stringify({ discardedAt: Date.now() }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const app = fakeApp({ session: TEST_SESSION });
    mount(app, timeVoucher('os-host'), capture('host'));

    await click('시작 취소');
    // Nothing happens before the confirmation; 돌아가기 leaves the start as it was.
    expect(root.querySelector('[role="alertdialog"]')?.textContent).toContain('23:13에 시작한 서비스를 취소할까요?');
    expect(fetchMock).not.toHaveBeenCalled();
    await click('돌아가기');
    expect(root.querySelector('[role="alertdialog"]')).toBeNull();
    expect(app.flow.close).not.toHaveBeenCalled();

    await click('시작 취소');
    await click('시작 취소 확인');
    await until(() => vi.mocked(app.flow.close).mock.calls.length > 0);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(String(url)).toContain('/api/services/discard');
    expect(JSON.parse(String(init.body))).toMatchObject({ lookupId: 'lk-1', openServiceId: 'os-host' });
    expect(app.flow.close).toHaveBeenCalledWith('23:13에 시작한 서비스를 취소했습니다. 필요하면 다시 서비스 시작을 해 주세요.');
  });

  it('discards a start only the device holds on the device, without the host', async () => {
    const fetchMock = vi.fn(async () => new Response('{}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const app = fakeApp({ session: TEST_SESSION, online: false });
    const open = await startServiceOnDevice(app.db, 'v-act', 'activity-support', TEST_SESSION.worker.id, STARTED_AT);
    mount(app, timeVoucher(open.id), capture('device', true));

    await click('시작 취소');
    await click('시작 취소 확인');
    await until(() => vi.mocked(app.flow.close).mock.calls.length > 0);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(await app.db.openServices.count()).toBe(0);
    expect(await app.device.unfinishedWork()).toMatchObject({ started: 0 });
  });

  it('shows the host’s refusal and keeps the screen when the start is not the worker’s own (2115)', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ code: '2115', message: '다른 제공인력이 시작한 서비스입니다.' }), { status: 403 })),
    );
    const app = fakeApp({ session: TEST_SESSION });
    mount(app, timeVoucher('os-other'), capture('host'));
    await click('시작 취소');
    await click('시작 취소 확인');
    await until(() => root.querySelector('[role="alert"]') !== null);
    expect(root.querySelector('[role="alert"]')!.textContent).toContain('오류코드 2115');
    expect(app.flow.close).not.toHaveBeenCalled();
    expect(button('시작 취소')).toBeDefined();
  });

  it('offers no 시작 취소 before a service is started', () => {
    const app = fakeApp({ session: TEST_SESSION });
    mount(app, { ...timeVoucher('x'), openService: null }, capture('host'));
    expect(button('시작 취소')).toBeUndefined();
  });
});
