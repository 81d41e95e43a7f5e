import { useEffect, useRef } from 'preact/hooks';
import { NumericKeypad } from './NumericKeypad';
import { pressKey, sanitizeTyped, type KeypadKey, type KeypadRules } from './keypad-input';

interface KeypadFieldProps {
  id: string;
  label: string;
  value: string;
  rules: KeypadRules;
  onChange: (value: string) => void;
  /** What the field shows (e.g. "15,000원" for an amount); defaults to the digits. */
  display?: string;
  onNext?: (() => void) | undefined;
  nextDisabled?: boolean;
  disabled?: boolean;
}

/**
 * A labelled number field driven by the on-screen keypad. The input has inputmode="none", so a
 * phone shows no soft keyboard over the keypad, while a hardware keyboard (tablet cover, desktop,
 * test runner) can still type or paste into it; both paths go through the same keypad rules.
 */
export function KeypadField({ id, label, value, rules, onChange, display, onNext, nextDisabled, disabled }: KeypadFieldProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  // Keep the DOM value equal to the state even when sanitizing rejected a keystroke.
  useEffect(() => {
    if (inputRef.current && inputRef.current.value !== value) inputRef.current.value = value;
  }, [value]);
  return (
    <div class="keypad-field">
      <label class="field-label" for={id}>
        {label}
      </label>
      <input
        ref={inputRef}
        id={id}
        class="keypad-display"
        inputMode="none"
        autocomplete="off"
        value={value}
        maxLength={rules.maxLength}
        disabled={disabled}
        onInput={(e) => onChange(sanitizeTyped(e.currentTarget.value, rules))}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && onNext && !nextDisabled) {
            e.preventDefault();
            onNext();
          }
        }}
      />
      {display !== undefined && value !== '' ? (
        <p class="keypad-echo money" aria-hidden="true">
          {display}
        </p>
      ) : null}
      <NumericKeypad
        disabled={disabled}
        onKey={(key: KeypadKey) => onChange(pressKey(value, key, rules))}
        onNext={onNext}
        nextDisabled={nextDisabled}
      />
    </div>
  );
}
