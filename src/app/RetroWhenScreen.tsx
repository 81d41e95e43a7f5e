import { useMemo, useState } from 'preact/hooks';
import { findProgram } from '../domain/catalog';
import { Countdown } from '../ui/Countdown';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatDuration } from '../ui/format';
import { NumericKeypad } from '../ui/NumericKeypad';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import type { Identified, RetroWhen } from './payment-flow';
import { fieldOrder, fieldsOf, initialWhen, readWhen, typeInto, type WhenField, type WhenFields } from './retro-when';

/** The rows of the screen: a label and its two fields with their units, as the release guide lays them out. */
const ROWS: readonly { label: string; fields: readonly [WhenField, WhenField]; units: readonly [string, string] }[] = [
  { label: T.startDate, fields: ['startMonth', 'startDay'], units: [T.monthUnit, T.dayUnit] },
  { label: T.startTime, fields: ['startHour', 'startMinute'], units: [T.hourUnit, T.minuteUnit] },
  { label: T.endDate, fields: ['endMonth', 'endDay'], units: [T.monthUnit, T.dayUnit] },
  { label: T.endTime, fields: ['endHour', 'endMinute'], units: [T.hourUnit, T.minuteUnit] },
];

/**
 * 소급결제 → 실제 서비스 제공시간: time and visit programs enter 시작날짜, 시작시간, 종료날짜 (new in
 * this release) and 종료시간; amount programs the 제공날짜. One keypad types into the field that is
 * selected; 다음 moves to the next field (and on the last one confirms). 제공시간 is computed as
 * the fields fill, across midnight too, and the host's rules refuse on the spot what the host would.
 */
export function RetroWhenScreen({ identified, maxMinutes, entered }: { identified: Identified; maxMinutes: number; entered: RetroWhen | null }) {
  const app = useApp();
  const { voucher } = identified;
  const program = findProgram(voucher.programId);
  const model = program?.model ?? 'amount';
  const order = fieldOrder(model);
  const [fields, setFields] = useState<WhenFields>(() => (entered ? fieldsOf(entered) : initialWhen(app.hostNow())));
  const [active, setActive] = useState<WhenField>(order[entered ? 0 : 1]!);
  const [endDateTouched, setEndDateTouched] = useState(entered !== null);
  const view = useMemo(
    () => readWhen(fields, { model, voucherMonth: voucher.voucherMonth, now: app.hostNow(), maxMinutes }),
    [fields, model, voucher.voucherMonth, app, maxMinutes],
  );
  const rows = model === 'amount' ? [{ ...ROWS[0]!, label: T.serviceDay }] : ROWS;

  const confirm = () => {
    if (view.status === 'ok') app.flow.retroWhen({ serviceStartAt: view.serviceStartAt, serviceEndAt: view.serviceEndAt });
  };
  const next = () => {
    const at = order.indexOf(active);
    if (at < order.length - 1) setActive(order[at + 1]!);
    else confirm();
  };

  return (
    <Screen
      title={model === 'amount' ? T.retroDateTitle : T.retroWhenTitle}
      kicker={`${T.retroPayment} · ${program?.nameKo ?? ''}`}
      onBack={app.flow.back}
      onConfirm={confirm}
      confirmDisabled={view.status !== 'ok'}
    >
      <div class="when-rows">
        {rows.map((row) => (
          // biome-ignore lint/a11y/useSemanticElements: two keypad fields under one label, not a form section.
          <div class="when-row" role="group" aria-label={row.label} key={row.label}>
            <span class="when-label">{row.label}</span>
            {row.fields.map((field, i) => {
              const bad = view.status === 'invalid' && view.field === field;
              return (
                <span class="when-part" key={field}>
                  <input
                    class={`when-field money${active === field ? ' when-active' : ''}${bad ? ' when-bad' : ''}`}
                    // The terminal keypad below types into it: no soft keyboard over it.
                    inputMode="none"
                    readOnly
                    aria-label={`${row.label} ${row.units[i]}`}
                    aria-current={active === field ? 'true' : undefined}
                    aria-invalid={bad}
                    data-testid={`when-${field}`}
                    value={fields[field] === '' ? '' : fields[field].padStart(2, '0')}
                    onFocus={() => setActive(field)}
                    onClick={() => setActive(field)}
                  />
                  <span class="when-unit">{row.units[i]}</span>
                </span>
              );
            })}
          </div>
        ))}
      </div>
      {model === 'amount' ? null : (
        <p class="totals" aria-live="polite">
          <span class="totals-label">{T.providedTime}</span>{' '}
          <strong class="money" data-testid="provided-time">
            {view.status === 'ok' || (view.status === 'refused' && view.minutes !== null && view.minutes >= 0)
              ? formatDuration(view.minutes ?? 0)
              : '-'}
          </strong>
        </p>
      )}
      {view.status === 'refused' ? <ErrorNotice error={{ code: view.code, message: view.message }} /> : null}
      {view.status === 'invalid' ? <ErrorNotice error={{ code: '', message: T.whenInvalid }} /> : null}
      <p class="field-hint">{T.retroWhenHint}</p>
      <NumericKeypad
        onKey={(key) => {
          if (active === 'endMonth' || active === 'endDay') setEndDateTouched(true);
          setFields((current) => typeInto(current, active, key, endDateTouched || active === 'endMonth' || active === 'endDay'));
        }}
        onNext={next}
      />
      <Countdown deadlineAt={identified.deadlineAt} onExpire={() => app.flow.expire(T.expired)} />
    </Screen>
  );
}
