import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { acknowledgeRefusal } from '../sync/acknowledgeRefusal';
import { enqueuePayment } from '../sync/enqueue';
import { clickButton, fakeApp, renderWithApp, screenRoot, type TestApp } from './fakeApp.testkit';
import { logoutBlocker, SettingsScreen } from './SettingsScreen';

const PENDING_HEADLINE = '전송 대기 중인 결제가 있어 로그아웃할 수 없습니다.';
const REFUSED_HEADLINE = '확인하지 않은 전송 거절 결제가 있어 로그아웃할 수 없습니다.';

function offlinePayment() {
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

/** A payment in the outbox, as it is before its sync. */
async function queued(app: TestApp): Promise<string> {
  const payment = offlinePayment();
  expect((await enqueuePayment(app.db, payment)).ok).toBe(true);
  return payment.paymentId;
}

/** A payment the host refused on sync (잔액 부족), not yet acknowledged by the worker. */
async function refusedOnSync(app: TestApp): Promise<string> {
  const paymentId = await queued(app);
  await app.db.commands.update(paymentId, { syncState: 'refused', refusal: { code: '2101', message: '바우처 잔액이 부족합니다.' } });
  return paymentId;
}

const root = screenRoot();
beforeEach(() => {
  vi.stubGlobal('__PAYMENT_VERSION__', '1042');
  vi.stubGlobal('__APP_VERSION__', '0.1.0');
  vi.stubGlobal('__BUILD_ID__', 'test');
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response('{}', { status: 200 })),
  );
});

const alertText = () => root.querySelector('[role="alert"]')?.textContent ?? null;

async function until(done: () => boolean, what: string) {
  for (let i = 0; i < 200; i++) {
    if (done()) return;
    await act(async () => new Promise((r) => setTimeout(r, 5)));
  }
  throw new Error(`timed out waiting for ${what}; alert: ${alertText()}`);
}

async function tapLogout(app: TestApp) {
  renderWithApp(root, app, <SettingsScreen />);
  await clickButton(root, '로그아웃');
  await until(() => alertText() !== null, 'the 2124 notice');
}

describe('로그아웃 refused (2124) says what blocks it, and only while it does', () => {
  it('names an unacknowledged refusal, not waiting payments, and goes once it is acknowledged', async () => {
    const app = fakeApp();
    const paymentId = await refusedOnSync(app);
    await tapLogout(app);
    expect(alertText()).toContain(REFUSED_HEADLINE);
    expect(alertText()).not.toContain(PENDING_HEADLINE);
    expect(alertText()).toContain('오류코드 2124');
    expect(alertText()).toContain('전송이 거절된 결제 1건');
    expect(app.nav.toLogin).not.toHaveBeenCalled();

    await acknowledgeRefusal(app.db, paymentId);
    await until(() => alertText() === null, 'the notice to go');
  });

  it('names waiting payments, and goes once the sync has sent them', async () => {
    const app = fakeApp();
    const paymentId = await queued(app);
    await tapLogout(app);
    expect(alertText()).toContain(PENDING_HEADLINE);
    expect(alertText()).toContain('전송 대기 결제가 1건');
    expect(alertText()).not.toContain(REFUSED_HEADLINE);

    // The host approved it: the syncer removes the item from the outbox.
    await app.db.commands.delete(paymentId);
    await until(() => alertText() === null, 'the notice to go');
    expect(app.nav.toLogin).not.toHaveBeenCalled();
  });

  it('turns from waiting to refused when the sync ends in a refusal', async () => {
    const app = fakeApp();
    const paymentId = await queued(app);
    await tapLogout(app);
    expect(alertText()).toContain(PENDING_HEADLINE);

    await app.db.commands.update(paymentId, { syncState: 'refused', refusal: { code: '2101', message: '바우처 잔액이 부족합니다.' } });
    await until(() => alertText()?.includes(REFUSED_HEADLINE) === true, 'the refusal headline');
    expect(alertText()).not.toContain(PENDING_HEADLINE);
  });
});

describe('logoutBlocker', () => {
  it('puts waiting payments first and mentions refusals too; nothing blocks an empty outbox', () => {
    expect(logoutBlocker({ pending: 0, refused: 0, started: 0 })).toBeNull();
    expect(logoutBlocker({ pending: 0, refused: 2, started: 0 })?.error.message).toBe(REFUSED_HEADLINE);
    const both = logoutBlocker({ pending: 1, refused: 2, started: 0 })!;
    expect(both.error).toEqual({ code: '2124', message: expect.stringContaining(PENDING_HEADLINE) });
    expect(both.note).toContain('전송 대기 결제가 1건');
    expect(both.note).toContain('전송이 거절된 결제 2건');
  });

  it('refuses while a 서비스 시작 lives only on this device', () => {
    const started = logoutBlocker({ pending: 0, refused: 0, started: 1 })!;
    expect(started.error).toEqual({ code: '2124', message: '이 기기에만 기록된 서비스 시작이 있어 로그아웃할 수 없습니다.' });
    expect(started.note).toContain('서비스 1건');
  });
});

describe('시도추가지원', () => {
  const topUpSwitch = () => root.querySelector<HTMLInputElement>('input[role="switch"]');
  const settle = async () => {
    for (let i = 0; i < 20; i++) await act(async () => new Promise((r) => setTimeout(r, 5)));
  };

  it('draws no switch before the device said how it is set, so no tap can flip a guess', async () => {
    let answer: (on: boolean) => void = () => undefined;
    const app = fakeApp();
    const device = { ...app.device, provincialTopUp: () => new Promise<boolean>((resolve) => (answer = resolve)) };
    renderWithApp(root, { ...app, device }, <SettingsScreen />);
    await settle();
    expect(topUpSwitch()).toBeNull();

    await act(async () => answer(true));
    await settle();
    expect(topUpSwitch()?.checked).toBe(true);
    expect(topUpSwitch()?.closest('label')?.textContent).toBe('시도추가지원');
  });

  it('is off on a device where it was never set, and saved as it is flipped', async () => {
    const app = fakeApp();
    renderWithApp(root, app, <SettingsScreen />);
    await until(() => topUpSwitch() !== null, 'the switch');
    expect(topUpSwitch()!.checked).toBe(false);

    await act(async () => topUpSwitch()!.click());
    await settle();
    expect(await app.device.provincialTopUp()).toBe(true);
    expect(topUpSwitch()!.checked).toBe(true);

    await act(async () => topUpSwitch()!.click());
    await settle();
    expect(await app.device.provincialTopUp()).toBe(false);
  });

  it('follows the device when another tab changes it', async () => {
    const app = fakeApp();
    renderWithApp(root, app, <SettingsScreen />);
    await until(() => topUpSwitch() !== null, 'the switch');
    await app.device.setProvincialTopUp(true);
    await until(() => topUpSwitch()!.checked, 'the switch to turn on');
  });
});
