import { Fragment } from 'preact';
import { useEffect, useMemo, useReducer, useState } from 'preact/hooks';
import { findProgram } from '../domain/catalog';
import { TARIFF_2026, type TariffRow } from '../domain/tariff';
import { seoulDate, wholeMinutesBetween } from '../domain/time';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatDuration, formatKrw, formatSeoulHm } from '../ui/format';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import { deriveSplit, initialFields, splitReducer } from './split-model';
import { entryStartAt } from './payment-flow';
import { CapNotice, overCap, PaymentFooter, useEntryPayment, type Entry } from './PaymentFooter';

/** Each service type is entered as 시 and 분, in that order. */
const SPLIT_PARTS = [
  { part: 'hours', unit: T.hourUnit },
  { part: 'minutes', unit: T.minuteUnit },
] as const;

/**
 * 서비스 결제 for time and visit programs: ONE screen with 시/분 per service type, live 총 시간
 * and 잔여시간 (SPEC §5.2). 확인 only when 잔여시간 is 0 and the split is valid; the 결제금액 is
 * shown before 확인 and sent, so the host can refuse a price the worker did not see (2110).
 */
export function SplitScreen({ entry }: { entry: Entry }) {
  const app = useApp();
  const { voucher, deadlineAt } = entry.identified;
  const { serviceEndAt } = entry.basis;
  // The open service's start (정상결제), or the start the worker entered (소급결제).
  const startedAt = entryStartAt(entry.basis);
  const program = findProgram(voucher.programId);
  const totalMinutes = Math.max(0, wholeMinutesBetween(startedAt, serviceEndAt));
  const serviceDate = seoulDate(startedAt);
  const [fields, dispatch] = useReducer(splitReducer, program, (p) => (p ? initialFields(p) : {}));
  // The host's tariff as last refreshed, so the price shown is the price the host will charge;
  // the tariff built into the app only stands in before the first refresh.
  const [tariff, setTariff] = useState<readonly TariffRow[]>(TARIFF_2026);
  useEffect(() => {
    void app.device.tariff().then(
      (rows) => rows && setTariff(rows),
      () => undefined,
    );
  }, [app.device]);
  const view = useMemo(
    () => (program ? deriveSplit(program, totalMinutes, fields, tariff, serviceDate) : null),
    [program, totalMinutes, fields, tariff, serviceDate],
  );
  const payment = useEntryPayment(entry);

  if (!program || !view) return null;
  const invalid = new Set(view.invalidTypeIds);
  const frozen = payment.sending || payment.locked;

  const canConfirm = view.canConfirm && !overCap(payment, view.costKrw);
  const confirm = () => {
    if (!canConfirm || view.costKrw === null) return;
    payment.confirm({ serviceStartAt: startedAt, serviceEndAt, minutesByType: view.split, amountKrw: view.costKrw });
  };

  return (
    <Screen
      title={T.servicePay}
      kicker={`${program.groupKo} · ${program.nameKo}`}
      onBack={app.flow.back}
      onConfirm={confirm}
      confirmDisabled={!canConfirm}
      backDisabled={payment.locked}
      busy={payment.sending}
    >
      <div class="totals" aria-live="polite">
        <p>
          <span class="totals-label">{T.totalTime}</span>{' '}
          <strong class="money" data-testid="total-time">
            {formatDuration(totalMinutes)}
          </strong>
        </p>
        <p>
          <span class="totals-label">{T.remainingTime}</span>{' '}
          <strong class={`money ${view.remainingMinutes === 0 ? 'ok' : 'pending'}`} data-testid="remaining-time">
            {view.remainingMinutes < 0 ? `${formatDuration(-view.remainingMinutes)} ${T.over}` : formatDuration(view.remainingMinutes)}
          </strong>
        </p>
        <p class="field-hint">
          {formatSeoulHm(startedAt)} – {formatSeoulHm(serviceEndAt)}
        </p>
      </div>
      {program.model === 'visit' ? <p class="rule">{T.chooseOne}</p> : null}
      <div class="split-rows">
        {program.serviceTypes.map((type) => {
          const field = fields[type.id] ?? { hours: '', minutes: '' };
          const bad = invalid.has(type.id);
          return (
            <div class={`split-row${bad ? ' split-row-bad' : ''}`} key={type.id}>
              <div class="split-head">
                <span class="split-name">{type.nameKo}</span>
                {view.remainingMinutes > 0 && !bad ? (
                  <button
                    type="button"
                    class="btn btn-plain split-fill"
                    aria-label={`${type.nameKo} ${T.fillRemaining}`}
                    disabled={frozen}
                    onClick={() => dispatch({ type: 'fillRemaining', typeId: type.id, totalMinutes })}
                  >
                    {T.fillRemaining}
                  </button>
                ) : null}
              </div>
              {SPLIT_PARTS.map(({ part, unit }) => (
                <Fragment key={part}>
                  <input
                    class="input split-input"
                    type="text"
                    inputMode="numeric"
                    pattern="[0-9]*"
                    autocomplete="off"
                    maxLength={4}
                    placeholder="0"
                    aria-label={`${type.nameKo} ${unit}`}
                    aria-invalid={bad}
                    value={field[part]}
                    disabled={frozen}
                    onInput={(e) => dispatch({ type: 'set', typeId: type.id, part, raw: e.currentTarget.value })}
                  />
                  <span class="split-unit" aria-hidden="true">
                    {unit}
                  </span>
                </Fragment>
              ))}
            </div>
          );
        })}
      </div>
      {view.problem === 'field' ? <p class="field-hint field-hint-error">{T.fieldInvalid}</p> : null}
      {view.problem === 'over' ? <p class="field-hint field-hint-error">{T.splitOver}</p> : null}
      {view.remainingMinutes > 0 && !view.error && !view.problem ? <p class="field-hint">{T.splitHint}</p> : null}
      <ErrorNotice error={view.error} />
      {view.costKrw !== null ? (
        <p class="pay-amount">
          <span>{T.paymentAmount}</span>{' '}
          <strong class="money" data-testid="payment-amount">
            {formatKrw(view.costKrw)}
          </strong>
        </p>
      ) : null}
      <CapNotice payment={payment} amountKrw={view.costKrw} />
      {payment.offline ? <p class="offline-note">{T.offlineVoucherNote}</p> : null}
      <PaymentFooter payment={payment} deadlineAt={deadlineAt} />
    </Screen>
  );
}
