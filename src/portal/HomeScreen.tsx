import { useEffect, useState } from 'preact/hooks';
import { inbox, logout, myVouchers, pendingRequests } from '../api/portal';
import { findProgram } from '../domain/catalog';
import type { MyVouchers, PendingRequest } from '../domain/portal';
import { Button } from '../ui/Button';
import { ErrorNotice, type ShownError } from '../ui/ErrorNotice';
import { formatKrw, formatServiceDate } from '../ui/format';
import { Screen } from '../ui/Screen';
import { P } from './messages';
import { usePortal } from './portal-context';

export const programName = (programId: string): string => findProgram(programId)?.nameKo ?? programId;

/** 내 바우처: the balance of each program, this month's payments and cancellations, waiting requests, the menu. */
export function HomeScreen() {
  const portal = usePortal();
  const [vouchers, setVouchers] = useState<MyVouchers | null>(null);
  const [requests, setRequests] = useState<PendingRequest[]>([]);
  const [unread, setUnread] = useState(0);
  const [error, setError] = useState<ShownError | null>(null);

  useEffect(() => {
    Promise.all([myVouchers(), pendingRequests(), inbox()]).then(
      ([mine, pending, messages]) => {
        setVouchers(mine);
        setRequests(pending.requests);
        setUnread(messages.unread);
        setError(null);
      },
      (cause: unknown) => setError(portal.showError(cause)),
    );
  }, [portal.liveTick]);

  const signOut = async () => {
    await logout().catch(() => undefined);
    portal.setSession(null);
    portal.go({ name: 'login' });
  };

  return (
    <Screen title={P.homeTitle} kicker={portal.session ? P.greeting(portal.session.recipient.name) : P.portalName}>
      <ErrorNotice error={error} />
      {requests.length > 0 ? (
        <section class="portal-section" aria-labelledby="pending-title">
          <h2 id="pending-title">{P.pending}</h2>
          <ul class="portal-list">
            {requests.map((request) => (
              <li key={request.id} class="portal-card">
                <p class="strong">{programName(request.programId)}</p>
                <p>{P.requestFrom(request.institutionName, request.workerName)}</p>
                <Button variant="primary" large onClick={() => portal.go({ name: 'request', id: request.id })}>
                  {P.openRequest(request.kind)}
                </Button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {vouchers ? (
        vouchers.vouchers.length === 0 ? (
          <p>{P.noVouchers}</p>
        ) : (
          vouchers.vouchers.map((voucher) => (
            <section key={voucher.programId} class="portal-section portal-card" aria-label={programName(voucher.programId)}>
              <h2>{programName(voucher.programId)}</h2>
              <dl class="facts">
                <div>
                  <dt>{P.balance}</dt>
                  <dd class="money strong">{formatKrw(voucher.balanceKrw)}</dd>
                </div>
                <div>
                  <dt>{P.granted}</dt>
                  <dd class="money">{formatKrw(voucher.grantedKrw)}</dd>
                </div>
              </dl>
              <h3>{P.thisMonth(voucher.month)}</h3>
              {voucher.activity.length === 0 ? (
                <p>{P.noActivity}</p>
              ) : (
                <ul class="portal-list">
                  {voucher.activity.map((item) => (
                    <li key={`${item.kind}-${item.approvalNumber}`} class="activity">
                      <span>{item.kind === 'payment' ? P.payment : P.cancel}</span>
                      <span>{formatServiceDate(item.serviceDate)}</span>
                      <span>{item.institutionName}</span>
                      <span class="money">
                        {item.kind === 'payment' ? '' : '-'}
                        {formatKrw(item.amountKrw)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ))
        )
      ) : null}
      <nav class="portal-menu" aria-label="메뉴">
        <Button large onClick={() => portal.go({ name: 'inbox' })}>
          {P.inbox(unread)}
        </Button>
        <Button large onClick={() => portal.go({ name: 'settings' })}>
          {P.settings}
        </Button>
        <Button large onClick={() => portal.go({ name: 'offline' })}>
          {P.offlineQr}
        </Button>
        <Button variant="plain" onClick={signOut}>
          {P.logout}
        </Button>
      </nav>
    </Screen>
  );
}
