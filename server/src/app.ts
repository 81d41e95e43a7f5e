import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { SYNC_BATCH_PATH, SYNC_COMMANDS_PATH } from '../../src/domain/offline';
import { SqliteAdapter } from 'kysely';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { adminRoutes } from './admin-console/admin.routes';
import { authRoutes } from './auth/auth.routes';
import { cardRoutes } from './cards/card.routes';
import { catalogRoutes } from './catalog/catalog.routes';
import type { HostConfig } from './config';
import type { Db } from './db/database';
import type { HostDeps } from './deps';
import { createBackpressureGate } from './http/backpressure';
import { installErrorHandler } from './http/error-handler';
import { inboxConsumer } from './events/inbox.consumer';
import { createPostingQueue } from './payments/posting';
import { inProcessNotifier, type Notifier } from './events/notifier';
import { startEventRelay, type EventRelay } from './events/relay';
import { HostError } from './http/host-error';
import { databaseRateLimitStore } from './http/rate-limit-store';
import { installSecurity } from './http/security';
import { installStatic } from './http/static';
import { openApiRoutes } from './openapi/openapi.routes';
import { paymentRoutes } from './payments/payment.routes';
import { liveStreams, portalSignalConsumer } from './recipients/live';
import { recipientRoutes } from './recipients/recipient.routes';
import { vapidKeys } from './push/host-keys';
import { pushConsumer } from './push/push.consumer';
import { pushRoutes } from './push/push.routes';
import { startPushSender, type PushSender } from './push/push-sender';
import { requestRoutes } from './requests/request.routes';
import { webauthnRoutes } from './webauthn/webauthn.routes';
import { serviceRoutes } from './services/service.routes';
import { syncRoutes } from './sync/sync.routes';
import { terminalRoutes } from './terminals/terminal.routes';

export interface BuildAppOptions {
  readonly config: HostConfig;
  /** A migrated database; the caller owns it and closes it after the app. */
  readonly db: Db;
  /** The host clock; tests pass a movable one instead of faking timers. */
  readonly now?: () => number;
  /** false silences the log (tests); otherwise pino at config.logLevel. */
  readonly logger?: boolean;
  /** Default: in-process (one host on SQLite); main.ts passes LISTEN/NOTIFY on PostgreSQL. */
  readonly notifier?: Notifier;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Delivers committed domain events to their consumers; null when EVENT_RELAY=0. */
    eventRelay: EventRelay | null;
    /** Sends queued Web Pushes; null when EVENT_RELAY=0 (another process sends them). */
    pushSender: PushSender | null;
  }
}

/** What never reaches the log: session cookies, passwords, phone numbers, card tokens and numbers. */
export const LOG_REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'phone',
  '*.phone',
  'token',
  '*.token',
  'cardNumber',
  '*.cardNumber',
  'card',
  '*.card',
  'body',
  '*.body',
];

/** One log line per request, when it completes, at the configured level — instead of Fastify's two at info. */
class RequestLine extends LogController {
  constructor(private readonly level: 'debug' | 'info') {
    super();
  }
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const line = { method: request.method, url: request.url.split('?')[0], statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (error) request.log.error({ ...line, err: error }, 'request failed');
    else request.log[this.level](line, 'request');
  }
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config, db } = options;
  const now = options.now ?? Date.now;
  const notifier = options.notifier ?? inProcessNotifier();
  const deps: HostDeps = { db, now, config, notifier, postings: createPostingQueue({ db, now, notifier }) };

  // The sync gate answers what it cannot take before Fastify sees the request (http/backpressure.ts).
  const gate = createBackpressureGate({ paths: [SYNC_COMMANDS_PATH, SYNC_BATCH_PATH], maxInFlight: config.syncMaxInFlight });
  const app = Fastify({
    serverFactory: (handler) => http.createServer(gate.wrap(handler)),
    logger: options.logger === false ? false : { level: config.logLevel, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } },
    trustProxy: config.trustProxy,
    bodyLimit: 256 * 1024,
    logController: new RequestLine(config.requestLogLevel),
  });

  installErrorHandler(app);
  // Fastify's JSON parser (with its prototype-poisoning guards), except that an empty body is no
  // body: fetch(…, { method: 'POST', headers: json }) without a body is how clients log out.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, body.toString(), done);
  });
  await app.register(cookie);
  await installSecurity(app);
  await app.register(rateLimit, {
    global: false,
    store: databaseRateLimitStore(db, now),
    // A limit hit is a normal refusal: the error handler turns it into 1004 with status 429.
    errorResponseBuilder: () => new HostError('1004'),
  });

  catalogRoutes(app, deps);
  terminalRoutes(app, deps);
  authRoutes(app, deps);
  cardRoutes(app, deps);
  serviceRoutes(app, deps);
  paymentRoutes(app, deps);
  syncRoutes(app, deps);
  const live = liveStreams();
  recipientRoutes(app, deps, live);
  pushRoutes(app, deps);
  webauthnRoutes(app, deps);
  requestRoutes(app, deps);
  // Open SSE streams would keep the server from closing: they end first.
  app.addHook('preClose', async () => live.closeAll());
  adminRoutes(app, deps);
  openApiRoutes(app, deps);
  await installStatic(app, config.distDir);

  const relay = config.eventRelay
    ? startEventRelay({
        db,
        postgres: !(db.getExecutor().adapter instanceof SqliteAdapter),
        notifier,
        consumers: [inboxConsumer, pushConsumer(notifier, now), portalSignalConsumer(notifier)],
        now,
        onError: (error) => app.log.error({ err: error }, 'event delivery failed; the events stay queued'),
      })
    : null;
  app.decorate('eventRelay', relay);
  const postgres = !(db.getExecutor().adapter instanceof SqliteAdapter);
  const pushSender = config.eventRelay
    ? startPushSender({
        db,
        postgres,
        notifier,
        now,
        vapid: () => vapidKeys(db, config, now()),
        subject: config.vapidSubject,
        ...(config.pushCaFile ? { agent: new https.Agent({ ca: readFileSync(config.pushCaFile) }) } : {}),
        onError: (error) => app.log.warn({ err: error }, 'push not sent; it stays queued or was given up'),
      })
    : null;
  app.decorate('pushSender', pushSender);
  app.addHook('onClose', async () => {
    await relay?.stop();
    await pushSender?.stop();
  });
  return app;
}
