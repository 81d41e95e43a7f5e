import type { FastifyInstance } from 'fastify';
import { API, CancelRequestSchema, PaymentRequestSchema, TodayPaymentsQuerySchema } from '../../../src/domain/wire';
import { cancelPayment } from '../cancellations/cancellation.service';
import { requireSession } from '../auth/auth.routes';
import type { HostDeps } from '../deps';
import { requireAppVersion } from '../http/app-version';
import { parseBody } from '../http/parse-body';
import { resolvePaymentId } from '../terminals/terminal-workers';
import { submitPayment, todayPayments } from './payment.service';
import { retroSummary } from './retroactive.service';

export function paymentRoutes(app: FastifyInstance, deps: HostDeps): void {
  app.post(API.payments, async (request) => {
    const session = await requireSession(deps, request);
    // An out-of-range amount is a wrong amount (2103), not a malformed request.
    const body = parseBody(PaymentRequestSchema, request.body, { amountKrw: '2103' });
    // An outdated app may not take new payments, but the retry of one the host already has is answered.
    return submitPayment(deps, session, body, () => requireAppVersion(request, deps.config.minAppVersion));
  });

  app.post(API.cancelPayment, async (request) => {
    const session = await requireSession(deps, request);
    const { workerPaymentId, ...body } = parseBody(CancelRequestSchema, request.body);
    // A shared terminal's cancellation names its worker by 결제 ID, like its payments (0273 otherwise).
    const workerId =
      session.terminalProfile === 'shared' || workerPaymentId !== undefined
        ? (await resolvePaymentId(deps.db, session, workerPaymentId ?? '')).id
        : session.workerId;
    return cancelPayment(deps, { ...session, workerId }, { ...body, channel: 'online', workerId });
  });

  app.get(API.retroSummary, async (request) => {
    const session = await requireSession(deps, request);
    return retroSummary(deps, session.institutionId);
  });

  app.get(API.todayPayments, async (request) => {
    const session = await requireSession(deps, request);
    const { lookupId } = parseBody(TodayPaymentsQuerySchema, request.query ?? {});
    return todayPayments(deps, session, lookupId ?? null);
  });
}
