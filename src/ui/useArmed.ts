import { useEffect, useState } from 'preact/hooks';

/**
 * How long a screen's bottom-bar buttons stay disabled when the screen appeared right after a tap
 * on a bottom-bar button. A double tap on 확인 lands its second tap 80–400 ms after the first;
 * when the first tap's answer arrives in between, the second would otherwise press the next
 * screen's 확인 — and skip the completion screen the worker must see (승인번호, 잔액).
 */
export const ARM_DELAY_MS = 500;

let delayMs = ARM_DELAY_MS;
/** performance.now() of the last tap on any screen's bottom bar. */
let lastBarTapAt = Number.NEGATIVE_INFINITY;

/** Screen tests that tap at machine speed set 0; the guard itself has its own test. */
export function setArmDelay(ms: number): void {
  delayMs = ms;
}

/**
 * The double-tap guard of a screen's bottom bar: `armed` is false (the buttons are disabled) for the
 * rest of ARM_DELAY_MS when the screen — or its `key`, e.g. the title — appeared within that time of
 * the last bar tap; `tap` wraps a handler so that its calls are remembered as bar taps.
 */
export function useArmed(key: unknown): { armed: boolean; tap: (handler: (() => void) | undefined) => (() => void) | undefined } {
  const [armed, setArmed] = useState(() => performance.now() - lastBarTapAt >= delayMs);
  useEffect(() => {
    const left = delayMs - (performance.now() - lastBarTapAt);
    if (left <= 0) {
      setArmed(true);
      return;
    }
    setArmed(false);
    const timer = setTimeout(() => setArmed(true), left);
    return () => clearTimeout(timer);
  }, [key]);
  return {
    armed,
    tap: (handler) =>
      handler === undefined
        ? undefined
        : () => {
            lastBarTapAt = performance.now();
            handler();
          },
  };
}
