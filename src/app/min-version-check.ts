/**
 * The shell's 1006 block (업데이트가 필요합니다) as a hook: what min-version.ts rules, kept in step
 * with the host's current answer. Every exchange's verdict comes in through `requireUpdate` (App's
 * onHostContact); /api/health is asked at start, whenever the app becomes visible again (the host
 * may have dropped or raised MIN_APP_VERSION while the phone slept) and as the card screen opens,
 * so a lifted block lifts without a restart and a new one is known before a card number is typed.
 * A health answer that arrives after a newer verdict (a 426 to a card lookup sent meanwhile) is
 * dropped: the later word wins. With no signal nothing is asked and the stored mark stands.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { health } from '../api/client';
import { healthVerdict, markUpdateRequired, updateNoLongerRequired, updateRequiredForThisVersion } from './min-version';

const APP_VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';

/** The payment flow's steps that open, or lead straight to, the card screen. */
const CARD_STEPS: ReadonlySet<string> = new Set(['method', 'identify']);

export interface UpdateRequiredOptions {
  /** The host's /api/health (only minAppVersion is read); rejects when the host cannot be reached. */
  readonly askHost?: () => Promise<{ readonly minAppVersion: string | null }>;
  readonly version?: string;
}

export interface UpdateRequired {
  readonly updateRequired: boolean;
  /** A verdict from an exchange with the host (min-version.ts: updateVerdict). */
  requireUpdate(required: boolean): void;
  /** Asks /api/health again now. */
  recheck(): void;
}

export function useUpdateRequired({ askHost = health, version = APP_VERSION }: UpdateRequiredOptions = {}): UpdateRequired {
  const [updateRequired, setUpdateRequired] = useState(() => updateRequiredForThisVersion(version));
  const verdicts = useRef(0);

  const requireUpdate = useCallback(
    (required: boolean) => {
      verdicts.current += 1;
      if (required) markUpdateRequired(version);
      else updateNoLongerRequired();
      setUpdateRequired(required);
    },
    [version],
  );

  const recheck = useCallback(() => {
    if (navigator.onLine === false) return;
    const asked = verdicts.current;
    askHost().then(
      (answer) => {
        if (verdicts.current === asked) requireUpdate(healthVerdict(answer.minAppVersion, version));
      },
      () => undefined,
    );
  }, [askHost, requireUpdate, version]);

  useEffect(() => {
    recheck();
    const onVisible = () => {
      if (document.visibilityState === 'visible') recheck();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [recheck]);

  return { updateRequired, requireUpdate, recheck };
}

/** Asks /api/health again as the payment flow heads for the card screen (결제유형 선택, 카드 태깅). */
export function useRecheckBeforeCard(flowStep: string, recheck: () => void): void {
  const towardsCard = CARD_STEPS.has(flowStep);
  useEffect(() => {
    if (towardsCard) recheck();
  }, [towardsCard, recheck]);
}
