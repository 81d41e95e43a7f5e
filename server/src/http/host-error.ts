import { httpStatus, messageKo, type ErrorCode } from '../../../src/domain/errors';

/**
 * The one error services throw for an expected refusal. The error handler answers
 * `{ code, message }` with the code's status; `detail` is for the log only, never the client.
 */
export class HostError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly detail: string | undefined;

  constructor(code: ErrorCode, detail?: string) {
    super(detail === undefined ? `${code} ${messageKo(code)}` : `${code} ${detail}`);
    this.name = 'HostError';
    this.code = code;
    this.statusCode = httpStatus(code);
    this.detail = detail;
  }
}
