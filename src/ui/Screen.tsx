import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { T } from './messages.ko';
import { useArmed } from './useArmed';

interface ScreenProps {
  title: string;
  /** A smaller line above the title: the program's name or the app's. */
  kicker?: string | undefined;
  /** 이전: shown when given. */
  onBack?: (() => void) | undefined;
  /** 확인: shown when given; the one button named "확인" on the screen. */
  onConfirm?: (() => void) | undefined;
  confirmDisabled?: boolean;
  /** The confirming button's word where the terminals say another (다음 on a notice); default 확인. */
  confirmLabel?: string | undefined;
  /** 이전 unavailable (a payment whose outcome is unknown must be settled first). */
  backDisabled?: boolean;
  /** While a confirmation is being sent: both buttons are disabled (no double taps). */
  busy?: boolean;
  children: ComponentChildren;
}

/**
 * One screen: a title bar, the content, and the terminals' bottom bar 이전 | 확인.
 * The title takes focus on arrival, so a screen reader starts reading the new screen at its name.
 * When the screen appeared right after a tap on a bar button, the bar stays disabled for a moment
 * (useArmed), so the second tap of a double tap never presses the next screen's button.
 */
export function Screen({
  title,
  kicker,
  onBack,
  onConfirm,
  confirmDisabled = false,
  confirmLabel = T.confirm,
  backDisabled = false,
  busy = false,
  children,
}: ScreenProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
  }, [title]);
  const hasBar = onBack !== undefined || onConfirm !== undefined;
  const guard = useArmed(title);
  return (
    <div class="screen">
      <header class="titlebar">
        {kicker ? <p class="kicker">{kicker}</p> : null}
        <h1 ref={headingRef} tabIndex={-1}>
          {title}
        </h1>
      </header>
      <main class="content">{children}</main>
      {hasBar ? (
        <footer class="bottombar">
          {onBack ? (
            <button type="button" class="btn btn-secondary bar-btn" onClick={guard.tap(onBack)} disabled={busy || backDisabled || !guard.armed}>
              {T.back}
            </button>
          ) : null}
          {onConfirm ? (
            <button
              type="button"
              class="btn btn-primary bar-btn"
              onClick={guard.tap(onConfirm)}
              disabled={confirmDisabled || busy || !guard.armed}
              aria-busy={busy}
            >
              {confirmLabel}
            </button>
          ) : null}
        </footer>
      ) : null}
    </div>
  );
}
