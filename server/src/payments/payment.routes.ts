import type { FastifyInstance } from 'fastify';
import { API, PaymentRequestSchema } from '../../../src/domain/wire';
import { requireSession } from '../auth/auth.routes';
import type { HostDeps } from '../deps';
import { requireAppVersion } from '../http/app-version';
import { parseBody } from '../http/parse-body';
import { submitPayment, todayPayments } from './payment.service';

export function paymentRoutes(app: FastifyInstance, deps: HostDeps): void {
  app.post(API.payments, async (request) => {
    const session = await requireSession(deps, request);
    requireAppVersion(request, deps.config.minAppVersion);
    // An out-of-range amount is a wrong amount (2103), not a malformed request.
    const body = parseBody(PaymentRequestSchema, request.body, { amountKrw: '2103' });
    return submitPayment(deps, session, body);
  });

  app.get(API.todayPayments, async (request) => {
    const session = await requireSession(deps, request);
    return todayPayments(deps, session);
  });
}
