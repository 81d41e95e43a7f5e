import { useState } from 'preact/hooks';
import { bindWorker, networkError } from '../api/client';
import { findProgram } from '../domain/catalog';
import { messageKo } from '../domain/errors';
import type { OpenService } from '../domain/wire';
import { Button } from '../ui/Button';
import { ErrorNotice, type ShownError } from '../ui/ErrorNotice';
import { KeypadField } from '../ui/KeypadField';
import { WORKER_ID_RULES } from '../ui/keypad-input';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useLive } from '../ui/useLive';
import { useApp, type DeviceServices } from './app-context';
import { snapshotOpenService } from './offline-capture';
import type { FlowWorker, Identified } from './payment-flow';

/**
 * 제공인력 결제 ID 입력 (shared terminals, SPEC §5.2): after the card (or QR, or 생체인증) step and
 * before the voucher screen, the worker enters their 결제 ID on the keypad — or 직전ID선택 fills in
 * the last one used here. The host checks the worker belongs to the institution and may use this
 * terminal (0273 otherwise) and binds the voucher screen to them; with no signal the device's last
 * snapshot checks it, and the host checks again when the capture syncs. Whatever is paid next is
 * recorded under this worker, and only their own 서비스 시작 shows on the voucher screen.
 */
export function WorkerIdScreen({ identified }: { identified: Identified }) {
  const app = useApp();
  const program = findProgram(identified.voucher.programId);
  const last = useLive(app.device.lastWorkerPaymentId, [app.device]);
  const [id, setId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const offline = identified.capture?.offline === true;

  const refuse = (shown: ShownError | null) => {
    setBusy(false);
    setId('');
    setError(shown);
  };

  const confirm = async () => {
    if (busy || id === '') return;
    setBusy(true);
    setError(null);
    let worker: FlowWorker;
    /** The worker's own open service as the host (or, offline, the snapshot) knows it. */
    let hostOpen: OpenService | null;
    try {
      if (offline) {
        const known = await app.device.findTerminalWorker(id);
        if (!known) {
          refuse({ code: '0273', message: messageKo('0273') });
          return;
        }
        worker = { workerId: known.workerId, paymentId: known.paymentId, name: null };
        const voucherId = identified.capture?.voucherId ?? null;
        const local = voucherId === null ? undefined : (await app.device.listVouchers()).find((row) => row.voucherId === voucherId);
        hostOpen = local ? snapshotOpenService(local, worker.workerId) : null;
      } else {
        if (navigator.onLine === false) throw networkError();
        const bound = await bindWorker({ lookupId: identified.voucher.lookupId, workerPaymentId: id });
        worker = { workerId: bound.workerId, paymentId: bound.paymentId, name: bound.name };
        hostOpen = bound.openService;
      }
    } catch (cause) {
      refuse(app.showError(cause));
      return;
    }
    await app.device.rememberLastWorkerPaymentId(worker.paymentId).catch(() => undefined);
    const resolved = await app.device.resolveOpenService(identified.capture?.voucherId ?? null, worker.workerId, hostOpen).catch(() => null);
    openVoucherFor(worker, resolved);
  };

  /** The voucher screen opens for this worker, with their own open service (the card step could not know whose). */
  const openVoucherFor = (worker: FlowWorker, resolved: Awaited<ReturnType<DeviceServices['resolveOpenService']>>) => {
    app.flow.workerEntered(worker, { openService: resolved?.openService ?? null, source: resolved?.source ?? null });
  };

  return (
    <Screen
      title={T.workerIdTitle}
      kicker={program?.nameKo}
      onBack={app.flow.back}
      onConfirm={() => void confirm()}
      confirmDisabled={id === ''}
      busy={busy}
    >
      <p class="prompt">{T.workerIdPrompt}</p>
      <Button large onClick={() => last && setId(last)} disabled={!last || busy}>
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
        disabled={busy}
      />
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
    </Screen>
  );
}
