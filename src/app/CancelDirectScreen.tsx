import { useState } from 'preact/hooks';
import { isApprovalNumber } from '../domain/approval';
import { findProgram } from '../domain/catalog';
import { Countdown } from '../ui/Countdown';
import { ErrorNotice } from '../ui/ErrorNotice';
import { KeypadField } from '../ui/KeypadField';
import { APPROVAL_NUMBER_RULES } from '../ui/keypad-input';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import type { Identified } from './payment-flow';

/** 직접거래 취소: the 승인번호 on the terminal keypad; 확인 only for 12 digits whose check digit holds. */
export function CancelDirectScreen({ identified }: { identified: Identified }) {
  const app = useApp();
  const program = findProgram(identified.voucher.programId);
  const [value, setValue] = useState('');
  const valid = isApprovalNumber(value);
  const pick = () => {
    if (!valid) return;
    app.flow.cancelPick({
      from: 'direct',
      paymentId: null,
      approvalNumber: value,
      amountKrw: null,
      serviceStartAt: null,
      serviceEndAt: null,
      source: 'host',
    });
  };
  return (
    <Screen title={T.directCancel} kicker={program?.nameKo} onBack={app.flow.back} onConfirm={pick} confirmDisabled={!valid}>
      <p class="prompt">{T.directCancelPrompt}</p>
      {value.length === APPROVAL_NUMBER_RULES.maxLength && !valid ? <ErrorNotice error={{ code: '', message: T.approvalNumberInvalid }} /> : null}
      <KeypadField
        id="approval-number"
        label={T.approvalNumber}
        value={value}
        rules={APPROVAL_NUMBER_RULES}
        onChange={setValue}
        onNext={pick}
        nextDisabled={!valid}
      />
      <Countdown deadlineAt={identified.deadlineAt} onExpire={() => app.flow.expire(T.expired)} />
    </Screen>
  );
}
