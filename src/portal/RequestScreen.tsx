import { useCallback, useEffect, useState } from 'preact/hooks';
import { approvalOptions, approve, decline, pendingRequests, qrToken } from '../api/portal';
import type { PendingRequest, QrToken } from '../domain/portal';
import { Button } from '../ui/Button';
import { ErrorNotice, InfoNotice, type ShownError } from '../ui/ErrorNotice';
import { formatKrw, minutesSeconds } from '../ui/format';
import { Screen } from '../ui/Screen';
import { useCountdown } from '../ui/useCountdown';
import { programName } from './HomeScreen';
import { P } from './messages';
import { usePortal } from './portal-context';
import { QrCode } from './QrCode';

/** A QR code of a fresh host-signed token, with its countdown; a new one on request once it ran out. */
function QrPanel({ request }: { request: PendingRequest }) {
  const portal = usePortal();
  const [token, setToken] = useState<(QrToken & { deadline: number }) | null>(null);
  const [expired, setExpired] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const fetchToken = useCallback(() => {
    setExpired(false);
    setError(null);
    qrToken(request.id).then(
      // The countdown runs on the device clock: the host's validity, shifted by the clock difference.
      (fresh) => setToken({ ...fresh, deadline: Date.now() + (fresh.expiresAt - fresh.hostNow) }),
      (cause: unknown) => setError(portal.showError(cause)),
    );
  }, [request.id, portal]);
  useEffect(fetchToken, [fetchToken]);

  return (
    <>
      <ErrorNotice error={error} />
      {token && !expired ? <QrWithCountdown token={token} onExpire={() => setExpired(true)} /> : null}
      {expired ? (
        <>
          <p role="status">{P.qrExpired}</p>
          <Button variant="primary" large onClick={fetchToken}>
            {P.qrRenew}
          </Button>
        </>
      ) : null}
    </>
  );
}

function QrWithCountdown({ token, onExpire }: { token: QrToken & { deadline: number }; onExpire: () => void }) {
  const left = useCountdown(token.deadline, onExpire);
  const { m, s } = minutesSeconds(Math.max(0, left));
  return (
    <div class="qr-panel">
      <p>{P.qrHint}</p>
      <QrCode text={token.token} label={P.requestTitleQr} />
      <p class="strong" role="timer" aria-live="off">
        {P.qrLeft(m, s)}
      </p>
    </div>
  );
}

/** 생체인증결제 승인: what is asked, then fingerprint / face (WebAuthn, user verification required). */
function BiometricPanel({ request, onDone }: { request: PendingRequest; onDone: (note: string) => void }) {
  const portal = usePortal();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const { startAuthentication } = await import('@simplewebauthn/browser');
      const options = await approvalOptions(request.id);
      const response = await startAuthentication({ optionsJSON: options as unknown as Parameters<typeof startAuthentication>[0]['optionsJSON'] });
      await approve(request.id, response);
      onDone(P.approved);
    } catch (cause) {
      if (cause instanceof Error && (cause.name === 'NotAllowedError' || cause.name === 'AbortError')) {
        setError({ code: '', message: P.biometricCancelled });
      } else {
        setError(portal.showError(cause));
      }
      setBusy(false);
    }
  };

  const refuse = async () => {
    setBusy(true);
    try {
      await decline(request.id);
      onDone(P.declined);
    } catch (cause) {
      setError(portal.showError(cause));
      setBusy(false);
    }
  };

  return (
    <>
      {request.amountCapKrw !== null ? (
        <dl class="facts">
          <div>
            <dt>{P.amountCap}</dt>
            <dd class="money strong">{formatKrw(request.amountCapKrw)}</dd>
          </div>
        </dl>
      ) : null}
      <p class="field-hint">{P.approveCovers}</p>
      <ErrorNotice error={error} />
      <Button variant="primary" large disabled={busy} onClick={confirm}>
        {P.approve}
      </Button>
      <Button variant="danger" large disabled={busy} onClick={refuse}>
        {P.decline}
      </Button>
    </>
  );
}

/** A payment request opened from the list, a push or a live signal: QR결제 or 생체인증결제. */
export function RequestScreen({ id }: { id: string }) {
  const portal = usePortal();
  const [request, setRequest] = useState<PendingRequest | null | 'loading'>('loading');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<ShownError | null>(null);

  useEffect(() => {
    pendingRequests().then(
      ({ requests }) => setRequest(requests.find((r) => r.id === id) ?? null),
      (cause: unknown) => {
        setError(portal.showError(cause));
        setRequest(null);
      },
    );
  }, [id]);

  const found = request !== 'loading' && request !== null ? request : null;
  const title = found?.kind === 'biometric' ? P.requestTitleBio : P.requestTitleQr;
  return (
    <Screen title={title} kicker={found ? programName(found.programId) : undefined} onBack={() => portal.go({ name: 'home' })}>
      <ErrorNotice error={error} />
      {request === null && !error ? <p role="status">{P.requestGone}</p> : null}
      {found ? <p>{P.requestFrom(found.institutionName, found.workerName)}</p> : null}
      <InfoNotice text={done} />
      {found && !done ? found.kind === 'qr' ? <QrPanel request={found} /> : <BiometricPanel request={found} onDone={setDone} /> : null}
      {done ? (
        <Button large onClick={() => portal.go({ name: 'home' })}>
          {P.toHome}
        </Button>
      ) : null}
    </Screen>
  );
}
