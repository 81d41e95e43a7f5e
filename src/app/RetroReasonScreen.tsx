import { useState } from 'preact/hooks';
import { findProgram } from '../domain/catalog';
import { RETRO_REASONS, type RetroReason } from '../domain/retroactive';
import { Countdown } from '../ui/Countdown';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import type { Identified, RetroWhen } from './payment-flow';
import { checkWhen } from './retro-when';

/**
 * 소급결제사유: exactly one of the eight reasons of the release guide. "대상자 카드 미소지" is only
 * for a service on the same day: chosen for an older one, it says so (3107) and 확인 stays off.
 */
export function RetroReasonScreen({
  identified,
  when,
  chosen,
  maxMinutes,
}: {
  identified: Identified;
  when: RetroWhen;
  chosen: RetroReason | null;
  maxMinutes: number;
}) {
  const app = useApp();
  const { voucher } = identified;
  const program = findProgram(voucher.programId);
  const [reason, setReason] = useState<RetroReason | null>(chosen);
  const view =
    reason === null
      ? null
      : checkWhen(when, { model: program?.model ?? 'amount', voucherMonth: voucher.voucherMonth, now: app.hostNow(), maxMinutes }, reason);
  const ok = view?.status === 'ok';
  return (
    <Screen
      title={T.retroReasonTitle}
      kicker={`${T.retroPayment} · ${program?.nameKo ?? ''}`}
      onBack={app.flow.back}
      onConfirm={() => reason !== null && ok && app.flow.retroReason(reason)}
      confirmDisabled={!ok}
    >
      <fieldset class="check-list">
        <legend class="section-title">{T.retroReasonLegend}</legend>
        {RETRO_REASONS.map((option) => (
          <label key={option.id} class="check">
            <input type="radio" name="retro-reason" checked={reason === option.id} onChange={() => setReason(option.id)} />
            <span>{option.labelKo}</span>
          </label>
        ))}
      </fieldset>
      {view?.status === 'refused' ? <ErrorNotice error={{ code: view.code, message: view.message }} /> : null}
      <Countdown deadlineAt={identified.deadlineAt} onExpire={() => app.flow.expire(T.expired)} />
    </Screen>
  );
}
