import type { ComponentChildren } from 'preact';
import { Button } from './Button';
import { T } from './messages.ko';

export interface ShownError {
  /** The stable code; '' for a problem found on the device that has no host code (an unreadable tag). */
  readonly code: string;
  readonly message: string;
}

interface ErrorNoticeProps {
  error: ShownError | null;
  /** A line under the message, e.g. whether anything was charged. */
  note?: string | undefined;
  children?: ComponentChildren;
}

/** The Korean message and its code ("오류코드 2101"), announced at once (role="alert"). */
export function ErrorNotice({ error, note, children }: ErrorNoticeProps) {
  if (!error) return null;
  return (
    <div class="notice notice-error" role="alert">
      <p class="notice-message">{error.message}</p>
      {error.code !== '' ? <p class="notice-code">{T.errorCode(error.code)}</p> : null}
      {note ? <p class="notice-note">{note}</p> : null}
      {children}
    </div>
  );
}

/** A failure the worker can simply try again (등록 확인, 오늘 결제내역): the notice with 다시 시도. */
export function RetryNotice({ error, onRetry }: { error: ShownError; onRetry: () => void }) {
  return (
    <ErrorNotice error={error}>
      <Button variant="primary" large onClick={onRetry}>
        {T.retry}
      </Button>
    </ErrorNotice>
  );
}

/** A calm notice (서비스 시작, 자동 종료 …), read out politely. */
export function InfoNotice({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <div class="notice notice-info" role="status">
      <p class="notice-message">{text}</p>
    </div>
  );
}
