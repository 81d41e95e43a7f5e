import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRAMS } from '../../src/domain/catalog';
import { API, type Catalog } from '../../src/domain/wire';
import { databases, FAKE_APP_JS, T0, TestContext } from './test-context';

describe.each(databases)('HTTP surface on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create(kind);
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('serves the app shell with a strict CSP and no HSTS over plain http', async () => {
    const response = await ctx.get('/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('adds HSTS when the request came over TLS through a trusted proxy', async () => {
    const proxied = await TestContext.create(kind, { trustProxy: true });
    try {
      const response = await proxied.get('/api/health', { headers: { 'x-forwarded-proto': 'https' } });
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await proxied.close();
    }
  });

  it('serves sw.js with no-cache and hashed assets as immutable', async () => {
    const sw = await ctx.get('/sw.js');
    expect(sw.statusCode).toBe(200);
    expect(sw.headers['cache-control']).toBe('no-cache');
    const asset = await ctx.get('/assets/app-3f9a.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it("sends the build's brotli copy to a browser that accepts br, under the asset's own type", async () => {
    const response = await ctx.get('/assets/app-3f9a.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(response.headers.vary).toBe('Accept-Encoding');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(response.headers['content-length'])).toBe(response.rawPayload.length);
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(FAKE_APP_JS);
  });

  it('sends the gzip copy where br is not accepted, and the plain file where nothing is', async () => {
    const gzipped = await ctx.get('/assets/app-3f9a.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.rawPayload).toString()).toBe(FAKE_APP_JS);
    const plain = await ctx.get('/assets/app-3f9a.js');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(plain.body).toBe(FAKE_APP_JS);
    // A file the build made no copy of goes out as it is, whatever the browser accepts.
    const sw = await ctx.get('/sw.js', { headers: { 'accept-encoding': 'br' } });
    expect(sw.headers['content-encoding']).toBeUndefined();
    expect(sw.body).toContain('addEventListener');
  });

  it('sends the app shell compressed too, at / and as the fallback of a page path', async () => {
    for (const url of ['/', '/payments/today']) {
      const response = await ctx.get(url, { headers: { 'accept-encoding': 'br' } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding']).toBe('br');
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(brotliDecompressSync(response.rawPayload).toString()).toContain('결제앱');
    }
  });

  it('falls back to the shell of the PWA a page path belongs to', async () => {
    const portal = await ctx.get('/portal/');
    expect(portal.body).toContain('이용자 포털');
    const portalDeep = await ctx.get('/portal/vouchers/2026-03');
    expect(portalDeep.statusCode).toBe(200);
    expect(portalDeep.body).toContain('이용자 포털');
    const appDeep = await ctx.get('/payments/today');
    expect(appDeep.body).toContain('결제앱');
    expect((await ctx.get('/assets/missing-123.js')).statusCode).toBe(404);
  });

  it('answers unknown API paths with a JSON 404 and marks API answers no-store', async () => {
    const response = await ctx.get('/api/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('1001');
    expect(response.headers['cache-control']).toBe('no-store');
    const health = await ctx.get('/api/health');
    expect(health.json()).toEqual({ ok: true, hostNow: T0, version: '0.1.0', minAppVersion: null });
    expect(health.headers['cache-control']).toBe('no-store');
  });

  it('lists the catalog with the tariff in force', async () => {
    const catalog = (await ctx.get('/api/catalog')).json<Catalog>();
    expect(catalog.programs.map((p) => p.id)).toEqual(PROGRAMS.map((p) => p.id));
    expect(catalog.tariff).toHaveLength(10);
    expect(catalog.tariff.find((r) => r.programId === 'activity-support' && r.rate === 'standard')?.priceKrw).toBe(17_270);
  });

  it('documents every API path in OpenAPI 3.1', async () => {
    const doc = (await ctx.get('/api/openapi.json')).json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toBe('3.1.0');
    for (const path of Object.values(API)) {
      if (path !== API.openapi) expect(Object.keys(doc.paths)).toContain(path);
    }
    // 정상결제 and 소급결제: one body per mode, each with its idempotency key.
    const payment = doc.paths[API.payments]!.post as {
      requestBody: { content: { 'application/json': { schema: { oneOf: { required: string[] }[] } } } };
    };
    const modes = payment.requestBody.content['application/json'].schema.oneOf;
    expect(modes).toHaveLength(2);
    for (const mode of modes) expect(mode.required).toEqual(expect.arrayContaining(['paymentId', 'mode', 'serviceEndAt']));
  });
});
