import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setActivateWaiting, updateStore } from '../pwa/update';
import { UpdatePrompt } from './UpdatePrompt';

const activate = vi.fn();
let root: HTMLElement;

function show(routeName: string) {
  act(() => render(<UpdatePrompt routeName={routeName} />, root));
}
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name);

describe('UpdatePrompt', () => {
  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
    setActivateWaiting(activate);
  });
  afterEach(() => {
    act(() => render(null, root));
    root.remove();
  });

  it('shows the download, then 업데이트, and on a payment screen holds the update until the screen is left', () => {
    show('voucher');
    expect(root.textContent).toBe('');
    act(() => {
      updateStore.downloadStarted();
      updateStore.downloadProgress(4, 19);
    });
    expect(root.querySelector('section')?.getAttribute('aria-label')).toBe('SW 업데이트 알림');
    expect(root.textContent).toContain('SW 업데이트 진행 중…');
    expect(root.querySelector('[data-testid="update-progress"]')?.textContent).toBe('4 / 19');
    expect(root.querySelector('progress')?.getAttribute('value')).toBe('4');

    act(() => updateStore.waiting());
    expect(root.textContent).toContain('새 버전이 있습니다.');
    expect(root.textContent).toContain('다운로드 완료');
    act(() => button('업데이트')!.click());
    expect(root.textContent).toContain('결제를 마친 뒤 업데이트됩니다.');
    expect(activate).not.toHaveBeenCalled();

    show('home');
    expect(activate).toHaveBeenCalledTimes(1);
    expect(root.textContent).toContain('업데이트 중…');
  });
});
