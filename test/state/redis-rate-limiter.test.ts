import { afterAll, describe, expect, inject, it } from 'vitest';
import { createRedisRateLimiter } from '../../src/state/redis-rate-limiter.js';
import { captureLog, LEVEL } from '../support/log-capture.js';
import { rateLimiterContract } from './rate-limiter-contract.js';
import { redisHarness } from './redis-harness.js';

const redis = redisHarness(inject('redisUrl'), 'redis-rate-limiter');
afterAll(() => redis.close());

rateLimiterContract('redis', async () => {
  const prefix = redis.prefix();
  const { log } = captureLog();
  const client = redis.client(log);
  return {
    limiter: createRedisRateLimiter({ redis: client, prefix, log }),
    replica: () => createRedisRateLimiter({ redis: client, prefix, log }),
    elapse: (ms) => new Promise((r) => setTimeout(r, ms)),
    dispose: () => redis.removeKeys(prefix),
  };
});

describe('createRedisRateLimiter', () => {
  it('keeps one sorted set per key at <prefix>rate:<key> that expires with its window', async () => {
    const prefix = redis.prefix();
    const { log } = captureLog();
    const limiter = createRedisRateLimiter({ redis: redis.client(log), prefix, log });
    await limiter.take('rescan:T1:U1', { limit: 3, windowMs: 30_000 });
    await limiter.take('rescan:T1:U1', { limit: 3, windowMs: 30_000 });
    expect(await redis.admin.zcard(`${prefix}rate:rescan:T1:U1`)).toBe(2);
    const pttl = await redis.admin.pttl(`${prefix}rate:rescan:T1:U1`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(30_000);
  });

  it('with Redis down, limits per process and warns once', async () => {
    const { log, lines } = captureLog();
    const limiter = createRedisRateLimiter({ redis: await redis.deadClient(log), prefix: redis.prefix(), log });
    const limit = { limit: 1, windowMs: 60_000 };
    expect((await limiter.take('u', limit)).allowed).toBe(true);
    const refused = await limiter.take('u', limit);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(lines.filter((l) => l.level === LEVEL.warn && l.component === 'rate-limiter')).toHaveLength(1);
  });
});
