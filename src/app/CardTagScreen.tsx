import { useEffect, useRef, useState } from 'preact/hooks';
import { cardLookup, networkError } from '../api/client';
import { CardReadError, type CardReader } from '../device/card-reader';
import { findProgram, type ProgramId } from '../domain/catalog';
import { messageKo } from '../domain/errors';
import type { CardRead } from '../domain/wire';
import { Button } from '../ui/Button';
import { ErrorNotice, type ShownError } from '../ui/ErrorNotice';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import { NfcTagArea, TypedCardField, useTypedCard } from './CardEntry';
import { deviceDeadline } from './clock';
import { identifyFromSnapshot, usesDeviceSnapshot, type CaptureContext } from './offline-capture';

type Mode = 'nfc' | 'typed';

/**
 * 카드 태깅: scans with Web NFC from the moment the screen opens (the tap on 카드 is the user
 * gesture Chrome asks for); where there is no NFC, or on 카드번호 직접 입력, the 16-digit number is
 * typed on the terminal keypad. Either way the card goes to the host (cardLookup) and the voucher
 * screen opens; a refusal is shown with its code and the reader waits for the next card. When the
 * host cannot be reached (0104, or the browser knows it is offline) the card is looked up in the
 * device snapshot instead and the voucher screen opens in offline mode.
 */
export function CardTagScreen({ programId }: { programId: ProgramId }) {
  const app = useApp();
  const program = findProgram(programId);
  const [mode, setMode] = useState<Mode>(app.reader.kind);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [needsGesture, setNeedsGesture] = useState(false);
  const typed = useTypedCard(setError);
  const busyRef = useRef(false);

  const reader: CardReader = mode === 'nfc' ? app.reader : typed.reader;

  useEffect(() => {
    const controller = new AbortController();
    let live = true;
    reader
      .read(controller.signal)
      .then((card) => lookup(card))
      .catch((cause: unknown) => {
        if (!live || controller.signal.aborted) return;
        if (cause instanceof CardReadError) {
          if (cause.kind === 'not-allowed') setNeedsGesture(true);
          setError({ code: '', message: cause.message });
          if (cause.kind === 'unreadable') setAttempt((n) => n + 1);
        }
      });
    return () => {
      live = false;
      controller.abort();
    };
    // A new read per mode and per attempt; `lookup` only uses stable values and setters.
  }, [reader, attempt]);

  async function lookup(card: CardRead) {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setError(null);
    try {
      if (navigator.onLine === false) throw networkError();
      const voucher = await cardLookup({ programId, card });
      app.noteHostNow(voucher.hostNow);
      const deadlineAt = deviceDeadline(voucher.expiresAt, voucher.hostNow, Date.now());
      // The device may know more than the host about the worker's open service: one started with
      // no signal (only here), or one already paid through the outbox (not yet on the host). A
      // shared terminal knows its worker only after the 결제 ID (WorkerIdScreen resolves it there).
      const local = await app.device.findVoucherByCard(programId, card).catch(() => undefined);
      const workerId = app.session?.worker.id;
      const resolved =
        voucher.needsWorker === true || workerId === undefined
          ? null
          : await app.device.resolveOpenService(local?.voucherId ?? null, workerId, voucher.openService).catch(() => null);
      const capture: CaptureContext = {
        card,
        offline: false,
        voucherId: local?.voucherId ?? null,
        openServiceSource: resolved?.source ?? null,
      };
      app.flow.identified({ voucher: { ...voucher, openService: resolved?.openService ?? null }, deadlineAt, capture });
    } catch (cause) {
      if (usesDeviceSnapshot(cause) && (await openFromDevice(card))) return;
      setError(app.showError(cause));
      typed.setNumber('');
      // Wait for the next card (or the next typed number).
      setAttempt((n) => n + 1);
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }

  /** No host: the voucher from the device snapshot. False when the snapshot does not know the card (shown as 2001). */
  async function openFromDevice(card: CardRead): Promise<boolean> {
    const local = await app.device.findVoucherByCard(programId, card).catch(() => undefined);
    if (local === undefined) {
      setError({ code: '2001', message: messageKo('2001') });
      typed.setNumber('');
      setAttempt((n) => n + 1);
      return true;
    }
    const identified = await identifyFromSnapshot(app.device, local, {
      programId,
      shared: app.terminalProfile === 'shared',
      workerId: app.session?.worker.id,
      fallbackInstitutionName: app.session?.institution.name ?? '',
      source: { card },
      now: Date.now(),
    });
    app.flow.identified(identified);
    return true;
  }

  const submitTyped = () => {
    if (busy || !typed.complete) return;
    typed.submit();
  };

  return (
    <Screen
      title={T.tagTitle}
      kicker={program?.nameKo}
      onBack={app.flow.back}
      onConfirm={mode === 'typed' ? submitTyped : undefined}
      confirmDisabled={!typed.complete}
      busy={busy}
    >
      {mode === 'nfc' ? (
        <NfcTagArea hint={T.tagHint}>
          {needsGesture ? (
            <Button
              variant="primary"
              large
              onClick={() => {
                setNeedsGesture(false);
                setError(null);
                setAttempt((n) => n + 1);
              }}
            >
              {T.tagStart}
            </Button>
          ) : null}
        </NfcTagArea>
      ) : (
        <TypedCardField id="card-number" card={typed} onNext={submitTyped} disabled={busy} />
      )}
      {busy ? (
        <p class="status-line" role="status">
          {T.tagLookup}
        </p>
      ) : null}
      <ErrorNotice error={error} />
      {app.reader.kind === 'nfc' ? (
        <Button variant="plain" onClick={() => setMode(mode === 'nfc' ? 'typed' : 'nfc')} disabled={busy}>
          {mode === 'nfc' ? T.tagTyped : T.tagUseNfc}
        </Button>
      ) : null}
    </Screen>
  );
}
