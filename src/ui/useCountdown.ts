import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Milliseconds left until `deadlineAt` (device clock), ticking every 250 ms so the seconds never
 * skip; calls `onExpire` once at 0. A hidden tab is caught up on the next tick.
 */
export function useCountdown(deadlineAt: number, onExpire: () => void): number {
  const [left, setLeft] = useState(() => deadlineAt - Date.now());
  const expireRef = useRef(onExpire);
  expireRef.current = onExpire;
  useEffect(() => {
    let fired = false;
    const tick = () => {
      const msLeft = deadlineAt - Date.now();
      setLeft(msLeft);
      if (msLeft <= 0 && !fired) {
        fired = true;
        expireRef.current();
      }
    };
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [deadlineAt]);
  return left;
}
