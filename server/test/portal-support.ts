/** Test support for the recipient portal: requests with the recipient's own cookie (`evr`). */
import type { LightMyRequestResponse } from 'fastify';
import { recipient, type TestContext } from './test-context';

export const PORTAL_PASSWORD = 'portal-pass1!';

export function portalPost(ctx: TestContext, url: string, body: unknown, cookie?: string): Promise<LightMyRequestResponse> {
  return ctx.app.inject({ method: 'POST', url, payload: body as object, ...(cookie ? { cookies: { evr: cookie } } : {}) });
}

export function portalGet(ctx: TestContext, url: string, cookie?: string): Promise<LightMyRequestResponse> {
  return ctx.app.inject({ method: 'GET', url, ...(cookie ? { cookies: { evr: cookie } } : {}) });
}

function cookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'evr');
  if (response.statusCode !== 200 || !cookie) throw new Error(`no portal session: ${response.statusCode} ${response.body}`);
  return cookie.value;
}

/** Signs a demo recipient up (their phone and card number) and answers the portal session cookie. */
export async function portalSignup(ctx: TestContext, recipientId: string, password = PORTAL_PASSWORD): Promise<string> {
  const r = recipient(recipientId);
  return cookieOf(await portalPost(ctx, '/api/portal/signup', { phone: r.phone, cardNumber: r.cardNumber, password }));
}

export async function portalLogin(ctx: TestContext, recipientId: string, password = PORTAL_PASSWORD, autoLogin = false): Promise<string> {
  const r = recipient(recipientId);
  return cookieOf(await portalPost(ctx, '/api/portal/login', { phone: r.phone, password, autoLogin }));
}
