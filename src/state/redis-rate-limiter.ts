/**
 * `RateLimiter` on Redis: a sorted set per key at `<prefix>rate:<key>` whose members are the allowed takes,
 * scored by Redis's own clock (`TIME`, so replicas with skewed clocks agree). One script trims the window,
 * counts, and adds the take only if it is allowed: atomic, so concurrent takes never exceed the limit.
 *
 * When Redis fails, this process's own memory limiter answers and the outage is logged once: limits then
 * hold per replica, not overall. Refusing every take instead would stop every rescan while Redis is down,
 * and allowing all would lift the limit entirely.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { evalScript } from '../cache/redis-script.js';
import { assertRateLimit, createMemoryRateLimiter, type RateLimiter } from './rate-limiter.js';
import { createRedisGuard } from './redis-guard.js';

// KEYS[1] the set; ARGV: limit, windowMs, a unique member. Returns {allowed 0|1, retryAfterMs}.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, now .. ':' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
local wait = tonumber(oldest[2]) + window - now
if wait < 1 then wait = 1 end
return {0, wait}
`;

export interface RedisRateLimiterOptions {
  /** The caller keeps ownership. */
  redis: Redis;
  /** Namespaces the keys, e.g. `ecrscan:state:`. */
  prefix: string;
  log: Logger;
  /** Answers while Redis is down (default: a fresh in-memory limiter). */
  fallback?: RateLimiter;
}

export function createRedisRateLimiter(opts: RedisRateLimiterOptions): RateLimiter {
  const { redis, prefix } = opts;
  const log = opts.log.child({ component: 'rate-limiter' });
  const guard = createRedisGuard(redis, log);
  const fallback = opts.fallback ?? createMemoryRateLimiter();

  return {
    async take(key, limit) {
      assertRateLimit(key, limit);
      try {
        const [allowed, retryAfterMs] = (await guard.run(() =>
          evalScript(redis, TAKE, 1, `${prefix}rate:${key}`, limit.limit, Math.ceil(limit.windowMs), randomUUID()),
        )) as [number, number];
        return { allowed: allowed === 1, retryAfterMs: Number(retryAfterMs) };
      } catch (err) {
        guard.failed(err, 'rate limits are counted per process until it recovers');
        return fallback.take(key, limit);
      }
    },
  };
}
