import { useRef, useState } from 'preact/hooks';
import { ApiError, pay } from '../api/client';
import type { PaymentRequest, Receipt } from '../domain/wire';
import type { ShownError } from '../ui/ErrorNotice';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';

type PaymentDraft = Omit<PaymentRequest, 'paymentId' | 'deviceAt' | 'method' | 'mode'>;

export interface PaymentState {
  readonly sending: boolean;
  readonly error: ShownError | null;
  /** Under the error: "결제되지 않았습니다" for a refusal, the retry promise when the outcome is unknown. */
  readonly note: string | undefined;
  /**
   * True once an attempt's outcome is unknown: the screen freezes its inputs and 이전, and 확인
   * resends the very same request under the same id (a changed body would be refused as 2107).
   */
  readonly locked: boolean;
  send(draft: PaymentDraft): void;
}

/**
 * 결제 전송 for one confirmation screen. The payment id (the host's idempotency key) is made once
 * and kept across retries: after a network failure, a 5xx or a 429 the outcome is unknown, and
 * sending the same id again returns the original result instead of paying twice. Only a definite
 * refusal (4xx: nothing was applied) lets the next attempt use a new id, so the worker can correct
 * the split or the amount without tripping 2107 (same id, different body); once an outcome was
 * unknown the id is never replaced on this screen.
 */
export function usePayment(onPaid: (receipt: Receipt) => void): PaymentState {
  const app = useApp();
  const paymentIdRef = useRef<string>(crypto.randomUUID());
  const sendingRef = useRef(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [note, setNote] = useState<string | undefined>(undefined);
  const [locked, setLocked] = useState(false);
  const lockedRef = useRef(false);
  const lastBodyRef = useRef<PaymentRequest | null>(null);

  const send = (draft: PaymentDraft) => {
    if (sendingRef.current) return;
    sendingRef.current = true;
    setSending(true);
    setError(null);
    setNote(undefined);
    // The host hashes the whole request (deviceAt included): a retry of an unknown outcome must be
    // byte-for-byte the first attempt, or it would be refused as 2107 instead of answered.
    const body: PaymentRequest =
      lockedRef.current && lastBodyRef.current
        ? lastBodyRef.current
        : { ...draft, paymentId: paymentIdRef.current, method: 'card', mode: 'normal', deviceAt: Date.now() };
    lastBodyRef.current = body;
    pay(body).then(
      (receipt) => {
        sendingRef.current = false;
        onPaid(receipt);
      },
      (cause: unknown) => {
        sendingRef.current = false;
        setSending(false);
        const shown = app.showError(cause);
        if (!shown) return;
        setError(shown);
        if (cause instanceof ApiError && cause.isDefiniteRefusal && !lockedRef.current) {
          paymentIdRef.current = crypto.randomUUID();
          setNote(T.payRefused);
        } else {
          lockedRef.current = true;
          setLocked(true);
          setNote(T.payUnknown);
        }
      },
    );
  };

  return { sending, error, note, locked, send };
}
