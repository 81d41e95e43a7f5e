import { useEffect, useState } from 'preact/hooks';
import { CardReadError, maskedCard } from '../device/card-reader';
import type { CardRead } from '../domain/wire';
import { Button } from '../ui/Button';
import { ErrorNotice, InfoNotice, type ShownError } from '../ui/ErrorNotice';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import { NfcTagArea, TypedCardField, useTypedCard } from './CardEntry';

/** 카드인식 테스트: reads one card and shows it masked; it talks to no host and bills nothing. */
export function CardTestScreen() {
  const app = useApp();
  const [attempt, setAttempt] = useState(0);
  const [card, setCard] = useState<CardRead | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const typed = useTypedCard(setError);
  const reader = app.reader.kind === 'nfc' ? app.reader : typed.reader;

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

  return (
    <Screen
      title={T.cardTestTitle}
      onBack={app.nav.back}
      onConfirm={reader.kind === 'typed' && card === null ? typed.submit : undefined}
      confirmDisabled={!typed.complete}
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
              typed.setNumber('');
              setAttempt((n) => n + 1);
            }}
          >
            {T.cardTestAgain}
          </Button>
        </>
      ) : reader.kind === 'nfc' ? (
        <NfcTagArea>
          {error ? (
            <Button variant="primary" large onClick={() => setAttempt((n) => n + 1)}>
              {T.tagStart}
            </Button>
          ) : null}
        </NfcTagArea>
      ) : (
        <TypedCardField id="test-card-number" card={typed} onNext={typed.submit} />
      )}
      <ErrorNotice error={error} />
    </Screen>
  );
}
