/**
 * The provider app's QR scanner (src/device/qr-scanner.ts) reading a real camera: Chromium's fake
 * camera plays a still video of a token's QR code, and the scanner, bundled as the app bundles it,
 * must return the token. The codes below are ones html5-qrcode's decoder misses when a frame is
 * read at the camera's own size (found by decoding generated token codes): a scanner that reads
 * every frame at one size never returns them, however long the camera points at the code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { expect, test } from './fixtures';
import { writeQrVideo } from './request-steps';

const MISSED_AT_CAMERA_SIZE = [
  'EVQ1.eyJrIjoicWstOGRhYWJkNmQ1M2Q2YjVjOCIsImoiOiJOQURCZHU4bFM3VUw1NFd3M01oOGJBIiwidCI6Im9ubGluZSIsImkiOjE3OTY1MzI3NDI1MTYsImUiOjE3OTY1MzI5MjI1MTZ9.XXCXQrNWjI4hhqjP_yrHmhNebIvOGybytYj7YL5voicvb09-u2fEy4wt7pKAv7PmqtEm4gqI2cxs_2vlzQu2kA',
  'EVQ1.eyJrIjoicWstNzU0NWM1Nzg0MzhmOTE4MyIsImoiOiI2blNUbUgxQVVHbVFpY0xrWjNuaS1nIiwidCI6Im9ubGluZSIsImkiOjE3OTY1MzI3NTM1ODIsImUiOjE3OTY1MzI5MzM1ODJ9.el4moVdCiyM1xfSoQVrnfibRep2YT4fd1unE1ebap68Zh1WPvJnKKQBvaGpSvQ-mFmyx7JVaxzeP5yoKqOJb0A',
];

const ORIGIN = 'http://localhost:59998';

test('the camera scanner reads token codes its decoder misses at the camera’s own size', async () => {
  const bundle = await build({
    stdin: {
      contents: `import { createQrScanner } from './src/device/qr-scanner'; window.__scan = (ms) => createQrScanner().scan(document.getElementById('camera'), AbortSignal.timeout(ms));`,
      resolveDir: path.resolve(import.meta.dirname, '..'),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  for (const token of MISSED_AT_CAMERA_SIZE) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'evoucher-scanner-'));
    const video = path.join(dir, 'qr.y4m');
    writeQrVideo(token, video);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
    try {
      const context = await browser.newContext({ permissions: ['camera'] });
      await context.route(`${ORIGIN}/**`, (route) =>
        new URL(route.request().url()).pathname === '/scanner.js'
          ? route.fulfill({ contentType: 'text/javascript', body: script })
          : route.fulfill({
              contentType: 'text/html',
              body: '<!doctype html><meta charset="utf-8"><div id="camera"></div><script src="/scanner.js"></script>',
            }),
      );
      const page = await context.newPage();
      await page.goto(`${ORIGIN}/`);
      const read = await page.evaluate(() =>
        (window as unknown as { __scan(ms: number): Promise<string> }).__scan(15_000).catch((e: unknown) => `missed: ${String(e)}`),
      );
      expect(read).toBe(token);
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
