import { afterAll, describe, expect, inject, it } from 'vitest';
import { UserFacingError } from '../../src/errors.js';
import { createRedisSubscriptionStore } from '../../src/state/digest-redis-subscriptions.js';
import {
  createMemorySubscriptionStore,
  subscriptionIdOf,
  validateSubscription,
  withFileSubscriptions,
} from '../../src/state/subscriptions.js';
import { subscription } from '../jobs/support/digest-fixtures.js';
import { captureLog } from '../support/log-capture.js';
import { redisHarness } from './redis-harness.js';
import { subscriptionStoreContract } from './subscriptions-contract.js';

const redis = redisHarness(inject('redisUrl'), 'subscriptions');
const { log } = captureLog();
afterAll(() => redis.close());

subscriptionStoreContract('memory', () => createMemorySubscriptionStore());
subscriptionStoreContract('redis', () =>
  createRedisSubscriptionStore({ redis: redis.client(log), prefix: redis.prefix(), log }),
);

describe('subscriptions', () => {
  it('derives one id from team, channel and filters, whatever their order or repeats', () => {
    const id = subscriptionIdOf('T1AB', 'C1AB', ['b*', 'a']);
    expect(id).toMatch(/^sub-[0-9a-f]{16}$/);
    expect(subscriptionIdOf('T1AB', 'C1AB', ['a', 'b*', 'a'])).toBe(id);
    expect(subscriptionIdOf('T1AB', 'C2AB', ['a', 'b*'])).not.toBe(id);
  });

  it('normalises severity and filters', () => {
    const valid = validateSubscription({ ...subscription(), minSeverity: 'high', repoFilters: ['b', 'a', 'b'] });
    expect(valid.minSeverity).toBe('HIGH');
    expect(valid.repoFilters).toEqual(['a', 'b']);
  });

  it('lists every problem of a subscription at once', () => {
    const bad = { ...subscription(), at: '9am', timeZone: 'Nowhere/Town', withinDays: 500 };
    expect(() => validateSubscription(bad)).toThrow(/time of day.*time zone.*from 1 to 180/);
  });

  it('refuses a stored subscription whose id does not match its channel and filters', async () => {
    const store = createMemorySubscriptionStore();
    await expect(store.upsert({ ...subscription(), id: 'sub-0123456789abcdef' })).rejects.toThrow(/does not match/);
  });

  it('does not serve a hash entry it cannot read, and logs it', async () => {
    const client = redis.client(log);
    const prefix = redis.prefix();
    const { log: capture, lines } = captureLog();
    const store = createRedisSubscriptionStore({ redis: client, prefix, log: capture });
    const good = subscription();
    await store.upsert(good);
    await client.hset(`${prefix}digest:subscriptions`, 'sub-ffffffffffffffff', '{not json');
    expect(await store.list()).toEqual([good]);
    expect(lines.some((l) => l.msg?.includes('cannot be read'))).toBe(true);
  });
});

describe('withFileSubscriptions', () => {
  const fromFile = subscription({ repoFilters: ['platform-*'], source: 'file', createdBy: 'file' });

  it('lists file subscriptions with the stored ones, as source "file"', async () => {
    const store = withFileSubscriptions(createMemorySubscriptionStore(), [fromFile]);
    const stored = subscription();
    await store.upsert(stored);
    const listed = await store.list({ teamId: stored.teamId });
    expect(listed.map((s) => [s.id, s.source]).sort()).toEqual(
      [
        [fromFile.id, 'file'],
        [stored.id, 'slack'],
      ].sort(),
    );
    expect(await store.get(fromFile.id)).toMatchObject({ source: 'file' });
  });

  it('refuses to change or remove a file subscription from Slack', async () => {
    const store = withFileSubscriptions(createMemorySubscriptionStore(), [fromFile]);
    await expect(store.upsert({ ...fromFile, source: 'slack', at: '10:00' })).rejects.toBeInstanceOf(UserFacingError);
    await expect(store.remove(fromFile.teamId, fromFile.channelId, fromFile.id)).rejects.toThrow(/ECRSCAN_DIGEST_FILE/);
    expect(await store.remove(fromFile.teamId, fromFile.channelId)).toEqual([]);
    expect(await store.get(fromFile.id)).toMatchObject({ at: '09:00' });
  });
});
