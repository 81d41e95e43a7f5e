import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { fakeApp, renderWithApp, screenRoot, TEST_SESSION } from './fakeApp.testkit';
import { HomeScreen } from './HomeScreen';

const root = screenRoot();

async function settle() {
  for (let i = 0; i < 20; i++) await act(async () => new Promise((r) => setTimeout(r, 5)));
}

describe('홈', () => {
  it('shows the programs the institution bills, less those taken off in 서비스 추가/삭제', async () => {
    const app = fakeApp({ session: TEST_SESSION });
    await app.db.meta.put({ key: 'hiddenPrograms', value: ['activity-support'] });
    renderWithApp(root, app, <HomeScreen />);
    await settle();
    const names = [...root.querySelectorAll('.program-name')].map((el) => el.textContent);
    expect(names).toEqual(['발달재활']);
  });

  it('takes no new payment on a terminal the host said is revoked (0304)', async () => {
    const app = fakeApp({ session: TEST_SESSION, terminalRevoked: true });
    renderWithApp(root, app, <HomeScreen />);
    await settle();
    const programs = [...root.querySelectorAll<HTMLButtonElement>('.program-btn')];
    expect(programs.length).toBe(2);
    expect(programs.every((button) => button.disabled)).toBe(true);
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('오류코드 0304');
  });

  it('says a shared terminal asks the 결제 ID instead of naming the signed-in worker', async () => {
    renderWithApp(root, fakeApp({ session: TEST_SESSION, terminalProfile: 'shared' }), <HomeScreen />);
    await settle();
    expect(root.textContent).toContain('공용 단말기');
    expect(root.textContent).not.toContain(TEST_SESSION.worker.name);
  });
});
