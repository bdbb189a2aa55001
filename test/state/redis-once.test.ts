import { afterAll, describe, expect, inject, it } from 'vitest';
import { createMemoryOnce } from '../../src/state/once.js';
import { createRedisOnce } from '../../src/state/redis-once.js';
import { captureLog, LEVEL } from '../support/log-capture.js';
import { onceContract } from './once-contract.js';
import { redisHarness } from './redis-harness.js';

const redis = redisHarness(inject('redisUrl'), 'redis-once');
afterAll(() => redis.close());

onceContract('redis', async () => {
  const prefix = redis.prefix();
  const { log } = captureLog();
  const client = redis.client(log);
  return {
    once: createRedisOnce({ redis: client, prefix, log }),
    replica: () => createRedisOnce({ redis: client, prefix, log }),
    elapse: (ms) => new Promise((r) => setTimeout(r, ms)),
    dispose: () => redis.removeKeys(prefix),
  };
});

describe('createRedisOnce', () => {
  it('claims with SET NX PX at <prefix>once:<key>', async () => {
    const prefix = redis.prefix();
    const { log } = captureLog();
    const once = createRedisOnce({ redis: redis.client(log), prefix, log });
    await once.claim('rescan:111111111111:us-east-1:repo@sha256:ab', 60_000);
    const pttl = await redis.admin.pttl(`${prefix}once:rescan:111111111111:us-east-1:repo@sha256:ab`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it('release leaves a claim held by another replica alone', async () => {
    const prefix = redis.prefix();
    const { log } = captureLog();
    const mine = createRedisOnce({ redis: redis.client(log), prefix, log });
    const theirs = createRedisOnce({ redis: redis.client(log), prefix, log });
    expect(await theirs.claim('k', 60_000)).toBe(true);
    await mine.release('k');
    expect(await mine.claim('k', 60_000)).toBe(false);
    await theirs.release('k');
    expect(await mine.claim('k', 60_000)).toBe(true);
  });

  it('with Redis down, falls back to claims in this process (never grants twice) and warns once', async () => {
    const { log, lines } = captureLog();
    const once = createRedisOnce({ redis: await redis.deadClient(log), prefix: redis.prefix(), log });
    expect(await once.claim('rescan:x', 60_000)).toBe(true);
    expect(await once.claim('rescan:x', 60_000)).toBe(false);
    expect(await once.claim('rescan:y', 60_000)).toBe(true);
    await once.release('rescan:x');
    expect(await once.claim('rescan:x', 60_000)).toBe(true);
    const warnings = lines.filter((l) => l.level === LEVEL.warn && l.component === 'once');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toMatch(/deduplicated per process/);
  });

  it('uses the given fallback while Redis is down', async () => {
    const { log } = captureLog();
    const fallback = createMemoryOnce();
    await fallback.claim('taken-locally', 60_000);
    const once = createRedisOnce({ redis: await redis.deadClient(log), prefix: redis.prefix(), log, fallback });
    expect(await once.claim('taken-locally', 60_000)).toBe(false);
  });
});
