/**
 * The cache shared by every replica. Layout under `prefix`: `<prefix><key>` holds a value as tagged JSON
 * (Dates, `undefined` and bytes survive) with its TTL as `PX`; `getMany` reads many in one MGET. `<prefix>lock:<key>`
 * and `<prefix>sf:<token>` belong to single-flight (`redis-single-flight.ts`). Values over `maxValueBytes` (1 MiB)
 * are not stored.
 *
 * Fail fast: once ioredis has lost its connection (status reconnecting / close / end) every operation fails at
 * once with `CacheBackendError` instead of joining ioredis's offline queue, so an outage adds no latency to the
 * answers `cached.ts` then gets straight from AWS. Before the first connection, commands queue as usual (bounded
 * by the client's `commandTimeout` when it comes from `createRedisClient`). ioredis reconnects in the background,
 * and the first operation after it is ready succeeds again.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  assertCacheKey,
  assertTtl,
  type Cache,
  CacheBackendError,
  type CacheHit,
  DEFAULT_MAX_VALUE_BYTES,
  type SingleFlightOptions,
} from './cache.js';
import { createLocalFlights } from './local-flights.js';
import { createRedisClient } from './redis-client.js';
import { createRedisSingleFlight } from './redis-single-flight.js';
import { taggedJson } from './tagged-json.js';

export interface RedisCacheOptions {
  /** A client (ideally from `createRedisClient`; the caller keeps ownership) or a URL (the cache owns the client). */
  redis: Redis | string;
  /** Namespaces every key, channel and lock of this cache, e.g. `ecrscan:` or a per-test random prefix. */
  prefix: string;
  log: Logger;
  maxValueBytes?: number;
}

const DOWN = new Set(['reconnecting', 'close', 'end']);

export function createRedisCache(opts: RedisCacheOptions): Cache {
  const log = opts.log.child({ component: 'redis-cache' });
  const redis =
    typeof opts.redis === 'string' ? createRedisClient(opts.redis, { log, name: 'ecrscan-cache' }) : opts.redis;
  const ownsClient = typeof opts.redis === 'string';
  const { prefix } = opts;
  const maxValueBytes = opts.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;

  async function call<T>(operation: () => Promise<T>): Promise<T> {
    if (DOWN.has(redis.status)) throw new CacheBackendError(`redis is not connected (${redis.status})`);
    try {
      return await operation();
    } catch (err) {
      throw new CacheBackendError(`redis: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }

  const local = createLocalFlights();
  const distributed = createRedisSingleFlight({ redis, prefix, log, maxValueBytes, call });

  function decode<T>(key: string, text: string | null): CacheHit<T> | undefined {
    if (text === null) return undefined;
    try {
      return { value: taggedJson.parse(text) as T };
    } catch (err) {
      log.warn({ err, key }, 'unreadable cache entry ignored');
      return undefined;
    }
  }

  return {
    async get<T>(key: string): Promise<CacheHit<T> | undefined> {
      assertCacheKey(key);
      return decode<T>(key, await call(() => redis.get(prefix + key)));
    },

    async getMany<T>(keys: readonly string[]): Promise<(CacheHit<T> | undefined)[]> {
      for (const key of keys) assertCacheKey(key);
      // MGET with no key is a Redis error, and asking nothing needs no round trip.
      if (keys.length === 0) return [];
      const texts = await call(() => redis.mget(keys.map((key) => prefix + key)));
      return keys.map((key, i) => decode<T>(key, texts[i] ?? null));
    },

    async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
      assertCacheKey(key);
      assertTtl(ttlMs);
      const text = taggedJson.stringify(value);
      const bytes = Buffer.byteLength(text);
      if (!(ttlMs > 0) || bytes > maxValueBytes) {
        if (ttlMs > 0) log.debug({ key, bytes, maxValueBytes }, 'value too big to cache');
        await call(() => redis.del(prefix + key));
        return;
      }
      await call(() => redis.set(prefix + key, text, 'PX', Math.ceil(ttlMs)));
    },

    async delete(key: string): Promise<void> {
      assertCacheKey(key);
      await call(() => redis.del(prefix + key));
    },

    async singleFlight<T>(key: string, load: () => Promise<T>, flightOpts: SingleFlightOptions): Promise<T> {
      assertCacheKey(key);
      return local(key, () => distributed.run(key, load, flightOpts), flightOpts);
    },

    async close(): Promise<void> {
      distributed.close();
      if (!ownsClient) return;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
