import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { health, onHostContact, type HostContact } from '../api/client';
import { enqueuePayment } from '../sync/enqueue';
import type { AppState } from './app-context';
import { clockWarning } from './clock-check';
import { startServiceOnDevice } from '../db/openServices';
import { unfinishedWork, wipeWorkerData } from '../db/session';
import { fakeApp, renderWithApp, screenRoot } from './fakeApp.testkit';
import { SettingsScreen } from './SettingsScreen';

function pendingPayment() {
  return {
    kind: 'payment',
    workerId: 'wrk-test',
    paymentId: crypto.randomUUID(),
    programId: 'developmental-rehab',
    card: { kind: 'nfc', token: 'EVC-d1e2f356-dev' },
    method: 'card',
    mode: 'offline',
    reason: 'dead-zone',
    serviceStartAt: Date.now(),
    serviceEndAt: Date.now(),
    minutesByType: {},
    amountKrw: 15_000,
    capturedAt: Date.now(),
  };
}

const root = screenRoot();
beforeEach(() => {
  vi.stubGlobal('__PAYMENT_VERSION__', '1042');
  vi.stubGlobal('__APP_VERSION__', '0.1.0');
  vi.stubGlobal('__BUILD_ID__', 'test');
});

async function until(done: () => boolean, tries = 200) {
  for (let i = 0; i < tries; i++) {
    if (done()) return;
    await act(async () => new Promise((r) => setTimeout(r, 5)));
  }
  throw new Error('timed out');
}
const clickText = async (name: string) => {
  await act(async () => {
    [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!.click();
  });
};

function mountSettings(app: AppState) {
  renderWithApp(root, app, <SettingsScreen />);
}

describe('logout with payments on the device', () => {
  it('is refused while a payment is pending, saying why, and touches neither host nor device', async () => {
    const fetchMock = vi.fn(async () => new Response('{}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const app = fakeApp();
    expect((await enqueuePayment(app.db, pendingPayment())).ok).toBe(true);
    await app.db.meta.put({ key: 'institutionName', value: '성남' });
    mountSettings(app);
    await clickText('로그아웃');
    await until(() => root.querySelector('[role="alert"]') !== null);
    const alert = root.querySelector('[role="alert"]')!.textContent!;
    expect(alert).toContain('전송 대기 중인 결제가 있어 로그아웃할 수 없습니다.');
    expect(alert).toContain('오류코드 2124');
    expect(alert).toContain('전송 대기 결제가 1건');
    expect(fetchMock).not.toHaveBeenCalled();
    expect(app.nav.toLogin).not.toHaveBeenCalled();
    expect(await app.db.meta.count()).toBe(1);
    expect(await unfinishedWork(app.db)).toEqual({ pending: 1, refused: 0, started: 0 });
  });

  it('counts an online payment sent and never answered as unfinished, and never wipes it', async () => {
    const app = fakeApp();
    await app.db.inflight.put({
      id: crypto.randomUUID(),
      workerId: 'wrk-test',
      request: {
        paymentId: crypto.randomUUID(),
        lookupId: 'lk',
        method: 'card',
        mode: 'normal',
        openServiceId: null,
        serviceEndAt: Date.now(),
        minutesByType: {},
        amountKrw: 1_000,
        deviceAt: Date.now(),
      },
      programId: 'developmental-rehab',
      card: null,
      voucherId: null,
      serviceStartAt: Date.now(),
      openService: null,
      institutionName: '성남',
      recipientMasked: '김**',
      balanceKrw: 10_000,
      sentAt: Date.now(),
    });
    expect(await unfinishedWork(app.db)).toEqual({ pending: 1, refused: 0, started: 0 });
    expect(await wipeWorkerData(app.db)).toBe(false);
  });

  it('logs out and wipes the worker data once the outbox is empty', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('', { status: 200 })),
    );
    const app = fakeApp();
    await app.db.meta.put({ key: 'institutionName', value: '성남' });
    mountSettings(app);
    await clickText('로그아웃');
    await until(() => vi.mocked(app.nav.toLogin).mock.calls.length > 0);
    expect(await app.db.meta.count()).toBe(0);
    expect(app.setSession).toHaveBeenCalledWith(null);
  });

  it('refuses 로그아웃 and 자동로그인 해제 while a 서비스 시작 lives only on this device, and never wipes it', async () => {
    const fetchMock = vi.fn(async () => new Response('{}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const app = fakeApp();
    await startServiceOnDevice(app.db, 'v-act', 'activity-support', 'wrk-test', Date.now());
    expect(await unfinishedWork(app.db)).toEqual({ pending: 0, refused: 0, started: 1 });
    mountSettings(app);
    for (const name of ['자동로그인 해제', '로그아웃']) {
      await clickText(name);
      await until(() => root.querySelector('[role="alert"]')?.textContent?.includes('서비스 시작') === true);
      const alert = root.querySelector('[role="alert"]')!.textContent!;
      expect(alert).toContain('오류코드 2124');
      expect(alert).toContain('이 기기에만 기록된 서비스 시작이 있어 로그아웃할 수 없습니다.');
    }
    expect(root.textContent).toContain('[시작 취소]');
    expect(fetchMock).not.toHaveBeenCalled();
    expect(app.setSession).not.toHaveBeenCalled();
    expect(await wipeWorkerData(app.db)).toBe(false);
    expect(await app.db.openServices.count()).toBe(1);
  });

  it('never wipes while the outbox holds anything', async () => {
    const app = fakeApp();
    await enqueuePayment(app.db, pendingPayment());
    expect(await wipeWorkerData(app.db)).toBe(false);
    expect(await app.db.commands.count()).toBe(1);
  });
});

describe('clock check (0101)', () => {
  it('warns at five minutes of difference either way, not below', () => {
    expect(clockWarning(null)).toBe(false);
    expect(clockWarning(4 * 60_000 + 59_999)).toBe(false);
    expect(clockWarning(5 * 60_000)).toBe(true);
    expect(clockWarning(-5 * 60_000 - 1)).toBe(true);
  });

  it('records the host clock of every answer and an unreachable host', async () => {
    const seen: HostContact[] = [];
    const stop = onHostContact((c) => seen.push(c));
    try {
      const hostNow = Date.now() + 6 * 60_000;
      vi.stubGlobal(
        'fetch',
        vi.fn(async () => new Response(JSON.stringify({ ok: true, hostNow, version: '1' }), { status: 200 })),
      );
      await health();
      expect(seen.at(-1)).toMatchObject({ reachable: true, status: 200, hostNow });
      expect(clockWarning(seen.at(-1)!.hostNow! - seen.at(-1)!.receivedAt)).toBe(true);

      vi.stubGlobal(
        'fetch',
        vi.fn(async () => Promise.reject(new TypeError('offline'))),
      );
      await expect(health()).rejects.toMatchObject({ code: '0104' });
      expect(seen.at(-1)).toMatchObject({ reachable: false, code: '0104', hostNow: null });

      vi.stubGlobal(
        'fetch',
        vi.fn(async () => new Response(JSON.stringify({ code: '1006', message: '업데이트' }), { status: 426 })),
      );
      await expect(health()).rejects.toMatchObject({ code: '1006' });
      expect(seen.at(-1)).toMatchObject({ reachable: true, status: 426, code: '1006' });
    } finally {
      stop();
    }
  });
});
