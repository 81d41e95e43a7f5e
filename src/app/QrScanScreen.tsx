import { useEffect, useRef, useState } from 'preact/hooks';
import { createQrScanner, QrScanError, type QrScanner } from '../device/qr-scanner';
import { findProgram } from '../domain/catalog';
import { ErrorNotice, type ShownError } from '../ui/ErrorNotice';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import type { FlowState } from './payment-flow';
import { RequestTimer } from './RequestTimer';

type RequestState = Extract<FlowState, { step: 'request' }>;

let shared: QrScanner | null = null;
/** One scanner for the app's life: the choice between BarcodeDetector and html5-qrcode is made once. */
const scanner = (): QrScanner => (shared ??= createQrScanner());

/** How long after a refused code the camera scans again (the same code is not sent twice in a row). */
const RESCAN_MS = 800;

/**
 * QR코드 스캔: the camera from the moment the screen opens; the first QR code read goes to the
 * flow (redeemed by the host, or with no signal checked on the device), and a refused one is shown
 * with its code while the camera scans on.
 */
export function QrScanScreen({ state }: { state: RequestState }) {
  const app = useApp();
  const hostRef = useRef<HTMLDivElement>(null);
  const [round, setRound] = useState(0);
  const [checking, setChecking] = useState(false);
  const [cameraError, setCameraError] = useState<ShownError | null>(null);
  const refusedRef = useRef<string | null>(null);
  const offline = state.stage === 'offlineScan';

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const controller = new AbortController();
    let live = true;
    const run = async () => {
      for (;;) {
        const text = await scanner().scan(host, controller.signal);
        if (!live) return;
        if (text === refusedRef.current) {
          await new Promise((resolve) => setTimeout(resolve, RESCAN_MS));
          if (!live) return;
          continue;
        }
        setChecking(true);
        await (offline ? app.flow.scannedOffline(text) : app.flow.scanned(text));
        if (!live) return;
        setChecking(false);
        refusedRef.current = text;
        await new Promise((resolve) => setTimeout(resolve, RESCAN_MS));
        if (!live) return;
      }
    };
    run().catch((cause: unknown) => {
      if (!live || controller.signal.aborted) return;
      setChecking(false);
      setCameraError({ code: '', message: cause instanceof QrScanError ? cause.message : String(cause) });
    });
    return () => {
      live = false;
      controller.abort();
    };
    // One scanning loop per screen (and per 다시 시도 after a camera failure).
  }, [round, offline]);

  return (
    <Screen
      title={T.scanTitle}
      kicker={`${findProgram(state.programId)?.nameKo ?? ''} · ${T.methodQr}`}
      onBack={app.flow.back}
      onConfirm={
        cameraError
          ? () => {
              setCameraError(null);
              setRound((n) => n + 1);
            }
          : undefined
      }
      confirmLabel={T.retry}
    >
      <p class="field-hint">{offline ? T.scanOfflineHint : T.scanHint}</p>
      <div class="qr-camera" ref={hostRef} data-testid="qr-camera" />
      {checking ? (
        <p class="status-line" role="status">
          {T.scanChecking}
        </p>
      ) : null}
      <ErrorNotice error={cameraError ?? state.error} />
      {offline ? null : <RequestTimer sent={state.sent} />}
    </Screen>
  );
}
