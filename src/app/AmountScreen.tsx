import { useState } from 'preact/hooks';
import { findProgram } from '../domain/catalog';
import { MAX_PAYMENT_KRW, validateAmount } from '../domain/cost';
import { messageKo } from '../domain/errors';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatKrw } from '../ui/format';
import { KeypadField } from '../ui/KeypadField';
import { AMOUNT_RULES, keypadAmount } from '../ui/keypad-input';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import { entryStartAt } from './payment-flow';
import { CapNotice, overCap, PaymentFooter, useEntryPayment, type Entry } from './PaymentFooter';

/** 서비스 결제 for amount programs (발달재활·언어발달·부모상담): "결제 금액을 입력해 주세요." on the terminal keypad. */
export function AmountScreen({ entry }: { entry: Entry }) {
  const app = useApp();
  const { voucher, deadlineAt, capture } = entry.identified;
  const { serviceEndAt } = entry.basis;
  const program = findProgram(voucher.programId);
  const [value, setValue] = useState('');
  const amountKrw = keypadAmount(value);
  const payment = useEntryPayment(entry);
  const valid = validateAmount(amountKrw).ok && !overCap(payment, amountKrw);
  const tooLarge = amountKrw > MAX_PAYMENT_KRW;
  const frozen = payment.sending || payment.locked;

  const confirm = () => {
    if (!valid || payment.sending) return;
    // A session paid by amount has no start tag: it is recorded at the moment of payment (정상결제),
    // or on the 제공날짜 the worker entered (소급결제).
    payment.confirm({ serviceStartAt: entryStartAt(entry.basis), serviceEndAt, minutesByType: {}, amountKrw });
  };

  return (
    <Screen
      title={T.servicePay}
      kicker={program?.nameKo}
      onBack={app.flow.back}
      onConfirm={confirm}
      confirmDisabled={!valid}
      backDisabled={payment.locked}
      busy={payment.sending}
    >
      <p class="prompt">{T.amountPrompt}</p>
      <p class="amount-big money" data-testid="amount" aria-live="polite">
        {formatKrw(amountKrw)}
      </p>
      <p class="field-hint">
        {capture?.offline ? T.offlineBalance : T.voucherBalance} <span class="money">{formatKrw(voucher.balanceKrw)}</span>
      </p>
      {payment.offline ? <p class="offline-note">{T.offlineVoucherNote}</p> : null}
      {tooLarge ? <ErrorNotice error={{ code: '2103', message: messageKo('2103') }} /> : <CapNotice payment={payment} amountKrw={amountKrw} />}
      <KeypadField
        id="amount"
        label={T.amountLabel}
        value={value}
        rules={AMOUNT_RULES}
        onChange={setValue}
        onNext={confirm}
        nextDisabled={!valid}
        disabled={frozen}
      />
      <PaymentFooter payment={payment} deadlineAt={deadlineAt} />
    </Screen>
  );
}
