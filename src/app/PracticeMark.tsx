import { isPracticeApprovalNumber } from '../domain/approval';
import { T } from '../ui/messages.ko';

/**
 * A 승인번호 as the screens show it: a practice one (연습모드, 99999…) carries the [연습] mark before
 * it, wherever it appears, so a practice receipt is never read as a real one.
 */
export function PracticeMark({ approvalNumber }: { approvalNumber: string }) {
  return isPracticeApprovalNumber(approvalNumber) ? (
    <span class="practice-mark" data-testid="practice-mark">
      {T.practiceMark}
    </span>
  ) : null;
}
