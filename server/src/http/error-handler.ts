import type { FastifyError, FastifyInstance } from 'fastify';
import { messageKo, type ErrorCode } from '../../../src/domain/errors';
import type { ErrorBody } from '../../../src/domain/wire';
import { HostError } from './host-error';

export function errorBody(code: ErrorCode): ErrorBody {
  return { code, message: messageKo(code) };
}

/**
 * Every failure leaves as `{ code, message }`: HostError with its own status, any other client
 * error (malformed JSON, wrong content type, body too large) as 1001, anything else as 9999.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HostError, request, reply) => {
    if (error instanceof HostError) {
      request.log.info({ code: error.code, detail: error.detail }, 'refused');
      return reply.code(error.statusCode).send(errorBody(error.code));
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      request.log.info({ err: error }, 'bad request');
      return reply.code(400).send(errorBody('1001'));
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send(errorBody('9999'));
  });
}
