import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { errorBody } from './error-handler';

/** The text files the build writes brotli and gzip copies of (tools/precompress.ts). */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt)$/i;

/**
 * Serves the Vite build: hashed /assets/* are immutable, the service worker and the HTML are
 * revalidated on every load (so an update is seen at once), and unknown page paths fall back to
 * the app shell of the PWA they belong to. Unknown /api paths stay JSON errors. Text files go out
 * as the build's brotli or gzip copy when the browser accepts one (no compression per request),
 * under the plain file's type, and say that the answer varies with Accept-Encoding.
 */
export async function installStatic(app: FastifyInstance, distDir: string): Promise<void> {
  const hasBuild = existsSync(path.join(distDir, 'index.html'));
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: distDir,
      index: ['index.html'],
      cacheControl: false,
      preCompressed: true,
      setHeaders(res, filePath) {
        const relative = path.relative(distDir, filePath).split(path.sep).join('/');
        if (relative.startsWith('assets/')) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
        else res.setHeader('cache-control', 'no-cache');
        if (COMPRESSIBLE.test(relative.replace(/\.(?:br|gz)$/, ''))) res.setHeader('vary', 'Accept-Encoding');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' || request.method === 'HEAD';
    const pathname = request.url.split('?')[0] ?? '';
    // A missing file (/assets/x.js) must stay a 404, or a cache would store the shell under its name.
    const looksLikeFile = /\.[a-z0-9]+$/i.test(pathname);
    if (!hasBuild || !isPage || looksLikeFile || pathname.startsWith('/api/') || pathname === '/api') {
      return reply.code(404).send(errorBody('1001'));
    }
    const shell =
      pathname.startsWith('/portal/') || pathname === '/portal'
        ? 'portal/index.html'
        : pathname.startsWith('/admin/') || pathname === '/admin'
          ? 'admin/index.html'
          : 'index.html';
    return reply.header('cache-control', 'no-cache').sendFile(shell);
  });
}
