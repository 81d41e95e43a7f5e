import { useEffect, useRef, useState } from 'preact/hooks';
import { verifyCard } from '../api/admin';
import type { IssuedCard } from '../domain/admin';
import { createNfcCardReader, type NdefReaderConstructor, nfcAvailable } from '../device/card-reader';
import { canWriteNfc, writeCardToken } from '../device/nfc-writer';
import { Button } from '../ui/Button';
import { ErrorNotice, type ShownError } from '../ui/ErrorNotice';
import { shown } from './admin-ui';
import { A } from './messages.ko';

/** Groups a 16-digit card number in fours, as it is printed on the card. */
const grouped = (number: string) => number.replace(/(\d{4})(?=\d)/g, '$1 ');

/**
 * 카드 쓰기 of a card just issued: on a device with Web NFC, writes its token on the tag and reads
 * the tag back to check whose card it now is; elsewhere, the typed card number to print. The token
 * is shown to nobody: it goes from the host's answer to the tag only.
 */
export function CardWriter({ card, recipientName, onClose }: { card: IssuedCard; recipientName: string; onClose: () => void }) {
  const nfc = canWriteNfc();
  const [state, setState] = useState<'idle' | 'writing' | 'written' | 'verifying'>('idle');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const write = async () => {
    abort.current?.abort();
    abort.current = new AbortController();
    setError(null);
    setMessage(null);
    setState('writing');
    try {
      await writeCardToken(card.token, abort.current.signal);
      setState('written');
      setMessage(A.written);
    } catch (cause) {
      setState('idle');
      setError({ code: '', message: cause instanceof Error ? cause.message : String(cause) });
    }
  };
  const verify = async () => {
    abort.current?.abort();
    abort.current = new AbortController();
    setError(null);
    setMessage(null);
    setState('verifying');
    try {
      const read = await createNfcCardReader((globalThis as unknown as { NDEFReader: NdefReaderConstructor }).NDEFReader).read(abort.current.signal);
      if (read.kind !== 'nfc') throw new Error(A.verifiedOther);
      const answer = await verifyCard(read.token);
      setMessage(answer.cardId === card.cardId ? A.verified(answer.recipientName, answer.status === 'active') : A.verifiedOther);
    } catch (cause) {
      setError(cause instanceof Error && cause.name !== 'ApiError' ? { code: '', message: cause.message } : shown(cause));
    } finally {
      setState((now) => (now === 'verifying' ? 'written' : now));
    }
  };

  return (
    <div class="admin-subform admin-card" role="dialog" aria-label={A.cardTitle(recipientName)}>
      <h3>{A.cardTitle(recipientName)}</h3>
      {card.replacesCardId ? <p class="notice notice-info">{A.replacedNote}</p> : null}
      <dl class="facts">
        <div>
          <dt>{A.cardNumberPrint}</dt>
          <dd class="card-number">{grouped(card.cardNumber)}</dd>
        </div>
      </dl>
      {nfc ? (
        <div class="row-buttons">
          <Button variant="primary" onClick={() => void write()} disabled={state === 'writing' || state === 'verifying'}>
            {A.writeTag}
          </Button>
          <Button onClick={() => void verify()} disabled={state === 'writing' || state === 'verifying' || !nfcAvailable()}>
            {A.verifyTag}
          </Button>
        </div>
      ) : (
        <>
          <p class="notice notice-info">{A.noNfc}</p>
          <Button onClick={() => window.print()}>{A.print}</Button>
        </>
      )}
      {state === 'writing' ? <p role="status">{A.writing}</p> : null}
      {state === 'verifying' ? <p role="status">{A.verifying}</p> : null}
      {message ? (
        <p class="notice notice-info" role="status">
          {message}
        </p>
      ) : null}
      <ErrorNotice error={error} />
      <Button onClick={onClose}>{A.cancel}</Button>
    </div>
  );
}
