import { useEffect, useRef, useState } from 'preact/hooks';
import { bindWorker, networkError } from '../api/client';
import { CardReadError, type CardReader } from '../device/card-reader';
import { findProgram } from '../domain/catalog';
import { messageKo } from '../domain/errors';
import type { CardRead, OpenService } from '../domain/wire';
import { Button } from '../ui/Button';
import { ErrorNotice, type ShownError } from '../ui/ErrorNotice';
import { KeypadField } from '../ui/KeypadField';
import { WORKER_ID_RULES } from '../ui/keypad-input';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useLive } from '../ui/useLive';
import { useApp } from './app-context';
import { NfcTagArea, TypedCardField, useTypedCard } from './CardEntry';
import { snapshotOpenService } from './offline-capture';
import type { FlowWorker, Identified } from './payment-flow';

/** How the worker names themselves on a shared terminal: their 결제 ID, or their 제공인력카드. */
type WorkerName = { readonly paymentId: string } | { readonly card: CardRead };

/** Programs whose workers enter with the 제공인력카드 instead of the 결제 ID (the seed: 가사간병방문사업). */
const ENTERS_BY_WORKER_CARD: ReadonlySet<string> = new Set(['home-care']);

/**
 * 제공인력 결제 ID 입력 (shared terminals, SPEC §5.2): after the card (or QR, or 생체인증) step and
 * before the voucher screen, the worker enters their 결제 ID on the keypad — or 직전ID선택 fills in
 * the last one used here. 가사간병방문지원 is entered with the 제공인력카드 instead (tagged, or its
 * number typed where there is no NFC). The host checks the worker belongs to the institution and
 * may use this terminal (0273 otherwise) and binds the voucher screen to them; with no signal the
 * device's last snapshot checks it (결제 IDs, and only hashes of the cards), and the host checks
 * again when the capture syncs. Whatever is paid next is recorded under this worker, and only
 * their own 서비스 시작 shows on the voucher screen.
 */
export function WorkerIdScreen({ identified }: { identified: Identified }) {
  return ENTERS_BY_WORKER_CARD.has(identified.voucher.programId) ? (
    <WorkerCardEntry identified={identified} />
  ) : (
    <WorkerPaymentIdEntry identified={identified} />
  );
}

/** Resolves the worker (host, or offline the snapshot) and opens the voucher screen for them; a refusal is shown. */
function useWorkerEntry(identified: Identified) {
  const app = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const busyRef = useRef(false);
  const offline = identified.capture?.offline === true;

  /** True when the voucher screen opened; false after a refusal (shown). */
  const enter = async (name: WorkerName): Promise<boolean> => {
    if (busyRef.current) return false;
    busyRef.current = true;
    setBusy(true);
    setError(null);
    let worker: FlowWorker;
    /** The worker's own open service as the host (or, offline, the snapshot) knows it. */
    let hostOpen: OpenService | null;
    try {
      if (offline) {
        const known = 'card' in name ? await app.device.findTerminalWorkerByCard(name.card) : await app.device.findTerminalWorker(name.paymentId);
        if (!known) {
          busyRef.current = false;
          setBusy(false);
          setError({ code: '0273', message: messageKo('0273') });
          return false;
        }
        worker = { workerId: known.workerId, paymentId: known.paymentId, name: null };
        const voucherId = identified.capture?.voucherId ?? null;
        const local = voucherId === null ? undefined : (await app.device.listVouchers()).find((row) => row.voucherId === voucherId);
        hostOpen = local ? snapshotOpenService(local, worker.workerId) : null;
      } else {
        if (navigator.onLine === false) throw networkError();
        const lookupId = identified.voucher.lookupId;
        const bound = await bindWorker('card' in name ? { lookupId, workerCard: name.card } : { lookupId, workerPaymentId: name.paymentId });
        worker = { workerId: bound.workerId, paymentId: bound.paymentId, name: bound.name };
        hostOpen = bound.openService;
      }
    } catch (cause) {
      busyRef.current = false;
      setBusy(false);
      setError(app.showError(cause));
      return false;
    }
    await app.device.rememberLastWorkerPaymentId(worker.paymentId).catch(() => undefined);
    const resolved = await app.device.resolveOpenService(identified.capture?.voucherId ?? null, worker.workerId, hostOpen).catch(() => null);
    // The voucher screen opens for this worker, with their own open service (the card step could not know whose).
    app.flow.workerEntered(worker, { openService: resolved?.openService ?? null, source: resolved?.source ?? null });
    return true;
  };

  return { busy, error, setError, offline, enter };
}

function WorkerPaymentIdEntry({ identified }: { identified: Identified }) {
  const app = useApp();
  const program = findProgram(identified.voucher.programId);
  const last = useLive(app.device.lastWorkerPaymentId, [app.device]);
  const [id, setId] = useState('');
  const entry = useWorkerEntry(identified);

  const confirm = async () => {
    if (entry.busy || id === '') return;
    if (!(await entry.enter({ paymentId: id }))) setId('');
  };

  return (
    <Screen
      title={T.workerIdTitle}
      kicker={program?.nameKo}
      onBack={app.flow.back}
      onConfirm={() => void confirm()}
      confirmDisabled={id === ''}
      busy={entry.busy}
    >
      <p class="prompt">{T.workerIdPrompt}</p>
      <Button large onClick={() => last && setId(last)} disabled={!last || entry.busy}>
        {last ? T.workerIdLastOf(last) : T.workerIdLast}
      </Button>
      <KeypadField
        id="worker-id"
        label={T.workerIdLabel}
        value={id}
        rules={WORKER_ID_RULES}
        onChange={setId}
        onNext={() => void confirm()}
        nextDisabled={id === ''}
        disabled={entry.busy}
      />
      <WorkerEntryStatus offline={entry.offline} busy={entry.busy} error={entry.error} />
    </Screen>
  );
}

/**
 * 제공인력카드 태깅 (가사간병방문지원): scans with Web NFC from the moment the screen opens, like
 * 카드 태깅; where there is no NFC, or on 카드번호 직접 입력, the card's 16 digits are typed. A
 * refused card is shown with its code and the reader waits for the next one.
 */
function WorkerCardEntry({ identified }: { identified: Identified }) {
  const app = useApp();
  const program = findProgram(identified.voucher.programId);
  const entry = useWorkerEntry(identified);
  const typed = useTypedCard(entry.setError);
  const [mode, setMode] = useState<'nfc' | 'typed'>(app.reader.kind);
  const [attempt, setAttempt] = useState(0);
  const [needsGesture, setNeedsGesture] = useState(false);
  const reader: CardReader = mode === 'nfc' ? app.reader : typed.reader;

  useEffect(() => {
    const controller = new AbortController();
    let live = true;
    reader
      .read(controller.signal)
      .then(async (card) => {
        if (await entry.enter({ card })) return;
        typed.setNumber('');
        // Wait for the next card (or the next typed number).
        if (live) setAttempt((n) => n + 1);
      })
      .catch((cause: unknown) => {
        if (!live || controller.signal.aborted) return;
        if (cause instanceof CardReadError) {
          if (cause.kind === 'not-allowed') setNeedsGesture(true);
          entry.setError({ code: '', message: cause.message });
          if (cause.kind === 'unreadable') setAttempt((n) => n + 1);
        }
      });
    return () => {
      live = false;
      controller.abort();
    };
    // A new read per mode and per attempt; `enter` only uses stable values and setters.
  }, [reader, attempt]);

  const submitTyped = () => {
    if (entry.busy || !typed.complete) return;
    typed.submit();
  };

  return (
    <Screen
      title={T.workerCardTitle}
      kicker={program?.nameKo}
      onBack={app.flow.back}
      onConfirm={mode === 'typed' ? submitTyped : undefined}
      confirmDisabled={!typed.complete}
      busy={entry.busy}
    >
      {mode === 'nfc' ? (
        <NfcTagArea prompt={T.workerCardPrompt} hint={T.workerCardHint}>
          {needsGesture ? (
            <Button
              variant="primary"
              large
              onClick={() => {
                setNeedsGesture(false);
                entry.setError(null);
                setAttempt((n) => n + 1);
              }}
            >
              {T.tagStart}
            </Button>
          ) : null}
        </NfcTagArea>
      ) : (
        <TypedCardField id="worker-card-number" label={T.workerCardNumberLabel} card={typed} onNext={submitTyped} disabled={entry.busy} />
      )}
      <WorkerEntryStatus offline={entry.offline} busy={entry.busy} error={entry.error} />
      {app.reader.kind === 'nfc' ? (
        <Button variant="plain" onClick={() => setMode(mode === 'nfc' ? 'typed' : 'nfc')} disabled={entry.busy}>
          {mode === 'nfc' ? T.tagTyped : T.tagUseNfc}
        </Button>
      ) : null}
    </Screen>
  );
}

function WorkerEntryStatus({ offline, busy, error }: { offline: boolean; busy: boolean; error: ShownError | null }) {
  return (
    <>
      {offline ? (
        <p class="offline-note" role="note">
          {T.workerIdOffline}
        </p>
      ) : null}
      {busy ? (
        <p class="status-line" role="status">
          {T.workerIdChecking}
        </p>
      ) : null}
      <ErrorNotice error={error} />
    </>
  );
}
