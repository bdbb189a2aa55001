/**
 * The composition root's one call for Redis-backed state: with a Redis client, everything is shared by every
 * replica (falling back to this process per store while Redis is down); without one (no REDIS_URL), the
 * in-memory twins, which suit one replica only.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type AuditLog, createMemoryAuditLog } from './audit-log.js';
import { createMemoryOnce, type Once } from './once.js';
import { createMemoryRateLimiter, type RateLimiter } from './rate-limiter.js';
import { createRedisAuditLog } from './redis-audit-log.js';
import { createRedisOnce } from './redis-once.js';
import { createRedisRateLimiter } from './redis-rate-limiter.js';

export interface State {
  once: Once;
  rateLimiter: RateLimiter;
  audit: AuditLog;
}

export interface StateOptions {
  /** The caller keeps ownership and closes it. */
  redis?: Redis;
  /** Default `ecrscan:state:`. */
  prefix?: string;
  log: Logger;
  auditMaxEntries?: number;
}

export function createState(opts: StateOptions): State {
  const { redis, log } = opts;
  const prefix = opts.prefix ?? 'ecrscan:state:';
  const maxEntries = opts.auditMaxEntries;
  if (!redis) {
    return {
      once: createMemoryOnce(),
      rateLimiter: createMemoryRateLimiter(),
      audit: createMemoryAuditLog({ log, maxEntries }),
    };
  }
  return {
    once: createRedisOnce({ redis, prefix, log }),
    rateLimiter: createRedisRateLimiter({ redis, prefix, log }),
    audit: createRedisAuditLog({ redis, prefix, log, maxEntries }),
  };
}
