import { afterAll, describe, expect, inject, it } from 'vitest';
import { createMemoryDigestClaims, digestClaimKey } from '../../src/state/digest-claims.js';
import { createRedisDigestClaims } from '../../src/state/digest-redis-claims.js';
import { captureLog } from '../support/log-capture.js';
import { digestClaimsContract } from './digest-claims-contract.js';
import { redisHarness } from './redis-harness.js';

const redis = redisHarness(inject('redisUrl'), 'digest-claims');
const { log } = captureLog();
afterAll(() => redis.close());

digestClaimsContract('memory', () => createMemoryDigestClaims());
digestClaimsContract('redis', () => createRedisDigestClaims({ redis: redis.client(log), prefix: redis.prefix(), log }));

describe('digest claims on Redis', () => {
  it('keys a claim by team, channel, subscription and day, and lets it expire after two days', async () => {
    const client = redis.client(log);
    const prefix = redis.prefix();
    const claims = createRedisDigestClaims({ redis: client, prefix, log });
    const key = digestClaimKey({ teamId: 'T0A1', channelId: 'C0A1', id: 'sub-1' }, '2026-05-01');
    expect(key).toBe('digest:T0A1:C0A1:sub-1:2026-05-01');
    await claims.acquire(key, 'a', 1_000);
    expect(await client.hget(`${prefix}${key}`, 'state')).toBe('pending');
    const ttl = await client.pttl(`${prefix}${key}`);
    expect(ttl).toBeGreaterThan(2 * 86_400_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(2 * 86_400_000);
  });
});
