/** How a card is entered on 카드 태깅 and 카드인식 테스트: tagged over NFC, or its number typed. */
import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { CardReadError, createTypedCardReader, type TypedCardReader } from '../device/card-reader';
import type { ShownError } from '../ui/ErrorNotice';
import { KeypadField } from '../ui/KeypadField';
import { CARD_NUMBER_RULES } from '../ui/keypad-input';
import { T } from '../ui/messages.ko';

export interface TypedCard {
  readonly reader: TypedCardReader;
  readonly number: string;
  setNumber(number: string): void;
  /** All 16 digits are there, so 확인 and 다음 may submit them. */
  readonly complete: boolean;
  /** Hands the digits to the typed reader, whose pending read then resolves with the card. */
  submit(): void;
}

/** The typed-number reader and its digits; a number the reader rejects is shown through `onError`. */
export function useTypedCard(onError: (error: ShownError) => void): TypedCard {
  const reader = useMemo(() => createTypedCardReader(), []);
  const [number, setNumber] = useState('');
  const submit = () => {
    try {
      reader.submit(number);
    } catch (cause) {
      if (cause instanceof CardReadError) onError({ code: '', message: cause.message });
    }
  };
  return { reader, number, setNumber, complete: number.length === CARD_NUMBER_RULES.maxLength, submit };
}

/** 카드번호 16자리 on the terminal keypad (or another card's label, e.g. 제공인력카드); 다음 submits. */
export function TypedCardField({
  id,
  card,
  onNext,
  disabled,
  label = T.tagNumberLabel,
}: {
  id: string;
  card: TypedCard;
  onNext: () => void;
  disabled?: boolean;
  label?: string;
}) {
  return (
    <KeypadField
      id={id}
      label={label}
      value={card.number}
      rules={CARD_NUMBER_RULES}
      onChange={card.setNumber}
      onNext={onNext}
      nextDisabled={!card.complete}
      disabled={disabled}
    />
  );
}

/** The NFC mark and "카드를 태깅해 주세요" (or the prompt of another card), with an optional hint and what the screen adds below. */
export function NfcTagArea({ hint, prompt = T.tagPrompt, children }: { hint?: string; prompt?: string; children?: ComponentChildren }) {
  return (
    <div class="tag-area">
      <div class="nfc-mark" aria-hidden="true">
        <span />
      </div>
      <p class="tag-prompt">{prompt}</p>
      {hint ? <p class="field-hint">{hint}</p> : null}
      {children}
    </div>
  );
}
