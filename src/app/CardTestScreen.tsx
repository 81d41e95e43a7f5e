import { useEffect, useMemo, useState } from 'preact/hooks';
import { CardReadError, createTypedCardReader, maskedCard } from '../device/card-reader';
import type { CardRead } from '../domain/wire';
import { Button } from '../ui/Button';
import { ErrorNotice, InfoNotice, type ShownError } from '../ui/ErrorNotice';
import { KeypadField } from '../ui/KeypadField';
import { CARD_NUMBER_RULES } from '../ui/keypad-input';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';

/** 카드인식 테스트: reads one card and shows it masked; it talks to no host and bills nothing. */
export function CardTestScreen() {
  const app = useApp();
  const typedReader = useMemo(() => createTypedCardReader(), []);
  const reader = app.reader.kind === 'nfc' ? app.reader : typedReader;
  const [attempt, setAttempt] = useState(0);
  const [card, setCard] = useState<CardRead | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [number, setNumber] = useState('');

  useEffect(() => {
    const controller = new AbortController();
    setCard(null);
    reader.read(controller.signal).then(
      (read) => {
        setError(null);
        setCard(read);
      },
      (cause: unknown) => {
        if (controller.signal.aborted) return;
        if (cause instanceof CardReadError) setError({ code: '', message: cause.message });
      },
    );
    return () => controller.abort();
  }, [reader, attempt]);

  const submitTyped = () => {
    try {
      typedReader.submit(number);
    } catch (cause) {
      if (cause instanceof CardReadError) setError({ code: '', message: cause.message });
    }
  };

  return (
    <Screen
      title={T.cardTestTitle}
      onBack={app.nav.back}
      onConfirm={reader.kind === 'typed' && card === null ? submitTyped : undefined}
      confirmDisabled={number.length !== 16}
    >
      {card ? (
        <>
          <InfoNotice text={T.cardTestOk} />
          <dl class="facts">
            <div>
              <dt>{card.kind === 'nfc' ? T.cardTestKindNfc : T.cardTestKindTyped}</dt>
              <dd class="money strong" data-testid="card-masked">
                {maskedCard(card)}
              </dd>
            </div>
          </dl>
          <Button
            variant="primary"
            large
            onClick={() => {
              setNumber('');
              setAttempt((n) => n + 1);
            }}
          >
            {T.cardTestAgain}
          </Button>
        </>
      ) : reader.kind === 'nfc' ? (
        <div class="tag-area">
          <div class="nfc-mark" aria-hidden="true">
            <span />
          </div>
          <p class="tag-prompt">{T.tagPrompt}</p>
          {error ? (
            <Button variant="primary" large onClick={() => setAttempt((n) => n + 1)}>
              {T.tagStart}
            </Button>
          ) : null}
        </div>
      ) : (
        <KeypadField
          id="test-card-number"
          label={T.tagNumberLabel}
          value={number}
          rules={CARD_NUMBER_RULES}
          onChange={setNumber}
          onNext={submitTyped}
          nextDisabled={number.length !== 16}
        />
      )}
      <ErrorNotice error={error} />
    </Screen>
  );
}
