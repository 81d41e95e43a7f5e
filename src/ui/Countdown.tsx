import { minutesSeconds } from './format';
import { T } from './messages.ko';
import { useCountdown } from './useCountdown';

/** "* 5분 안에 결제 또는 취소를 완료하십시오.(4분54초) 미완료시 자동 종료됩니다." */
export function Countdown({ deadlineAt, onExpire }: { deadlineAt: number; onExpire: () => void }) {
  const left = useCountdown(deadlineAt, onExpire);
  const { m, s } = minutesSeconds(left);
  return (
    <p class="countdown" data-testid="countdown">
      {T.countdown(m, s)}
    </p>
  );
}
