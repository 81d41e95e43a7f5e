import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { precompressDir } from './precompress';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('precompressDir', () => {
  it('writes brotli and gzip copies of text files, in every folder, that decode to the file', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'precompress-'));
    mkdirSync(path.join(dir, 'assets'));
    const script = 'export const greeting = "안녕하세요";\n'.repeat(200);
    writeFileSync(path.join(dir, 'assets', 'app-1a2b.js'), script);
    writeFileSync(path.join(dir, 'icon.png'), Buffer.alloc(4096, 7));
    const written = await precompressDir(dir);
    expect(written.map((f) => f.file)).toEqual(['assets/app-1a2b.js']);
    expect(brotliDecompressSync(readFileSync(path.join(dir, 'assets', 'app-1a2b.js.br'))).toString()).toBe(script);
    expect(gunzipSync(readFileSync(path.join(dir, 'assets', 'app-1a2b.js.gz'))).toString()).toBe(script);
    expect(existsSync(path.join(dir, 'icon.png.br'))).toBe(false);
  });

  it('writes no copy that would not be smaller than the file', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'precompress-'));
    writeFileSync(path.join(dir, 'tiny.js'), ';');
    const [tiny] = await precompressDir(dir);
    expect(tiny).toEqual({ file: 'tiny.js', bytes: 1, brotliBytes: null, gzipBytes: null });
    expect(existsSync(path.join(dir, 'tiny.js.br'))).toBe(false);
    expect(existsSync(path.join(dir, 'tiny.js.gz'))).toBe(false);
  });
});
