import type { ErrorCode } from './errors';

/** 결과: a value or a stable error code, so rules never throw for expected refusals. */
export type Result<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; detail?: string };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ErrorCode, detail?: string): Result<T> =>
  detail === undefined ? { ok: false, code } : { ok: false, code, detail };
