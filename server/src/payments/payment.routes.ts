import type { FastifyInstance } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { seoulMonth } from '../../../src/domain/time';
import { API, CancelRequestSchema, PaymentRequestSchema, RetroMonitoringQuerySchema, TodayPaymentsQuerySchema } from '../../../src/domain/wire';
import { HostError } from '../http/host-error';
import { cancelPayment } from '../cancellations/cancellation.service';
import { requireSession } from '../auth/auth.routes';
import type { HostDeps } from '../deps';
import { requireAppVersion } from '../http/app-version';
import { parseBody } from '../http/parse-body';
import { resolvePaymentId } from '../terminals/terminal-workers';
import { submitPayment, todayPayments } from './payment.service';
import { retroMonitoring, retroSummary } from './retroactive.service';

/** The operator's bearer token, compared in constant time; 1003 for a wrong one, 404 when the report is off. */
function requireMonitoringToken(expected: string | null, authorization: string | undefined): void {
  if (expected === null) throw new HostError('1060');
  const given = createHash('sha256')
    .update(authorization ?? '')
    .digest();
  const wanted = createHash('sha256').update(`Bearer ${expected}`).digest();
  if (!timingSafeEqual(given, wanted)) throw new HostError('1003', 'monitoring token');
}

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

  // The national monitoring report: for the operator who holds MONITORING_TOKEN; off (404) without one.
  app.get(API.retroMonitoring, async (request) => {
    requireMonitoringToken(deps.config.monitoringToken, request.headers.authorization);
    const { month } = parseBody(RetroMonitoringQuerySchema, request.query ?? {});
    return retroMonitoring(deps.db, month ?? seoulMonth(deps.now()), deps.config.retroRatioThreshold);
  });

  app.get(API.todayPayments, async (request) => {
    const session = await requireSession(deps, request);
    const { lookupId } = parseBody(TodayPaymentsQuerySchema, request.query ?? {});
    return todayPayments(deps, session, lookupId ?? null);
  });
}
