import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from '../../src/state/rate-limiter.js';
import { fakeClock } from './fake-clock.js';
import { rateLimiterContract } from './rate-limiter-contract.js';

rateLimiterContract('memory', async () => {
  const clock = fakeClock();
  const limiter = createMemoryRateLimiter({ clock });
  return { limiter, replica: () => limiter, elapse: async (ms) => clock.advance(ms), dispose: async () => {} };
});

describe('createMemoryRateLimiter', () => {
  it('says exactly when the next take is allowed', async () => {
    const clock = fakeClock();
    const limiter = createMemoryRateLimiter({ clock });
    const limit = { limit: 2, windowMs: 10_000 };
    await limiter.take('u', limit);
    clock.advance(3_000);
    await limiter.take('u', limit);
    clock.advance(1_000);
    expect(await limiter.take('u', limit)).toEqual({ allowed: false, retryAfterMs: 6_000 });
    clock.advance(5_999);
    expect((await limiter.take('u', limit)).allowed).toBe(false);
    clock.advance(1);
    expect(await limiter.take('u', limit)).toEqual({ allowed: true, retryAfterMs: 0 });
  });

  it('forgets idle keys but keeps counting busy ones', async () => {
    const clock = fakeClock();
    const limiter = createMemoryRateLimiter({ clock });
    const limit = { limit: 1, windowMs: 60_000 };
    await limiter.take('busy', limit);
    for (let i = 0; i < 1_500; i++) await limiter.take(`idle:${i}`, { limit: 1, windowMs: 10 });
    clock.advance(100);
    for (let i = 0; i < 1_000; i++) await limiter.take(`other:${i}`, { limit: 1, windowMs: 10 });
    expect((await limiter.take('busy', limit)).allowed).toBe(false);
    expect((await limiter.take('idle:3', { limit: 1, windowMs: 10 })).allowed).toBe(true);
  });
});
