import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { execSync } from 'node:child_process';
import pkg from './package.json' with { type: 'json' };
import { precompressDir } from './tools/precompress.ts';

/** Build id shown in 단말정보 next to the version: the commit when there is one, else the time. */
function buildId(): string {
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return new Date().toISOString().slice(0, 16);
  }
}

/**
 * Brotli and gzip copies of every text file of the build, the service worker included: so this runs
 * after vite-plugin-pwa has written sw.js (both closeBundle hooks are sequential, this one last).
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'evoucher:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      sequential: true,
      order: 'post',
      async handler() {
        await precompressDir(outDir);
      },
    },
  };
}

export default defineConfig({
  define: {
    // EVOUCHER_APP_VERSION lets a test build a "next version" of the same sources (e2e/update.spec.ts).
    __APP_VERSION__: JSON.stringify(process.env.EVOUCHER_APP_VERSION?.trim() || pkg.version),
    __PAYMENT_VERSION__: JSON.stringify('1042'),
    __BUILD_ID__: JSON.stringify(process.env.EVOUCHER_BUILD_ID ?? buildId()),
  },
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'workers',
      filename: 'sw.ts',
      // Two static manifests (provider app and portal) live in public/; one root-scoped worker serves both.
      manifest: false,
      injectRegister: false,
      // Everything the build emits: both shells, lazy screen chunks, the sync worker, CSS, icons, manifests.
      injectManifest: { globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,woff2}'] },
      devOptions: { enabled: false },
    }),
    precompress(),
  ],
  // Module workers (the comlink sync worker) so they can share chunks like the pages do.
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    rollupOptions: {
      input: {
        app: fileURLToPath(new URL('./index.html', import.meta.url)),
        portal: fileURLToPath(new URL('./portal/index.html', import.meta.url)),
        admin: fileURLToPath(new URL('./admin/index.html', import.meta.url)),
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:8080' } },
});
