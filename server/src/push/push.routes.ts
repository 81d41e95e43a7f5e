import type { FastifyInstance } from 'fastify';
import { PORTAL_API, PushSubscribeRequestSchema, PushUnsubscribeRequestSchema } from '../../../src/domain/portal';
import type { HostDeps } from '../deps';
import { parseBody } from '../http/parse-body';
import { perRecipient, requireRecipient } from '../recipients/recipient.routes';
import { recipientRepository } from '../recipients/recipient.repository';
import { vapidKeys } from './host-keys';
import { pushRepository } from './push.repository';

export function pushRoutes(app: FastifyInstance, deps: HostDeps): void {
  // The VAPID public key the portal subscribes with (applicationServerKey): public by nature.
  app.get(PORTAL_API.pushKey, async () => ({ publicKey: (await vapidKeys(deps.db, deps.config, deps.now())).publicKey }));

  app.post(PORTAL_API.pushSubscribe, { config: perRecipient(deps, 'portal-push') }, async (request) => {
    const context = await requireRecipient(deps, request);
    const body = parseBody(PushSubscribeRequestSchema, request.body);
    await pushRepository.upsertSubscription(deps.db, context.recipientId, body.endpoint, body.keys.p256dh, body.keys.auth, deps.now());
    await recipientRepository.audit(deps.db, {
      recipient_id: context.recipientId,
      action: 'push-subscribe',
      outcome: 'ok',
      detail: null,
      recorded_at: deps.now(),
    });
    return { ok: true } as const;
  });

  app.post(PORTAL_API.pushUnsubscribe, { config: perRecipient(deps, 'portal-push') }, async (request) => {
    const context = await requireRecipient(deps, request);
    const body = parseBody(PushUnsubscribeRequestSchema, request.body);
    await pushRepository.removeSubscription(deps.db, context.recipientId, body.endpoint);
    return { ok: true } as const;
  });
}
