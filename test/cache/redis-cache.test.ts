import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type Cache, CacheBackendError } from '../../src/cache/cache.js';
import { createRedisCache } from '../../src/cache/redis-cache.js';
import { createRedisClient } from '../../src/cache/redis-client.js';
import { freePort } from '../support/free-port.js';
import { captureLog, LEVEL } from '../support/log-capture.js';
import { deleteKeysWithPrefix } from '../support/redis-keys.js';
import { countRoundTrips } from '../support/redis-round-trips.js';
import { cacheContract } from './cache-contract.js';

const url = inject('redisUrl');
const runPrefix = `ecrscan-test:redis-cache:${randomBytes(6).toString('hex')}:`;
let admin: Redis;
let namespaces = 0;

beforeAll(() => {
  admin = new Redis(url, { lazyConnect: true });
});
afterAll(async () => {
  await deleteKeysWithPrefix(admin, runPrefix);
  await admin.quit();
});

cacheContract('redis', async () => {
  const prefix = `${runPrefix}${namespaces++}:`;
  const { log } = captureLog();
  const made: Cache[] = [];
  const make = (p: string) => {
    const cache = createRedisCache({ redis: url, prefix: p, log });
    made.push(cache);
    return cache;
  };
  return {
    cache: make(prefix),
    replica: async () => make(prefix),
    isolated: async () => make(`${prefix}other:`),
    elapse: (ms) => new Promise((r) => setTimeout(r, ms)),
    async dispose() {
      await Promise.all(made.map((c) => c.close()));
      await deleteKeysWithPrefix(admin, prefix);
    },
  };
});

describe('createRedisCache layout', () => {
  const prefix = `${runPrefix}layout:`;
  const { log, lines } = captureLog();
  let cache: Cache;
  beforeAll(() => {
    cache = createRedisCache({ redis: admin, prefix, log });
  });
  afterAll(() => cache.close());

  it('stores tagged JSON under <prefix><key> with the TTL as PX', async () => {
    await cache.set('fact', { at: new Date('2026-01-02T03:04:05.000Z'), gone: undefined }, 30_000);
    expect(JSON.parse((await admin.get(`${prefix}fact`)) ?? 'null')).toEqual({
      at: { $t: 'date', v: '2026-01-02T03:04:05.000Z' },
      gone: { $t: 'undefined' },
    });
    const pttl = await admin.pttl(`${prefix}fact`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(30_000);
  });

  it('holds <prefix>lock:<key> while loading, releases it after, and leaves no value behind', async () => {
    let lockDuringLoad: string | null = null;
    await cache.singleFlight(
      'locked',
      async () => {
        lockDuringLoad = await admin.get(`${prefix}lock:locked`);
        return 1;
      },
      { waitMs: 1000 },
    );
    expect(lockDuringLoad).toMatch(/^[0-9a-f-]{36}$/);
    expect(await admin.exists(`${prefix}lock:locked`, `${prefix}locked`)).toBe(0);
  });

  it('wakes waiters in other replicas through <prefix>sf pub/sub', async () => {
    const replica = createRedisCache({ redis: url, prefix, log });
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const winner = cache.singleFlight('pubsub', () => gate.then(() => 'v'), { waitMs: 10_000 });
    const waiter = replica.singleFlight('pubsub', async () => 'not me', { waitMs: 10_000 });
    await vi.waitFor(async () => {
      const [, subscribers] = (await admin.pubsub('NUMSUB', `${prefix}sf`)) as [string, number];
      expect(subscribers).toBe(1);
    });
    release();
    expect(await Promise.all([winner, waiter])).toEqual(['v', 'v']);
    await replica.close();
  });

  it('never deletes a lock that another holder took over (compare-and-delete)', async () => {
    await cache.singleFlight(
      'stolen',
      async () => {
        await admin.set(`${prefix}lock:stolen`, 'someone-else', 'PX', 10_000);
        return 1;
      },
      { waitMs: 1000 },
    );
    expect(await admin.get(`${prefix}lock:stolen`)).toBe('someone-else');
    await admin.del(`${prefix}lock:stolen`);
  });

  it('treats an entry it cannot read as a miss and warns', async () => {
    await admin.set(`${prefix}garbage`, '{"$t":"nonsense"}', 'PX', 10_000);
    expect(await cache.get('garbage')).toBeUndefined();
    expect(lines).toContainEqual(expect.objectContaining({ level: LEVEL.warn, key: 'garbage' }));
  });

  it('reads many keys with one MGET, and sends nothing for none', async () => {
    const client = createRedisClient(url, { log });
    const counted = countRoundTrips(client);
    const many = createRedisCache({ redis: client, prefix, log });
    try {
      await many.set('m1', 1, 30_000);
      counted.reset();
      expect(await many.getMany(['m1', 'm2'])).toStrictEqual([{ value: 1 }, undefined]);
      expect(await many.getMany([])).toStrictEqual([]);
      expect(counted.commands()).toEqual([{ name: 'mget', args: [`${prefix}m1`, `${prefix}m2`], round: 1 }]);
    } finally {
      await many.close();
      client.disconnect();
    }
  });

  it('treats an entry it cannot read as a miss in getMany too, and still answers the others', async () => {
    await admin.set(`${prefix}garbage-many`, 'not json', 'PX', 10_000);
    await cache.set('readable', 'ok', 10_000);
    expect(await cache.getMany(['garbage-many', 'readable'])).toStrictEqual([undefined, { value: 'ok' }]);
    expect(lines).toContainEqual(expect.objectContaining({ level: LEVEL.warn, key: 'garbage-many' }));
  });

  it('does not close a client it was given', async () => {
    const borrowed = createRedisCache({ redis: admin, prefix, log });
    await borrowed.close();
    expect(await admin.ping()).toBe('PONG');
  });
});

describe('createRedisCache when Redis is down', () => {
  it('fails at once with CacheBackendError instead of queueing, once the connection is lost', async () => {
    const { log } = captureLog();
    const client = createRedisClient(`redis://127.0.0.1:${await freePort()}`, { log, maxRetryDelayMs: 5000 });
    const cache = createRedisCache({ redis: client, prefix: `${runPrefix}down:`, log });
    try {
      await expect(cache.get('k')).rejects.toThrow(CacheBackendError);
      await vi.waitFor(() => expect(client.status).toBe('reconnecting'));
      await expect(cache.set('k', 1, 1000)).rejects.toThrow('redis is not connected (reconnecting)');
      await expect(cache.getMany(['k', 'l'])).rejects.toThrow(CacheBackendError);
      await expect(cache.singleFlight('k', async () => 1, { waitMs: 1000 })).rejects.toThrow(CacheBackendError);
    } finally {
      await cache.close();
      client.disconnect();
    }
  });
});
