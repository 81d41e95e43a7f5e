import { useEffect, useState } from 'preact/hooks';
import { nextOfflineToken, offlineProgramIds, type StoredOfflineToken } from '../portal-pwa/offline-tokens';
import { formatSeoulDateTime } from '../ui/format';
import { Button } from '../ui/Button';
import { Screen } from '../ui/Screen';
import { programName } from './HomeScreen';
import { P } from './messages';
import { usePortal } from './portal-context';
import { QrCode } from './QrCode';

/** 오프라인 QR결제: one of the kept offline tokens as a QR code, with no network and no session needed. */
export function OfflineQrScreen() {
  const portal = usePortal();
  const [programs, setPrograms] = useState<string[] | null>(null);
  const [shown, setShown] = useState<StoredOfflineToken | null>(null);

  useEffect(() => {
    void offlineProgramIds().then(setPrograms, () => setPrograms([]));
  }, []);

  return (
    <Screen title={P.offlineTitle} onBack={() => portal.go({ name: portal.session ? 'home' : 'login' })}>
      <p>{P.offlineHint}</p>
      {programs && programs.length === 0 ? <p role="status">{P.offlineNone}</p> : null}
      {shown ? (
        <div class="qr-panel">
          <QrCode text={shown.token} label={P.offlineTitle} />
          <p>{P.offlineValidUntil(formatSeoulDateTime(shown.expiresAt))}</p>
        </div>
      ) : (
        programs?.map((programId) => (
          <Button key={programId} variant="primary" large onClick={() => void nextOfflineToken(programId).then(setShown)}>
            {P.offlineShow(programName(programId))}
          </Button>
        ))
      )}
    </Screen>
  );
}
