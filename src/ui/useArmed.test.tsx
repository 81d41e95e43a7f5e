import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Screen } from './Screen';
import { ARM_DELAY_MS } from './useArmed';

const root = document.createElement('div');
afterEach(() => {
  render(null, root);
  vi.useRealTimers();
});

const confirm = () => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === '확인')!;

describe('the bottom bar of a screen that appears right after a bar tap', () => {
  it('is disabled long enough that the second tap of a double tap lands on nothing, then takes taps', () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] });
    const pay = vi.fn();
    const done = vi.fn();
    act(() =>
      render(
        <Screen title="서비스 결제" onConfirm={pay}>
          입력
        </Screen>,
        root,
      ),
    );
    vi.advanceTimersByTime(ARM_DELAY_MS + 1);
    expect(confirm().disabled).toBe(false);
    act(() => confirm().click());
    expect(pay).toHaveBeenCalledTimes(1);
    // The answer arrives 150 ms later: the completion screen appears…
    vi.advanceTimersByTime(150);
    act(() =>
      render(
        <Screen title="서비스 결제 완료" onConfirm={done}>
          완료
        </Screen>,
        root,
      ),
    );
    // …and the second tap, 250 ms after the first, meets a disabled 확인.
    vi.advanceTimersByTime(100);
    expect(confirm().disabled).toBe(true);
    act(() => confirm().click());
    expect(done).not.toHaveBeenCalled();
    act(() => void vi.advanceTimersByTime(ARM_DELAY_MS));
    expect(confirm().disabled).toBe(false);
    act(() => confirm().click());
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('is enabled at once on a screen reached without a bar tap', () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] });
    vi.advanceTimersByTime(10 * ARM_DELAY_MS);
    act(() =>
      render(
        <Screen title="카드 태깅" onConfirm={() => undefined}>
          카드
        </Screen>,
        root,
      ),
    );
    expect(confirm().disabled).toBe(false);
  });
});
