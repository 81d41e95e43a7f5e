import { useEffect, useState } from 'preact/hooks';
import { cameraAvailable } from '../device/qr-scanner';
import { useOfflineQr } from './use-offline-qr';
import { findProgram } from '../domain/catalog';
import { messageKo } from '../domain/errors';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Button } from '../ui/Button';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import type { ProgramId } from '../domain/catalog';

/**
 * 결제유형 선택: 카드, QR결제 (only on a device with a camera) and 생체인증결제. Both of these send a
 * request to the recipient's phone, so with no signal they say they need the network (2123) — except
 * QR결제 on a device whose snapshot holds the host's QR keys: it scans the portal's offline QR code.
 */
export function MethodScreen({ programId }: { programId: ProgramId }) {
  const app = useApp();
  const program = findProgram(programId);
  const camera = useCamera();
  const online = app.net.online && navigator.onLine !== false;
  const offlineQr = useOfflineQr(!online && camera === true);
  const qrUsable = camera === true && (online || offlineQr);
  return (
    <Screen title={T.methodTitle} kicker={program?.nameKo} onBack={app.flow.back}>
      <div class="choice-list">
        <Button variant="primary" large onClick={() => app.flow.chooseMethod('card')}>
          {T.methodCard}
        </Button>
        {camera === false ? null : (
          <Button
            large
            disabled={!qrUsable}
            aria-describedby="method-note"
            onClick={() => (online ? app.flow.chooseMethod('qr') : app.flow.scanOffline())}
          >
            {T.methodQr}
          </Button>
        )}
        <Button large disabled={!online} aria-describedby="method-note" onClick={() => app.flow.chooseMethod('biometric')}>
          {T.methodBiometric}
        </Button>
        {online ? (
          camera === false ? (
            <p id="method-note" class="field-hint">
              {T.methodNoCamera}
            </p>
          ) : null
        ) : offlineQr ? (
          <p id="method-note" class="field-hint">
            {T.methodOfflineQr}
          </p>
        ) : (
          <div id="method-note">
            <ErrorNotice error={{ code: '2123', message: messageKo('2123') }} note={T.methodNeedsNetwork} />
          </div>
        )}
      </div>
    </Screen>
  );
}

/** Whether the device has a camera: null until known. */
function useCamera(): boolean | null {
  const [camera, setCamera] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    void cameraAvailable().then((has) => live && setCamera(has));
    return () => {
      live = false;
    };
  }, []);
  return camera;
}
