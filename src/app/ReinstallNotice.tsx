import { useState } from 'preact/hooks';
import { reclaimTerminal } from '../api/client';
import type { ReinstallCandidate } from '../domain/wire';
import { Button } from '../ui/Button';
import { ErrorNotice, type ShownError } from '../ui/ErrorNotice';
import { formatSeoulDateTime } from '../ui/format';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';

/**
 * 재설치 확인, on the home screen after the first login of a new registration, when the host found
 * the terminal this worker used before on a device of the same model. A web app cannot tell a
 * re-install from a new phone by itself (the id it kept went with the old installation), so the
 * worker says which: 같은 기기입니다 takes the old terminal and its 단말번호 over (the institution
 * keeps counting one terminal); 새 기기입니다 keeps this one as a new terminal. Nothing waits on
 * the answer: payments can be taken meanwhile (then the new terminal stays).
 */
export function ReinstallNotice({ candidate }: { candidate: ReinstallCandidate }) {
  const app = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const session = app.session;

  const forget = () => {
    if (session) app.setSession({ ...session, reinstall: undefined }, { cached: true });
  };

  const same = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const next = await reclaimTerminal({ terminalNumber: candidate.terminalNumber });
      app.setSession(next);
      app.nav.home(T.reinstallKept(next.terminal.terminalNumber));
    } catch (cause) {
      setBusy(false);
      setError(app.showError(cause));
    }
  };

  return (
    <section class="notice notice-info" aria-labelledby="reinstall-title">
      <h2 id="reinstall-title" class="notice-message">
        {T.reinstallQuestion}
      </h2>
      <p class="notice-note">{T.reinstallHint}</p>
      <dl class="facts">
        <div>
          <dt>{T.terminalNumber}</dt>
          <dd class="money" data-testid="reinstall-terminal-number">
            {candidate.terminalNumber}
          </dd>
        </div>
        <div>
          <dt>{T.reinstallLastSeen}</dt>
          <dd class="money">{formatSeoulDateTime(candidate.lastSeenAt)}</dd>
        </div>
      </dl>
      <ErrorNotice error={error} />
      <div class="row-buttons">
        <Button variant="primary" large onClick={same} disabled={busy}>
          {T.reinstallSame}
        </Button>
        <Button large onClick={forget} disabled={busy}>
          {T.reinstallNew}
        </Button>
      </div>
    </section>
  );
}
