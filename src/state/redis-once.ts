/**
 * `Once` on Redis: `SET <prefix>once:<key> <instance id> NX PX <ttl>`. The value names the instance that holds
 * the claim, so `release` (a compare-and-delete script) never removes a claim another replica took after ours
 * expired.
 *
 * When Redis fails, claims fall back to this process's own memory and the outage is logged once. A claim is
 * never simply granted: a double click reaching this replica twice still does one thing. Two replicas can then
 * each grant the same key; for a rescan the second StartImageScan meets ECR's own quota of one scan per image
 * per 24 h and is answered as "limit exceeded", so the image is still scanned once; for an event, a Slack retry
 * that reaches another replica during the outage may be handled twice. Refusing every claim instead would stop
 * all rescans and drop every event while Redis is down.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DELETE_IF_HOLDER, evalScript } from '../cache/redis-script.js';
import { assertClaim, createMemoryOnce, type Once } from './once.js';
import { createRedisGuard } from './redis-guard.js';

export interface RedisOnceOptions {
  /** The caller keeps ownership (ideally from `createRedisClient`). */
  redis: Redis;
  /** Namespaces the keys, e.g. `ecrscan:state:`; claims live at `<prefix>once:<key>`. */
  prefix: string;
  log: Logger;
  /** Where claims go while Redis is down (default: a fresh in-memory `Once`). */
  fallback?: Once;
}

export function createRedisOnce(opts: RedisOnceOptions): Once {
  const { redis, prefix } = opts;
  const log = opts.log.child({ component: 'once' });
  const guard = createRedisGuard(redis, log);
  const fallback = opts.fallback ?? createMemoryOnce();
  const holder = randomUUID();

  return {
    async claim(key, ttlMs) {
      assertClaim(key, ttlMs);
      try {
        const set = await guard.run(() => redis.set(`${prefix}once:${key}`, holder, 'PX', Math.ceil(ttlMs), 'NX'));
        return set === 'OK';
      } catch (err) {
        guard.failed(
          err,
          'double clicks, event retries and replayed requests are deduplicated per process until it recovers',
        );
        return fallback.claim(key, ttlMs);
      }
    },
    async release(key) {
      await fallback.release(key);
      try {
        await guard.run(() => evalScript(redis, DELETE_IF_HOLDER, 1, `${prefix}once:${key}`, holder));
      } catch (err) {
        // The claim then simply expires at its TTL.
        guard.failed(err, 'claims are released when they expire');
      }
    },
  };
}
