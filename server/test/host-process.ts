/**
 * The real host as a child process (`node --import tsx server/main.ts`) on loopback, and a tiny
 * cookie-keeping HTTP client for it: used by the crash test and the benchmarks. The child serves
 * the API only (EVOUCHER_SKIP_BUILD=1 with an empty DIST_DIR). Test and bench support only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoWorker } from '../src/demo/demo-data';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface HostProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  /** Resolves with the signal (or exit code) once the process is gone. */
  readonly exited: Promise<string>;
  output(): string;
}

export interface StartHostOptions {
  readonly dataDir: string;
  /** postgres://… or null for the SQLite file in dataDir. */
  readonly databaseUrl: string | null;
  readonly port: number;
  readonly env?: Record<string, string>;
  /** Give up waiting for /api/health after this long. */
  readonly startTimeoutMs?: number;
  /** Extra node flags (e.g. --cpu-prof for a benchmark). */
  readonly nodeArgs?: readonly string[];
}

export async function startHost(options: StartHostOptions): Promise<HostProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', 'server/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      DATA_DIR: options.dataDir,
      DATABASE_URL: options.databaseUrl ?? '',
      DIST_DIR: path.join(options.dataDir, 'no-dist'),
      EVOUCHER_SKIP_BUILD: '1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`host exited during start:\n${log}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`host did not answer /api/health in time:\n${log}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, baseUrl, exited, output: () => log };
}

/** Kills a host child if it is still alive and waits until it is gone. */
export async function stopHost(host: HostProcess | undefined, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (!host || host.child.exitCode !== null || host.child.signalCode !== null) return;
  host.child.kill(signal);
  await host.exited;
}

/** fetch with the session cookie kept, like a browser on one origin. */
export class HostClient {
  cookie = '';
  constructor(public baseUrl: string) {}

  async request(
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
    timeoutMs = 30_000,
  ): Promise<{ status: number; body: unknown; headers: Headers }> {
    const response = await fetch(`${this.baseUrl}${url}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(this.cookie ? { cookie: this.cookie } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const setCookie = response.headers.get('set-cookie');
    const session = setCookie?.match(/(?:^|,\s*)evs=([^;]*)/);
    if (session?.[1]) this.cookie = `evs=${session[1]}`;
    return { status: response.status, body: await response.json().catch(() => undefined), headers: response.headers };
  }

  /** Registers a new terminal and logs the worker in on it. */
  async login(worker: DemoWorker): Promise<void> {
    const deviceId = randomUUID();
    const registered = await this.request('POST', '/api/terminals/register', { deviceId, model: 'UT-99L' });
    if (registered.status !== 200) throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
    const login = await this.request('POST', '/api/auth/login', { phone: worker.phone, password: worker.password, autoLogin: true, deviceId });
    if (login.status !== 200 || !this.cookie) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  }
}
