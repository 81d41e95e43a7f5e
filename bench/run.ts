/**
 * `npm run bench`: runs every benchmark in sequence, each in its own process with a time bound,
 * and prints their JSON lines; the browser ones (durability.ts, frontend.ts) use the system Chromium.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const BENCHES = ['host-vs-floor.ts', 'backlog.ts', 'scale-out.ts', 'host-batch.ts', 'sync-1000.ts', 'durability.ts', 'frontend.ts'];
const TIMEOUT_MS = 5 * 60_000;

function run(file: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('bench', file)], { cwd: root, stdio: 'inherit' });
    const timer = setTimeout(() => {
      console.error(`${file}: over ${TIMEOUT_MS / 1000} s, stopped`);
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
}

let failed = 0;
for (const file of BENCHES) {
  if (!existsSync(path.join(here, file))) continue;
  if ((await run(file)) !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
