import { useEffect, useState } from 'preact/hooks';
import { retroSummary } from '../api/client';
import { findProgram } from '../domain/catalog';
import type { RetroSummary } from '../domain/wire';
import { Countdown } from '../ui/Countdown';
import { Screen } from '../ui/Screen';
import { T } from '../ui/messages.ko';
import { useApp } from './app-context';
import type { Identified } from './payment-flow';

const percent = (ratio: number): string => (Math.round(ratio * 1000) / 10).toLocaleString('ko-KR');

/**
 * 소급결제 주의 사항: the release guide's warning and eligible cases, and this institution's share
 * of 소급결제 this month against the threshold that makes it a priority for inspection (the host
 * keeps it). 다음 goes on whether or not the figure could be read.
 */
export function RetroNoticeScreen({ identified }: { identified: Identified }) {
  const app = useApp();
  const program = findProgram(identified.voucher.programId);
  const [summary, setSummary] = useState<RetroSummary | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    retroSummary().then(
      (answer) => live && setSummary(answer),
      () => live && setSummary(null),
    );
    return () => {
      live = false;
    };
  }, []);
  return (
    <Screen
      title={T.retroNoticeTitle}
      kicker={program?.nameKo}
      onBack={app.flow.back}
      onConfirm={() => app.flow.retroNotice(summary?.maxMinutes)}
      confirmLabel={T.next}
    >
      <p class="rule">&gt; {T.retroWarning}</p>
      <h2 class="section-title">{T.retroEligibleTitle}</h2>
      <ol class="plain-list">
        {T.retroEligible.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ol>
      {summary ? (
        <p class={summary.flagged ? 'field-hint field-hint-error' : 'field-hint'} data-testid="retro-ratio">
          {T.retroRatio(percent(summary.ratio), percent(summary.threshold), summary.retroactiveCount, summary.paymentCount)}
          {summary.flagged ? ` ${T.retroRatioFlagged}` : ''}
        </p>
      ) : summary === null ? (
        <p class="field-hint">{T.retroRatioUnknown}</p>
      ) : null}
      <Countdown deadlineAt={identified.deadlineAt} onExpire={() => app.flow.expire(T.expired)} />
    </Screen>
  );
}
