import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { fakeApp, renderWithApp, screenRoot, TEST_SESSION } from './fakeApp.testkit';
import { ServicesScreen } from './ServicesScreen';

const root = screenRoot();

async function settle() {
  for (let i = 0; i < 20; i++) await act(async () => new Promise((r) => setTimeout(r, 5)));
}

const switches = () => [...root.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];

describe('서비스 추가/삭제', () => {
  it('draws no switch before the device said what is hidden, so no tap can flip a guess', async () => {
    let answer: (hidden: string[]) => void = () => undefined;
    const app = fakeApp({ session: TEST_SESSION });
    const device = { ...app.device, hiddenPrograms: () => new Promise<string[]>((resolve) => (answer = resolve)) };
    renderWithApp(root, { ...app, device }, <ServicesScreen />);
    await settle();
    expect(switches()).toHaveLength(0);

    await act(async () => answer(['activity-support']));
    await settle();
    expect(switches().map((input) => input.checked)).toEqual([false, true]);
    expect(root.querySelector('[data-testid="services-shown"]')?.textContent).toBe('홈 화면에 2개 중 1개 사업이 보입니다.');
  });

  it('lists the home screen’s programs, not a top-up reached through its program', async () => {
    const app = fakeApp({ session: { ...TEST_SESSION, programIds: ['activity-support', 'activity-support-topup', 'developmental-rehab'] } });
    renderWithApp(root, app, <ServicesScreen />);
    await settle();
    expect([...root.querySelectorAll('.check span')].map((el) => el.textContent)).toEqual(['활동보조', '발달재활']);
  });

  it('saves a switch as it is flipped', async () => {
    const app = fakeApp({ session: TEST_SESSION });
    await app.db.meta.put({ key: 'hiddenPrograms', value: ['activity-support'] });
    renderWithApp(root, app, <ServicesScreen />);
    await settle();
    await act(async () => switches()[0]!.click());
    await settle();
    expect(await app.device.hiddenPrograms()).toEqual([]);
    expect(switches().every((input) => input.checked)).toBe(true);
  });
});
