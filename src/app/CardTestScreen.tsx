import { useEffect, useState } from 'preact/hooks';
import { checkCard, networkError } from '../api/client';
import { CardReadError, maskedCard } from '../device/card-reader';
import { getDeviceId } from '../device/device-id';
import { findProgram, PROGRAM_IDS } from '../domain/catalog';
import { messageKo } from '../domain/errors';
import type { CardRead } from '../domain/wire';
import { Button } from '../ui/Button';
import { ErrorNotice, InfoNotice, type ShownError } from '../ui/ErrorNotice';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import { NfcTagArea, TypedCardField, useTypedCard } from './CardEntry';
import { usesDeviceSnapshot } from './offline-capture';

/** What the test found out about the card, and from whom. */
type Verdict =
  | { readonly kind: 'valid'; readonly source: 'host' | 'device'; readonly recipientMasked: string | null; readonly programIds: readonly string[] }
  /** The snapshot does not know the card: 2001, as the payment flow says offline (the host may know it). */
  | { readonly kind: 'unknownOnDevice' }
  | { readonly kind: 'refused'; readonly error: ShownError };

/** In the catalog's order, as the home screen lists them, whichever of the host or the snapshot answered. */
function programNames(programIds: readonly string[]): string {
  const rank = (id: string) => {
    const at = (PROGRAM_IDS as readonly string[]).indexOf(id);
    return at === -1 ? PROGRAM_IDS.length : at;
  };
  return [...programIds]
    .sort((a, b) => rank(a) - rank(b))
    .map((id) => findProgram(id)?.nameKo ?? id)
    .join(', ');
}

/**
 * 카드인식 테스트 (from 로그인 and 환경설정): reads one card and asks the host whether it is valid and
 * whose it is (masked) — or, with no signal, the device snapshot. It opens no voucher screen and
 * bills nothing: the host's check writes nothing.
 */
export function CardTestScreen() {
  const app = useApp();
  const [attempt, setAttempt] = useState(0);
  const [card, setCard] = useState<CardRead | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const typed = useTypedCard(setError);
  const reader = app.reader.kind === 'nfc' ? app.reader : typed.reader;

  useEffect(() => {
    const controller = new AbortController();
    setCard(null);
    setVerdict(null);
    reader.read(controller.signal).then(
      (read) => {
        setError(null);
        setCard(read);
        void check(read, controller.signal);
      },
      (cause: unknown) => {
        if (controller.signal.aborted) return;
        if (cause instanceof CardReadError) setError({ code: '', message: cause.message });
      },
    );
    return () => controller.abort();
    // A new read per attempt; `check` only uses stable values and setters.
  }, [reader, attempt]);

  async function check(read: CardRead, signal: AbortSignal) {
    let next: Verdict;
    try {
      if (navigator.onLine === false) throw networkError();
      const deviceId = app.deviceId ?? (await getDeviceId());
      const answer = await checkCard({ deviceId, card: read });
      next = { kind: 'valid', source: 'host', recipientMasked: answer.recipientMasked, programIds: answer.programIds };
    } catch (cause) {
      if (usesDeviceSnapshot(cause)) {
        const known = await app.device.findCardOnDevice(read).catch(() => undefined);
        next = known ? { kind: 'valid', source: 'device', ...known } : { kind: 'unknownOnDevice' };
      } else {
        const shown = app.showError(cause);
        if (shown === null) return;
        next = { kind: 'refused', error: shown };
      }
    }
    if (!signal.aborted) setVerdict(next);
  }

  const again = () => {
    typed.setNumber('');
    setAttempt((n) => n + 1);
  };

  return (
    <Screen
      title={T.cardTestTitle}
      onBack={app.nav.back}
      onConfirm={reader.kind === 'typed' && card === null ? typed.submit : undefined}
      confirmDisabled={!typed.complete}
    >
      {card ? (
        <>
          {verdict === null ? (
            <p class="status-line" role="status">
              {T.cardTestChecking}
            </p>
          ) : null}
          {verdict?.kind === 'valid' ? <InfoNotice text={T.cardTestOk} /> : null}
          {verdict?.kind === 'refused' ? <ErrorNotice error={verdict.error} note={T.cardTestNothingBilled} /> : null}
          {verdict?.kind === 'unknownOnDevice' ? (
            <ErrorNotice error={{ code: '2001', message: messageKo('2001') }} note={T.cardTestUnknownOnDevice} />
          ) : null}
          <dl class="facts">
            <div>
              <dt>{card.kind === 'nfc' ? T.cardTestKindNfc : T.cardTestKindTyped}</dt>
              <dd class="money strong" data-testid="card-masked">
                {maskedCard(card)}
              </dd>
            </div>
            {verdict?.kind === 'valid' ? (
              <>
                <div>
                  <dt>{T.cardTestOwner}</dt>
                  <dd data-testid="card-owner">{verdict.recipientMasked ?? (app.session ? T.cardTestNoContract : T.cardTestOwnerAfterLogin)}</dd>
                </div>
                {verdict.programIds.length > 0 ? (
                  <div>
                    <dt>{T.cardTestPrograms}</dt>
                    <dd data-testid="card-programs">{programNames(verdict.programIds)}</dd>
                  </div>
                ) : null}
              </>
            ) : null}
          </dl>
          {verdict?.kind === 'valid' && verdict.source === 'device' ? (
            <p class="offline-note" role="note">
              {T.cardTestFromDevice}
            </p>
          ) : null}
          <Button variant="primary" large onClick={again}>
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
