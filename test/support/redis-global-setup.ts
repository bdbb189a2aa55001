/**
 * Finds a Redis for the tests, in this order: REDIS_URL; 127.0.0.1:6379 if it answers; otherwise a
 * throw-away redis-server on a free port, stopped after the run. Tests receive the URL through
 * `inject('redisUrl')` and only ever use their own key prefix, so a developer's Redis is never flushed.
 */
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';

function ping(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  if (process.env.REDIS_URL) {
    project.provide('redisUrl', process.env.REDIS_URL);
    return undefined;
  }
  if (await ping('127.0.0.1', 6379)) {
    project.provide('redisUrl', 'redis://127.0.0.1:6379');
    return undefined;
  }
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error(
      'The tests need Redis. None answers at 127.0.0.1:6379, REDIS_URL is not set, and redis-server is not installed.\n' +
        'Install it (Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`) or set REDIS_URL.',
    );
  }
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 50 && !(await ping('127.0.0.1', port)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await ping('127.0.0.1', port))) {
    child.kill();
    throw new Error(`Started redis-server on port ${port}, but it does not answer PING.`);
  }
  project.provide('redisUrl', `redis://127.0.0.1:${port}`);
  return () => {
    child.kill();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}
