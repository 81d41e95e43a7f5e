import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import { HostError } from './host-error';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The request's own origin as the browser would write it (default ports dropped by URL). */
export function ownOrigin(request: FastifyRequest): string | null {
  try {
    return new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return null;
  }
}

/**
 * A state-changing API call must come from our own pages: an Origin header must match ours; with
 * no Origin, only non-browser clients (no Sec-Fetch-Site) or same-origin fetches pass. SameSite
 * cookies already stop most cross-site posts; this closes the rest (old browsers, sibling sites).
 */
export function checkOrigin(request: FastifyRequest): void {
  if (!STATE_CHANGING.has(request.method) || !request.url.startsWith('/api/')) return;
  const origin = request.headers.origin;
  if (origin !== undefined) {
    let claimed: string | null = null;
    try {
      claimed = new URL(origin).origin;
    } catch {
      claimed = null;
    }
    if (claimed === null || claimed === 'null' || claimed !== ownOrigin(request)) throw new HostError('1007', `origin ${origin}`);
    return;
  }
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') throw new HostError('1007', `sec-fetch-site ${String(site)}`);
}

export async function installSecurity(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // The demo runs on http://localhost: HSTS is added below only when the request came over TLS.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'deny' },
  });

  app.addHook('onRequest', async (request) => {
    checkOrigin(request);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    return payload;
  });
}
