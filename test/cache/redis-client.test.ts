import { describe, expect, inject, it, vi } from 'vitest';
import { createRedisClient } from '../../src/cache/redis-client.js';
import { freePort } from '../support/free-port.js';
import { captureLog, LEVEL } from '../support/log-capture.js';

describe('createRedisClient', () => {
  it('does no I/O until used, and is tuned to fail fast', () => {
    const { log, lines } = captureLog();
    const client = createRedisClient(inject('redisUrl'), { log });
    try {
      expect(client.status).toBe('wait');
      expect(client.options).toMatchObject({
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        commandTimeout: 1500,
        connectTimeout: 2000,
      });
      expect(client.options.retryStrategy?.(1)).toBe(100);
      expect(client.options.retryStrategy?.(50)).toBe(3000);
      expect(lines).toEqual([]);
    } finally {
      client.disconnect();
    }
  });

  it('lets BullMQ workers override what they must', () => {
    const { log } = captureLog();
    const client = createRedisClient(inject('redisUrl'), { log, overrides: { maxRetriesPerRequest: null } });
    expect(client.options.maxRetriesPerRequest).toBeNull();
    client.disconnect();
  });

  it('works against a live Redis', async () => {
    const { log } = captureLog();
    const client = createRedisClient(inject('redisUrl'), { log });
    try {
      expect(await client.ping()).toBe('PONG');
    } finally {
      await client.quit();
    }
  });

  it('logs an unreachable Redis once as a warning, never throws it, and never logs the password', async () => {
    const port = await freePort();
    const { log, lines } = captureLog();
    const client = createRedisClient(`redis://:s3cret-pw@127.0.0.1:${port}`, { log, maxRetryDelayMs: 50 });
    try {
      await expect(client.get('k')).rejects.toThrow();
      await vi.waitFor(() => expect(lines.filter((l) => l.level === LEVEL.debug).length).toBeGreaterThan(2), {
        timeout: 10_000,
      });
      expect(lines.filter((l) => l.level >= LEVEL.info)).toEqual([
        expect.objectContaining({ level: LEVEL.warn, component: 'redis', redis: `127.0.0.1:${port}` }),
      ]);
      expect(JSON.stringify(lines)).not.toContain('s3cret-pw');
    } finally {
      client.disconnect();
    }
  });
});
