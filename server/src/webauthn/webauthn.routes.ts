import type { FastifyInstance } from 'fastify';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { PORTAL_API, WebauthnRegisterRequestSchema } from '../../../src/domain/portal';
import type { HostDeps } from '../deps';
import { parseBody } from '../http/parse-body';
import { perRecipient, requireRecipient } from '../recipients/recipient.routes';
import { register, registrationOptions, removeCredentials } from './webauthn.service';

/** 로그인 및 인증관리 → 생체인증 등록/해제. */
export function webauthnRoutes(app: FastifyInstance, deps: HostDeps): void {
  app.post(PORTAL_API.webauthnRegisterOptions, { config: perRecipient(deps, 'portal-webauthn') }, async (request) =>
    registrationOptions(deps, await requireRecipient(deps, request)),
  );

  app.post(PORTAL_API.webauthnRegister, { config: perRecipient(deps, 'portal-webauthn') }, async (request) => {
    const context = await requireRecipient(deps, request);
    const body = parseBody(WebauthnRegisterRequestSchema, request.body);
    return register(deps, context, body.response as unknown as RegistrationResponseJSON);
  });

  app.post(PORTAL_API.webauthnRemove, { config: perRecipient(deps, 'portal-webauthn') }, async (request) =>
    removeCredentials(deps, await requireRecipient(deps, request)),
  );
}
