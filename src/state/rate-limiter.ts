/**
 * Per-key rate limits ("at most 5 rescans per user per 10 minutes"), shared by every replica. A sliding window:
 * a take is allowed while fewer than `limit` allowed takes happened in the last `windowMs`; a refused take is
 * not counted, so someone who keeps clicking is let in again as soon as their oldest take leaves the window,
 * and `retryAfterMs` says exactly when that is.
 *
 * Two implementations honour one contract (test/state/rate-limiter-contract.ts): `createMemoryRateLimiter`
 * below and `createRedisRateLimiter` (one Lua script, so concurrent takes on any replica cannot overshoot).
 */

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export interface RateDecision {
  allowed: boolean;
  /** 0 when allowed; otherwise how long until a take would be allowed. */
  retryAfterMs: number;
}

export interface RateLimiter {
  take(key: string, limit: RateLimit): Promise<RateDecision>;
}

export function assertRateLimit(key: string, { limit, windowMs }: RateLimit): void {
  if (typeof key !== 'string' || key.length === 0) throw new TypeError('a rate-limit key must be a non-empty string');
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer: ${limit}`);
  if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError(`windowMs must be positive: ${windowMs}`);
}

const SWEEP_EVERY = 1_000;

/** One process's limits. Keys whose takes have all left their window are swept every 1,000 takes. */
export function createMemoryRateLimiter(opts: { clock?: { now(): number } } = {}): RateLimiter {
  const clock = opts.clock ?? Date;
  const takes = new Map<string, { times: number[]; windowMs: number }>();
  let sinceSweep = 0;

  function sweep(now: number): void {
    if (++sinceSweep < SWEEP_EVERY) return;
    sinceSweep = 0;
    for (const [key, entry] of takes) {
      const last = entry.times.at(-1);
      if (last === undefined || last + entry.windowMs <= now) takes.delete(key);
    }
  }

  return {
    async take(key, limit) {
      assertRateLimit(key, limit);
      const now = clock.now();
      sweep(now);
      const entry = takes.get(key) ?? { times: [], windowMs: limit.windowMs };
      entry.windowMs = limit.windowMs;
      entry.times = entry.times.filter((t) => t > now - limit.windowMs);
      takes.set(key, entry);
      if (entry.times.length < limit.limit) {
        entry.times.push(now);
        return { allowed: true, retryAfterMs: 0 };
      }
      const oldest = entry.times[entry.times.length - limit.limit] ?? now;
      return { allowed: false, retryAfterMs: Math.max(1, oldest + limit.windowMs - now) };
    },
  };
}
