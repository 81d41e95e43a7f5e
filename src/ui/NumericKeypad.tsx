import type { KeypadKey } from './keypad-input';
import { T } from './messages.ko';

interface NumericKeypadProps {
  onKey: (key: KeypadKey) => void;
  /** 다음: the terminal's "go on" key; disabled when the screen has nowhere to go yet. */
  onNext?: (() => void) | undefined;
  nextDisabled?: boolean;
  disabled?: boolean;
}

const DIGIT_ROWS: readonly (readonly KeypadKey[])[] = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
];

/**
 * The dedicated terminals' keypad, key for key: 1 2 3 ⌫ / 4 5 6 다음 / 7 8 9 0.
 * Every key is a real button (≥ 56 px) with an accessible name: the digit, "지우기" or "다음".
 */
export function NumericKeypad({ onKey, onNext, nextDisabled = false, disabled = false }: NumericKeypadProps) {
  const digit = (key: KeypadKey) => (
    <button type="button" class="key" key={key} disabled={disabled} onClick={() => onKey(key)}>
      {key}
    </button>
  );
  return (
    // biome-ignore lint/a11y/useSemanticElements: a grid of keys, not a form section: a fieldset would bring a legend and form semantics it does not have.
    <div class="keypad" role="group" aria-label="숫자 키패드">
      {DIGIT_ROWS[0]!.map(digit)}
      <button type="button" class="key key-fn" aria-label={T.erase} disabled={disabled} onClick={() => onKey('erase')}>
        ⌫
      </button>
      {DIGIT_ROWS[1]!.map(digit)}
      <button type="button" class="key key-fn key-next" disabled={disabled || nextDisabled || !onNext} onClick={() => onNext?.()}>
        {T.next}
      </button>
      {DIGIT_ROWS[2]!.map(digit)}
      {digit('0')}
    </div>
  );
}
