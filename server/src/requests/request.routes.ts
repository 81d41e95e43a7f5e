import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import {
  ApprovalOptionsRequestSchema,
  ApproveRequestSchema,
  BiometricRequestSchema,
  DeclineRequestSchema,
  PhoneRequestSchema,
  PORTAL_API,
  QrRedeemRequestSchema,
  QrTokenRequestSchema,
  REQUEST_API,
} from '../../../src/domain/portal';
import * as v from 'valibot';
import { requireSession } from '../auth/auth.routes';
import { SESSION_COOKIE } from '../auth/auth.service';
import type { HostDeps } from '../deps';
import { requireAppVersion } from '../http/app-version';
import { HostError } from '../http/host-error';
import { parseBody } from '../http/parse-body';
import { perRecipient, requireRecipient } from '../recipients/recipient.routes';
import {
  approve,
  biometricOptions,
  biometricResult,
  decline,
  offlineTokens,
  pendingRequests,
  qrTokenFor,
  redeemQrToken,
  sendBiometricRequest,
  sendQrRequest,
} from './request.service';

const RequestIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/));

export function requestRoutes(app: FastifyInstance, deps: HostDeps): void {
  // Per worker session: 2003/2005 cannot be asked for faster than a worker types numbers
  // (the per-number limit is in the service: one number, whoever asks).
  const perWorker = (name: string) => ({
    rateLimit: {
      max: deps.config.phoneRequestRateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request: FastifyRequest) => `${name}|${request.cookies[SESSION_COOKIE] ?? request.ip}`,
    },
  });

  app.post(REQUEST_API.qrRequest, { config: perWorker('phone-request') }, async (request) => {
    const session = await requireSession(deps, request);
    requireAppVersion(request, deps.config.minAppVersion);
    return sendQrRequest(deps, session, parseBody(PhoneRequestSchema, request.body));
  });

  app.post(REQUEST_API.biometricRequest, { config: perWorker('phone-request') }, async (request) => {
    const session = await requireSession(deps, request);
    requireAppVersion(request, deps.config.minAppVersion);
    return sendBiometricRequest(deps, session, parseBody(BiometricRequestSchema, request.body));
  });

  app.post(
    REQUEST_API.qrRedeem,
    {
      config: {
        rateLimit: {
          max: deps.config.lookupRateLimitPerMinute,
          timeWindow: 60_000,
          keyGenerator: (request: FastifyRequest) => `qr-redeem|${request.cookies[SESSION_COOKIE] ?? request.ip}`,
        },
      },
    },
    async (request) => {
      const session = await requireSession(deps, request);
      requireAppVersion(request, deps.config.minAppVersion);
      return redeemQrToken(deps, session, parseBody(QrRedeemRequestSchema, request.body).token);
    },
  );

  app.get<{ Params: { requestId: string } }>(`${REQUEST_API.biometricRequest}/:requestId`, async (request) => {
    const session = await requireSession(deps, request);
    if (!v.is(RequestIdSchema, request.params.requestId)) throw new HostError('1001', 'request id');
    return biometricResult(deps, session, request.params.requestId);
  });

  // ── the recipient's portal ──
  app.get(PORTAL_API.requests, async (request) => pendingRequests(deps, await requireRecipient(deps, request)));

  app.post(PORTAL_API.qrToken, { config: perRecipient(deps, 'portal-qr-token') }, async (request) => {
    const context = await requireRecipient(deps, request);
    return qrTokenFor(deps, context, parseBody(QrTokenRequestSchema, request.body).requestId);
  });

  app.post(PORTAL_API.offlineTokens, { config: perRecipient(deps, 'portal-offline-tokens') }, async (request) =>
    offlineTokens(deps, await requireRecipient(deps, request)),
  );

  app.post(PORTAL_API.approvalOptions, { config: perRecipient(deps, 'portal-approval') }, async (request) => {
    const context = await requireRecipient(deps, request);
    return biometricOptions(deps, context, parseBody(ApprovalOptionsRequestSchema, request.body).requestId);
  });

  app.post(PORTAL_API.approve, { config: perRecipient(deps, 'portal-approval') }, async (request) => {
    const context = await requireRecipient(deps, request);
    const body = parseBody(ApproveRequestSchema, request.body);
    return approve(deps, context, body.requestId, body.response as unknown as AuthenticationResponseJSON);
  });

  app.post(PORTAL_API.decline, { config: perRecipient(deps, 'portal-approval') }, async (request) => {
    const context = await requireRecipient(deps, request);
    return decline(deps, context, parseBody(DeclineRequestSchema, request.body).requestId);
  });
}
