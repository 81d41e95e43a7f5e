import { useState } from 'preact/hooks';
import { findProgram } from '../domain/catalog';
import { PHONE_PATTERN } from '../domain/people';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatKrw } from '../ui/format';
import { KeypadField } from '../ui/KeypadField';
import { AMOUNT_RULES, type KeypadRules } from '../ui/keypad-input';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import type { FlowState } from './payment-flow';
import { QrScanScreen } from './QrScanScreen';
import { RequestTimer } from './RequestTimer';
import { useOfflineQr } from './use-offline-qr';

type RequestState = Extract<FlowState, { step: 'request' }>;

const PHONE_RULES: KeypadRules = { maxLength: 11, noLeadingZero: false };

/**
 * QR결제 / 생체인증결제 up to the voucher screen, one view per stage of the flow's request: the
 * recipient's phone number on the keypad (2003 / 2005 shown with their codes, 재전송 when the
 * host was not reached), the amount to approve (생체인증), 전송 확인, then the camera (QR) or the
 * waiting screen (생체인증) until the recipient approves or the 3 minutes run out.
 */
export function RequestScreen({ state }: { state: RequestState }) {
  switch (state.stage) {
    case 'phone':
    case 'sending':
      return state.amountCapKrw !== null && state.stage === 'sending' ? <CapStage state={state} /> : <PhoneStage state={state} />;
    case 'cap':
      return <CapStage state={state} />;
    case 'sent':
      return <SentStage state={state} />;
    case 'scan':
    case 'offlineScan':
      return <QrScanScreen state={state} />;
    case 'waiting':
      return <WaitingStage state={state} />;
  }
}

function methodName(state: RequestState): string {
  return state.method === 'qr' ? T.methodQr : T.methodBiometric;
}

function PhoneStage({ state }: { state: RequestState }) {
  const app = useApp();
  const [phone, setPhone] = useState(state.phone);
  const sending = state.stage === 'sending';
  const valid = PHONE_PATTERN.test(phone);
  // The recipient's phone has no signal: the worker may take the portal's offline QR code instead.
  const offlineQr = useOfflineQr(state.method === 'qr');
  const submit = () => {
    if (valid && !sending) app.flow.enterPhone(phone);
  };
  return (
    <Screen
      title={T.phoneTitle}
      kicker={`${findProgram(state.programId)?.nameKo ?? ''} · ${methodName(state)}`}
      onBack={app.flow.back}
      onConfirm={submit}
      confirmDisabled={!valid}
      busy={sending}
    >
      <p class="field-hint">{T.phoneHint}</p>
      <KeypadField
        id="request-phone"
        label={T.phoneLabel}
        value={phone}
        rules={PHONE_RULES}
        onChange={setPhone}
        onNext={submit}
        nextDisabled={!valid}
        disabled={sending}
      />
      {sending ? (
        <p class="status-line" role="status">
          {T.requestSending}
        </p>
      ) : null}
      <ErrorNotice error={state.error} />
      {state.canResend && !sending ? (
        <Button variant="primary" large onClick={app.flow.resendRequest}>
          {T.resend}
        </Button>
      ) : null}
      {offlineQr && !sending ? (
        <div class="choice-list">
          <p class="field-hint">{T.offlineQrHint}</p>
          <Button large onClick={app.flow.scanOffline}>
            {T.offlineQrScan}
          </Button>
        </div>
      ) : null}
    </Screen>
  );
}

function CapStage({ state }: { state: RequestState }) {
  const app = useApp();
  const [amount, setAmount] = useState(state.amountCapKrw === null ? '' : String(state.amountCapKrw));
  const sending = state.stage === 'sending';
  const value = Number(amount);
  const valid = amount !== '' && value > 0;
  const submit = () => {
    if (valid && !sending) app.flow.enterCap(value);
  };
  return (
    <Screen
      title={T.capTitle}
      kicker={`${findProgram(state.programId)?.nameKo ?? ''} · ${methodName(state)}`}
      onBack={app.flow.back}
      onConfirm={submit}
      confirmDisabled={!valid}
      busy={sending}
    >
      <p class="field-hint">{T.capHint}</p>
      <KeypadField
        id="request-cap"
        label={T.capLabel}
        value={amount}
        rules={AMOUNT_RULES}
        onChange={setAmount}
        display={formatKrw(value)}
        onNext={submit}
        nextDisabled={!valid}
        disabled={sending}
      />
      {sending ? (
        <p class="status-line" role="status">
          {T.requestSending}
        </p>
      ) : null}
    </Screen>
  );
}

function SentStage({ state }: { state: RequestState }) {
  const app = useApp();
  return (
    <Screen title={T.sentTitle} kicker={methodName(state)} onBack={app.flow.back} onConfirm={app.flow.confirmSent}>
      <p class="field-hint" role="status">
        {state.method === 'qr' ? T.sentQr : T.sentBiometric}
      </p>
      <RequestTimer sent={state.sent} />
    </Screen>
  );
}

function WaitingStage({ state }: { state: RequestState }) {
  const app = useApp();
  return (
    <Screen title={T.waitingTitle} kicker={methodName(state)} onBack={app.flow.back}>
      <div class="tag-area">
        <p class="tag-prompt" role="status">
          {T.waitingHint}
        </p>
      </div>
      <RequestTimer sent={state.sent} />
    </Screen>
  );
}
