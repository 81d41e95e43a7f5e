/**
 * Brotli and gzip copies of a build's text files, written beside them (`app-1a2b.js.br`,
 * `app-1a2b.js.gz`) once at build time, so the host sends compressed bytes without compressing per
 * request (server/src/http/static.ts, @fastify/static `preCompressed`). A copy that would not be
 * smaller than the file is not written; the file is then served as it is.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** The extensions worth compressing; the host marks these `Vary: Accept-Encoding`. */
export const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt)$/i;

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export interface PrecompressedFile {
  readonly file: string;
  readonly bytes: number;
  readonly brotliBytes: number | null;
  readonly gzipBytes: number | null;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function writeIfSmaller(target: string, compressed: Buffer, originalBytes: number): Promise<number | null> {
  if (compressed.length >= originalBytes) {
    await rm(target, { force: true });
    return null;
  }
  await writeFile(target, compressed);
  return compressed.length;
}

export async function precompressDir(dir: string): Promise<PrecompressedFile[]> {
  const files = (await listFiles(dir)).filter((file) => COMPRESSIBLE.test(file));
  return Promise.all(
    files.map(async (file) => {
      const content = await readFile(file);
      const [br, gzipped] = await Promise.all([
        brotli(content, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
          },
        }),
        gz(content, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      return {
        file: path.relative(dir, file).split(path.sep).join('/'),
        bytes: content.length,
        brotliBytes: await writeIfSmaller(`${file}.br`, br, content.length),
        gzipBytes: await writeIfSmaller(`${file}.gz`, gzipped, content.length),
      };
    }),
  );
}
