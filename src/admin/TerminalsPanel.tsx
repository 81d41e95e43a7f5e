import { listTerminals, setTerminalProfile, setTerminalStatus } from '../api/admin';
import { formatSeoulDateTime } from '../ui/format';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Panel, Status, useAction, useLoad } from './admin-ui';
import { A } from './messages.ko';

export function TerminalsPanel() {
  const terminals = useLoad(listTerminals);
  const action = useAction();
  const act = (run: () => Promise<unknown>) => void action.run(run).then(() => terminals.reload());
  return (
    <Panel title={A.terminalsTitle}>
      <Status error={action.error} info={action.info} />
      <ErrorNotice error={terminals.error} />
      <table class="admin-table">
        <caption class="visually-hidden">{A.terminalsTitle}</caption>
        <thead>
          <tr>
            <th scope="col">{A.terminalNumber}</th>
            <th scope="col">{A.model}</th>
            <th scope="col">{A.version}</th>
            <th scope="col">{A.lastSeen}</th>
            <th scope="col">{A.usage}</th>
            <th scope="col">{A.workerStatus}</th>
            <th scope="col">{A.offlineReceived}</th>
            <th scope="col">{A.pending}</th>
            <th scope="col">{A.workerActions}</th>
          </tr>
        </thead>
        <tbody>
          {(terminals.data?.terminals ?? []).map((t) => (
            <tr key={t.terminalNumber}>
              <th scope="row">{t.terminalNumber}</th>
              <td>{t.model}</td>
              <td>{t.appVersion ?? '-'}</td>
              <td>{t.lastSeenAt === null ? '-' : formatSeoulDateTime(t.lastSeenAt)}</td>
              <td>{t.profile === 'personal' ? A.personal : t.workers === 'all' ? A.sharedAll : A.sharedListed(t.workers)}</td>
              <td>{t.status === 'active' ? A.active : A.revoked}</td>
              <td>
                {t.offlineSyncedCount}
                {t.flaggedCount > 0 ? ` (${A.offlineFlagged(t.flaggedCount)})` : ''}
              </td>
              <td>{t.pendingOfflineCount ?? A.unknown}</td>
              <td class="admin-actions">
                <Button
                  disabled={action.busy}
                  aria-label={`${t.terminalNumber} ${t.profile === 'personal' ? A.makeShared : A.makePersonal}`}
                  onClick={() =>
                    act(() =>
                      setTerminalProfile({
                        terminalNumber: t.terminalNumber,
                        profile: t.profile === 'personal' ? 'shared' : 'personal',
                        workers: 'all',
                      }),
                    )
                  }
                >
                  {t.profile === 'personal' ? A.makeShared : A.makePersonal}
                </Button>
                <Button
                  variant={t.status === 'active' ? 'danger' : 'secondary'}
                  disabled={action.busy}
                  aria-label={`${t.terminalNumber} ${t.status === 'active' ? A.revoke : A.restore}`}
                  onClick={() =>
                    act(() => setTerminalStatus({ terminalNumber: t.terminalNumber, status: t.status === 'active' ? 'revoked' : 'active' }))
                  }
                >
                  {t.status === 'active' ? A.revoke : A.restore}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Button onClick={terminals.reload}>{A.refresh}</Button>
    </Panel>
  );
}
