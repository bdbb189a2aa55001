/** The one suite every `RateLimiter` must pass: run by memory-rate-limiter.test.ts and redis-rate-limiter.test.ts. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../src/state/rate-limiter.js';

export interface RateLimiterHarness {
  limiter: RateLimiter;
  /** Another instance over the same store (memory returns the same instance). */
  replica(): RateLimiter;
  /** Lets at least `ms` pass: a fake clock for memory, a real wait for Redis. */
  elapse(ms: number): Promise<void>;
  dispose(): Promise<void>;
}

const WINDOW = 400;

export function rateLimiterContract(name: string, make: () => Promise<RateLimiterHarness>): void {
  describe(`RateLimiter contract: ${name}`, () => {
    let h: RateLimiterHarness;
    beforeEach(async () => {
      h = await make();
    });
    afterEach(() => h.dispose());

    it('allows `limit` takes in a window, then refuses with how long to wait', async () => {
      const limit = { limit: 3, windowMs: 60_000 };
      const first = [await h.limiter.take('u1', limit), await h.limiter.take('u1', limit)];
      expect(first).toEqual([
        { allowed: true, retryAfterMs: 0 },
        { allowed: true, retryAfterMs: 0 },
      ]);
      expect(await h.replica().take('u1', limit)).toEqual({ allowed: true, retryAfterMs: 0 });
      const refused = await h.limiter.take('u1', limit);
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
      expect((await h.limiter.take('u2', limit)).allowed).toBe(true);
    });

    it('never lets concurrent takes past the limit', async () => {
      const limit = { limit: 5, windowMs: 60_000 };
      const takes = Array.from({ length: 20 }, (_, i) => (i % 2 ? h.replica() : h.limiter).take('burst', limit));
      const allowed = (await Promise.all(takes)).filter((d) => d.allowed);
      expect(allowed).toHaveLength(5);
    });

    it('is a sliding window: a take is allowed again once the oldest leaves it, and refusals do not count', async () => {
      const limit = { limit: 2, windowMs: WINDOW };
      expect((await h.limiter.take('s', limit)).allowed).toBe(true);
      await h.elapse(WINDOW / 2);
      expect((await h.limiter.take('s', limit)).allowed).toBe(true);
      const refused = await h.limiter.take('s', limit);
      expect(refused.allowed).toBe(false);
      // The oldest take is at least WINDOW/2 old, so it leaves the window within WINDOW/2.
      expect(refused.retryAfterMs).toBeLessThanOrEqual(WINDOW / 2);
      expect((await h.limiter.take('s', limit)).allowed).toBe(false);
      await h.elapse(refused.retryAfterMs + 20);
      expect((await h.limiter.take('s', limit)).allowed).toBe(true);
      expect((await h.limiter.take('s', limit)).allowed).toBe(false);
    });

    it.each([
      ['an empty key', '', { limit: 1, windowMs: 1000 }],
      ['a zero limit', 'k', { limit: 0, windowMs: 1000 }],
      ['a fractional limit', 'k', { limit: 1.5, windowMs: 1000 }],
      ['a zero window', 'k', { limit: 1, windowMs: 0 }],
    ])('refuses %s', async (_what, key, limit) => {
      await expect(h.limiter.take(key, limit)).rejects.toBeInstanceOf(Error);
    });
  });
}
