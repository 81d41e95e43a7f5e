import { minutesSeconds } from '../ui/format';
import { T } from '../ui/messages.ko';
import { useCountdown } from '../ui/useCountdown';
import type { SentRequest } from './payment-flow';

/** 인증 유효시간 m분s초 남음: the request's 3 minutes (the flow ends the request when they run out). */
export function RequestTimer({ sent }: { sent: SentRequest | null }) {
  const left = useCountdown(sent?.deadlineAt ?? Date.now(), () => undefined);
  if (sent === null) return null;
  const { m, s } = minutesSeconds(Math.max(0, left));
  return (
    <p class="countdown" role="timer">
      {T.requestLeft(m, s)}
    </p>
  );
}
