/**
 * What the host benchmarks share: a keep-alive HTTP client, the CPU a process used (/proc), a
 * percentile, a worker's login on a fresh terminal, and the floor server (bench/floor-server.ts) as
 * a child process. Bench support only.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { DEMO_WORKERS } from '../server/src/demo/demo-data';
import { freePort, REPO_ROOT } from '../server/test/host-process';

export interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A tiny keep-alive client: one agent, one socket per concurrent caller. */
export function client(baseUrl: string, sockets: number) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  return {
    agent,
    post(pathname: string, body: unknown, cookie = ''): Promise<Answer> {
      const payload = JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const request = http.request(
          {
            host: url.hostname,
            port: url.port,
            path: pathname,
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...(cookie ? { cookie } : {}) },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers }),
            );
          },
        );
        request.on('error', reject);
        request.end(payload);
      });
    },
  };
}

/** CPU ms (user + system) a process has used so far. */
export function cpuMs(pid: number): number {
  const { userMs, systemMs } = cpuSplitMs(pid);
  return userMs + systemMs;
}

/** CPU ms a process has used so far, in user space and in the kernel (on its behalf: syscalls, TCP). */
export function cpuSplitMs(pid: number): { userMs: number; systemMs: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // USER_HZ is 100 on Linux.
  return { userMs: Number(fields[11]) * 10, systemMs: Number(fields[12]) * 10 };
}

export const pct = (sorted: readonly number[], p: number): number =>
  Math.round((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0) * 10) / 10;

export async function login(baseUrl: string, worker: (typeof DEMO_WORKERS)[number]): Promise<string> {
  const c = client(baseUrl, 1);
  const deviceId = randomUUID();
  await c.post('/api/terminals/register', { deviceId, model: 'bench' });
  const answer = await c.post('/api/auth/login', { phone: worker.phone, password: worker.password, autoLogin: true, deviceId });
  const cookie = String(answer.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
  if (answer.status !== 200 || !cookie) throw new Error(`login ${answer.status} ${answer.body}`);
  c.agent.destroy();
  return cookie;
}

export interface Floor {
  readonly pid: number;
  readonly port: number;
  stop(): void;
}

/** Starts bench/floor-server.ts on a fresh SQLite file, or on the given PostgreSQL database. */
export async function startFloor(databaseUrl: string | null): Promise<Floor> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'evoucher-floor-'));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/floor-server.ts', String(port), databaseUrl ?? path.join(dataDir, 'floor.sqlite')],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('floor listening') && resolve());
    child.once('exit', (code) => reject(new Error(`floor exited ${code}`)));
  });
  return {
    pid: child.pid!,
    port,
    stop() {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
