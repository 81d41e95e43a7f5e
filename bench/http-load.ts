/**
 * What the host benchmarks share: a keep-alive HTTP client, the CPU a process used (/proc), a
 * percentile, and a worker's login on a fresh terminal. Bench support only.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { DEMO_WORKERS } from '../server/src/demo/demo-data';

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
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
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
