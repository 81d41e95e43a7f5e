import { useEffect, useState } from 'preact/hooks';
import { inbox, inboxMessage } from '../api/portal';
import type { Inbox, InboxMessage } from '../domain/portal';
import { ErrorNotice, type ShownError } from '../ui/ErrorNotice';
import { formatKrw, formatSeoulDateTime, formatServiceDate } from '../ui/format';
import { Screen } from '../ui/Screen';
import { P } from './messages';
import { usePortal } from './portal-context';

const kindLabel = (message: InboxMessage): string => (message.kind === 'payment.cancelled' ? P.kindCancel : P.kindPayment);

/** 알림함: every payment and cancellation notice, newest first; a new one arrives live while open. */
export function InboxScreen() {
  const portal = usePortal();
  const [list, setList] = useState<Inbox | null>(null);
  const [error, setError] = useState<ShownError | null>(null);

  useEffect(() => {
    inbox().then(setList, (cause: unknown) => setError(portal.showError(cause)));
  }, [portal.liveTick]);

  return (
    <Screen title={P.inboxTitle} onBack={() => portal.go({ name: 'home' })}>
      <ErrorNotice error={error} />
      {list && list.messages.length === 0 ? <p>{P.inboxEmpty}</p> : null}
      <ul class="portal-list" aria-label={P.inboxTitle}>
        {list?.messages.map((message) => (
          <li key={message.id}>
            <button type="button" class="inbox-item" onClick={() => portal.go({ name: 'message', id: message.id })}>
              <span class="strong">
                {kindLabel(message)} {message.read ? '' : <span class="badge">{P.newBadge}</span>}
              </span>
              <span>
                {message.institutionName} · <span class="money">{formatKrw(message.amountKrw)}</span>
              </span>
              <span class="field-hint">{formatSeoulDateTime(message.createdAt)}</span>
            </button>
          </li>
        ))}
      </ul>
    </Screen>
  );
}

/** 알림 상세: 기관명, 제공자명, 서비스코드, 승인번호, 서비스일자, 결제금액, 잔액. */
export function MessageScreen({ id }: { id: string }) {
  const portal = usePortal();
  const [message, setMessage] = useState<InboxMessage | null>(null);
  const [error, setError] = useState<ShownError | null>(null);

  useEffect(() => {
    inboxMessage(id).then(setMessage, (cause: unknown) => setError(portal.showError(cause)));
  }, [id]);

  return (
    <Screen title={message ? kindLabel(message) : P.messageTitle} kicker={P.inboxTitle} onBack={() => portal.go({ name: 'inbox' })}>
      <ErrorNotice error={error} />
      {message ? (
        <dl class="facts" aria-label={P.messageTitle}>
          <div>
            <dt>{P.institution}</dt>
            <dd>{message.institutionName}</dd>
          </div>
          <div>
            <dt>{P.worker}</dt>
            <dd>{message.workerName}</dd>
          </div>
          <div>
            <dt>{P.serviceCode}</dt>
            <dd>{message.serviceCode}</dd>
          </div>
          <div>
            <dt>{P.approvalNumber}</dt>
            <dd class="money">{message.approvalNumber}</dd>
          </div>
          <div>
            <dt>{P.serviceDate}</dt>
            <dd>{formatServiceDate(message.serviceDate)}</dd>
          </div>
          <div>
            <dt>{message.kind === 'payment.cancelled' ? P.cancelledAmount : P.amount}</dt>
            <dd class="money strong">{formatKrw(message.amountKrw)}</dd>
          </div>
          <div>
            <dt>{P.balanceAfter}</dt>
            <dd class="money">{formatKrw(message.balanceKrw)}</dd>
          </div>
        </dl>
      ) : null}
    </Screen>
  );
}
