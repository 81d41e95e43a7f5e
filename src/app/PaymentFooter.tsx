import { Button } from '../ui/Button';
import { Countdown } from '../ui/Countdown';
import { ErrorNotice } from '../ui/ErrorNotice';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import type { PaymentState } from './use-payment';

/**
 * The bottom of a 서비스 결제 screen: 결제 중/저장 중 while sending, the refusal or unknown outcome
 * with 전송 대기로 저장 when the network was lost mid-request, and the voucher's countdown.
 */
export function PaymentFooter({ payment, deadlineAt }: { payment: PaymentState; deadlineAt: number }) {
  const app = useApp();
  const frozen = payment.sending || payment.locked;
  return (
    <>
      {payment.sending ? (
        <p class="status-line" role="status">
          {payment.offline ? T.saving : T.paying}
        </p>
      ) : null}
      <ErrorNotice error={payment.error} note={payment.note}>
        {payment.canSaveOffline ? (
          <Button variant="primary" large onClick={payment.saveOffline} disabled={payment.sending}>
            {T.saveOffline}
          </Button>
        ) : null}
      </ErrorNotice>
      <Countdown
        deadlineAt={deadlineAt}
        onExpire={() => {
          // An unsent or refused payment closes; one whose outcome is unknown stays for its retry.
          if (!frozen) app.nav.home(T.expired);
        }}
      />
    </>
  );
}
