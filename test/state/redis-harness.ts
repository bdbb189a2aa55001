/**
 * Real Redis for the state suites: one admin client, a random prefix per test file, and cleanup of that prefix
 * only (SCAN + DEL, never FLUSHDB). A client to a port where nothing listens stands in for "Redis is down".
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createRedisClient } from '../../src/cache/redis-client.js';
import { freePort } from '../support/free-port.js';
import { deleteKeysWithPrefix } from '../support/redis-keys.js';

export function redisHarness(url: string, file: string) {
  const runPrefix = `ecrscan-test:${file}:${randomBytes(6).toString('hex')}:`;
  const admin = new Redis(url, { lazyConnect: true });
  const clients: Redis[] = [];
  let n = 0;
  return {
    admin,
    runPrefix,
    /** A fresh prefix under this run's. */
    prefix: () => `${runPrefix}${n++}:`,
    client(log: Logger): Redis {
      const client = createRedisClient(url, { log, name: 'ecrscan-test' });
      clients.push(client);
      return client;
    },
    async deadClient(log: Logger): Promise<Redis> {
      const port = await freePort();
      const client = createRedisClient(`redis://127.0.0.1:${port}`, {
        log,
        name: 'ecrscan-test-dead',
        connectTimeoutMs: 200,
        commandTimeoutMs: 300,
        maxRetryDelayMs: 100,
      });
      clients.push(client);
      return client;
    },
    async removeKeys(prefix = runPrefix): Promise<void> {
      await deleteKeysWithPrefix(admin, prefix);
    },
    async close(): Promise<void> {
      await this.removeKeys();
      for (const c of clients) c.disconnect();
      await admin.quit();
    },
  };
}
