import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Cache } from '../../src/cache/cache.js';
import { cacheKeys } from '../../src/cache/cache-keys.js';
import { type CachedLoader, type CacheMetrics, createCachedLoader } from '../../src/cache/cached.js';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { createRedisCache } from '../../src/cache/redis-cache.js';
import { createRedisClient } from '../../src/cache/redis-client.js';
import { freePort } from '../support/free-port.js';
import { captureLog, LEVEL, type LogLine } from '../support/log-capture.js';
import { startThrowAwayRedis, type ThrowAwayRedis } from '../support/redis-server.js';

const keys = cacheKeys({ name: 'prod', region: 'eu-west-1', accountId: '123456789012' });
const imageKey = keys.image('payments-api', { imageTag: '1.4.2' });
const scanKey = keys.scanFindings('payments-api', { imageDigest: `sha256:${'1'.repeat(64)}` });

function countingMetrics() {
  const counts = { hit: [] as string[], miss: [] as string[], error: 0 };
  const metrics: CacheMetrics = {
    hit: (kind) => void counts.hit.push(kind),
    miss: (kind) => void counts.miss.push(kind),
    error: () => void counts.error++,
  };
  return { counts, metrics };
}

/** A loader for one fact that counts its AWS calls and returns a fact with a Date. */
function awsRead() {
  let calls = 0;
  const fn = async () => {
    calls++;
    return { call: calls, pushedAt: new Date('2026-04-01T12:00:00Z') };
  };
  return { fn, calls: () => calls };
}

const cacheLines = (lines: LogLine[], level: number) =>
  lines.filter((line) => line.component === 'cache' && line.level === level);

describe('createCachedLoader', () => {
  let now: number;
  let cache: Cache;
  let loader: CachedLoader;
  let counts: ReturnType<typeof countingMetrics>['counts'];
  let lines: LogLine[];

  beforeEach(() => {
    now = Date.parse('2026-05-01T00:00:00Z');
    cache = createMemoryCache({ clock: { now: () => now } });
    const m = countingMetrics();
    counts = m.counts;
    const captured = captureLog();
    lines = captured.lines;
    loader = createCachedLoader({ cache, log: captured.log, metrics: m.metrics });
  });

  it('misses, loads and stores; then hits without loading; counts both by kind', async () => {
    const read = awsRead();
    const first = await loader.load(imageKey, 60_000, read.fn);
    const second = await loader.load(imageKey, 60_000, read.fn);
    expect(first).toStrictEqual({ call: 1, pushedAt: new Date('2026-04-01T12:00:00Z') });
    expect(second).toStrictEqual(first);
    expect(read.calls()).toBe(1);
    expect(counts).toEqual({ hit: ['image'], miss: ['image'], error: 0 });
  });

  it('loads again once the TTL has passed', async () => {
    const read = awsRead();
    await loader.load(imageKey, 60_000, read.fn);
    now += 60_001;
    expect(await loader.load(imageKey, 60_000, read.fn)).toMatchObject({ call: 2 });
  });

  it('with fresh, skips the read but stores the new value for the next caller', async () => {
    const read = awsRead();
    await loader.load(imageKey, 60_000, read.fn);
    expect(await loader.load(imageKey, 60_000, read.fn, { fresh: true })).toMatchObject({ call: 2 });
    expect(await loader.load(imageKey, 60_000, read.fn)).toMatchObject({ call: 2 });
    expect(read.calls()).toBe(2);
  });

  it('with a TTL of 0, answers but stores nothing', async () => {
    const read = awsRead();
    await loader.load(imageKey, 0, read.fn);
    await loader.load(imageKey, 0, read.fn);
    expect(read.calls()).toBe(2);
    expect(await cache.get(imageKey)).toBeUndefined();
  });

  it('asks a TTL function about the loaded value', async () => {
    const statuses = ['IN_PROGRESS', 'COMPLETE'];
    const seen: string[] = [];
    const ttl = (scan: { status: string }) => {
      seen.push(scan.status);
      return scan.status === 'COMPLETE' ? 86_400_000 : 0;
    };
    const fn = async () => ({ status: statuses.shift() ?? 'none' });
    expect(await loader.load(scanKey, ttl, fn)).toEqual({ status: 'IN_PROGRESS' });
    expect(await loader.load(scanKey, ttl, fn)).toEqual({ status: 'COMPLETE' });
    expect(await loader.load(scanKey, ttl, fn)).toEqual({ status: 'COMPLETE' });
    expect(seen).toEqual(['IN_PROGRESS', 'COMPLETE']);
  });

  it('caches an undefined answer as an answer', async () => {
    let calls = 0;
    const fn = async () => {
      calls++;
      return undefined;
    };
    await loader.load(imageKey, 60_000, fn);
    expect(await loader.load(imageKey, 60_000, fn)).toBeUndefined();
    expect(calls).toBe(1);
    expect(counts.hit).toEqual(['image']);
  });

  it('passes a load error to the caller and does not cache it', async () => {
    let calls = 0;
    const fn = async () => {
      calls++;
      if (calls === 1) throw new Error('AccessDenied');
      return 'ok';
    };
    await expect(loader.load(imageKey, 60_000, fn)).rejects.toThrow('AccessDenied');
    expect(await loader.load(imageKey, 60_000, fn)).toBe('ok');
    expect(counts.error).toBe(0);
  });

  it('makes one AWS call for 10 concurrent identical questions', async () => {
    const read = awsRead();
    const answers = await Promise.all(Array.from({ length: 10 }, () => loader.load(imageKey, 60_000, read.fn)));
    expect(read.calls()).toBe(1);
    for (const answer of answers) expect(answer).toMatchObject({ call: 1 });
  });

  it('peeks without loading', async () => {
    expect(await loader.peek(imageKey)).toBeUndefined();
    await loader.load(imageKey, 60_000, async () => 'v');
    expect(await loader.peek(imageKey)).toBe('v');
  });

  it('still answers when a value cannot be cached, and logs it as a bug, not as an outage', async () => {
    const answer = await loader.load(imageKey, 60_000, async () => new Map([['a', 1]]));
    expect(answer).toEqual(new Map([['a', 1]]));
    expect(cacheLines(lines, LEVEL.error)).toHaveLength(1);
    expect(cacheLines(lines, LEVEL.warn)).toHaveLength(0);
  });

  it('answers past a key the cache refuses, logging it as a bug', async () => {
    expect(await loader.load('lock:not-a-cache-key', 60_000, async () => 'v')).toBe('v');
    expect(cacheLines(lines, LEVEL.error)).toHaveLength(1);
    expect(cacheLines(lines, LEVEL.warn)).toHaveLength(0);
  });
});

/** A memory cache that counts the reads it is asked for. */
function countingCache(inner: Cache = createMemoryCache()) {
  const reads = { get: [] as string[], getMany: [] as string[][] };
  const cache: Cache = {
    ...inner,
    get: (key) => {
      reads.get.push(key);
      return inner.get(key);
    },
    getMany: (keys) => {
      reads.getMany.push([...keys]);
      return inner.getMany(keys);
    },
  };
  return { cache, reads };
}

describe('forQuestion: one read for the facts of a question', () => {
  const otherKey = keys.repository('payments-api');

  it('reads ahead in one getMany; peeks and loads of those keys then read nothing more', async () => {
    const { cache, reads } = countingCache();
    const { counts, metrics } = countingMetrics();
    const loader = createCachedLoader({ cache, log: captureLog().log, metrics });
    await cache.set(imageKey, 'image', 60_000);
    await cache.set(otherKey, 'repository', 60_000);
    const question = loader.forQuestion();
    await question.readAhead([imageKey, otherKey, imageKey]);
    const fail = async (): Promise<string> => {
      throw new Error('a hit must not load');
    };
    expect(await question.peek(imageKey)).toBe('image');
    expect(await question.load(imageKey, 60_000, fail)).toBe('image');
    expect(await question.load(otherKey, 60_000, fail)).toBe('repository');
    expect(reads).toEqual({ get: [], getMany: [[imageKey, otherKey]] });
    // Metrics count loads, as without reading ahead.
    expect(counts.hit).toEqual(['image', 'repository']);
    // Reading a key again asks only for what was not read yet.
    await question.readAhead([imageKey, scanKey]);
    expect(reads.getMany).toEqual([[imageKey, otherKey], [scanKey]]);
  });

  it('loads a miss without reading it again, stores it, and reads the cache for a later load of that key', async () => {
    const { cache, reads } = countingCache();
    const loader = createCachedLoader({ cache, log: captureLog().log });
    const read = awsRead();
    const question = loader.forQuestion();
    await question.readAhead([imageKey]);
    expect(await question.peek(imageKey)).toBeUndefined();
    expect(await question.load(imageKey, 60_000, read.fn)).toMatchObject({ call: 1 });
    // The one get is single-flight's re-check under the lock (another replica may have stored it meanwhile).
    expect(reads.get).toEqual([imageKey]);
    expect(await cache.get(imageKey)).toStrictEqual({ value: { call: 1, pushedAt: new Date('2026-04-01T12:00:00Z') } });
    reads.get.length = 0;
    expect(await question.load(imageKey, 60_000, read.fn)).toMatchObject({ call: 1 });
    expect(reads.get).toEqual([imageKey]);
    expect(read.calls()).toBe(1);
  });

  it('keeps what it read for the question; a new question reads the cache again', async () => {
    const { cache } = countingCache();
    const loader = createCachedLoader({ cache, log: captureLog().log });
    await cache.set(imageKey, 'old', 60_000);
    const question = loader.forQuestion();
    await question.readAhead([imageKey]);
    await cache.set(imageKey, 'new', 60_000);
    expect(await question.peek(imageKey)).toBe('old');
    expect(await question.load(imageKey, 60_000, async () => 'loaded')).toBe('old');
    const next = loader.forQuestion();
    await next.readAhead([imageKey]);
    expect(await next.peek(imageKey)).toBe('new');
  });

  it('a fresh load replaces what was read ahead, and keys not read ahead are read one by one', async () => {
    const { cache, reads } = countingCache();
    const loader = createCachedLoader({ cache, log: captureLog().log });
    await cache.set(imageKey, 'cached', 60_000);
    await cache.set(otherKey, 'other', 60_000);
    const question = loader.forQuestion();
    await question.readAhead([imageKey]);
    expect(await question.load(imageKey, 60_000, async () => 'fresh', { fresh: true })).toBe('fresh');
    expect(reads.get).toEqual([]);
    expect(await question.load(imageKey, 60_000, async () => 'not asked')).toBe('fresh');
    expect(await question.peek(otherKey)).toBe('other');
    expect(reads.get).toEqual([imageKey, otherKey]);
  });

  it('when the read ahead fails, answers every load (from the cache when it can) and logs a refused key as a bug', async () => {
    const { cache, reads } = countingCache();
    const captured = captureLog();
    const loader = createCachedLoader({ cache, log: captured.log });
    await cache.set(imageKey, 'cached', 60_000);
    const question = loader.forQuestion();
    await expect(question.readAhead([imageKey, 'lock:not-a-cache-key'])).resolves.toBeUndefined();
    expect(cacheLines(captured.lines, LEVEL.error)).toHaveLength(1);
    expect(await question.load(imageKey, 60_000, async () => 'loaded')).toBe('cached');
    expect(reads.get).toEqual([imageKey]);
  });
});

describe('fail-open: Redis unreachable', () => {
  it('answers every call from the loader and warns once', async () => {
    const port = await freePort();
    const { log, lines } = captureLog();
    const client = createRedisClient(`redis://127.0.0.1:${port}`, { log, maxRetryDelayMs: 200 });
    const cache = createRedisCache({ redis: client, prefix: 'ecrscan-test:unreachable:', log });
    const { counts, metrics } = countingMetrics();
    const loader = createCachedLoader({ cache, log, metrics });
    const read = awsRead();
    try {
      const sequential = [];
      for (let i = 0; i < 5; i++) sequential.push(await loader.load(imageKey, 60_000, read.fn));
      const question = loader.forQuestion();
      await question.readAhead([imageKey, scanKey]);
      expect(await question.peek(imageKey)).toBeUndefined();
      sequential.push(await question.load(imageKey, 60_000, read.fn));
      const fresh = await loader.load(imageKey, 60_000, read.fn, { fresh: true });
      const concurrent = await Promise.all(Array.from({ length: 5 }, () => loader.load(scanKey, 60_000, read.fn)));
      expect(sequential.map((a) => a.call)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(fresh.call).toBe(7);
      expect(concurrent.every((a) => a.call === 8)).toBe(true);
      expect(read.calls()).toBe(8);
      expect(cacheLines(lines, LEVEL.warn)).toEqual([
        expect.objectContaining({ msg: expect.stringContaining('cache unavailable') }),
      ]);
      expect(lines.filter((l) => l.level >= LEVEL.error)).toEqual([]);
      expect(counts.error).toBeGreaterThanOrEqual(8);
      expect(counts.hit).toEqual([]);
    } finally {
      await cache.close();
      client.disconnect();
    }
  });
});

describe('fail-open: Redis dies mid-run and comes back', () => {
  let server: ThrowAwayRedis;
  let client: Redis;
  let cache: Cache;
  beforeAll(async () => {
    server = await startThrowAwayRedis();
  });
  afterEach(async () => {
    await cache?.close();
    client?.disconnect();
  });
  afterAll(async () => {
    await server.kill();
  });

  it('keeps answering from the loader, warns once, and logs the recovery once', async () => {
    const { log, lines } = captureLog();
    client = createRedisClient(server.url, { log, maxRetryDelayMs: 200 });
    cache = createRedisCache({ redis: client, prefix: `ecrscan-test:cached:${randomBytes(4).toString('hex')}:`, log });
    const { counts, metrics } = countingMetrics();
    const loader = createCachedLoader({ cache, log, metrics });
    const read = awsRead();

    expect(await loader.load(imageKey, 60_000, read.fn)).toMatchObject({ call: 1 });
    expect(await loader.load(imageKey, 60_000, read.fn)).toMatchObject({ call: 1 });
    expect(counts.hit).toEqual(['image']);
    expect(loader.degraded()).toBe(false);

    await server.kill();
    const during = [];
    for (let i = 0; i < 4; i++) during.push((await loader.load(imageKey, 60_000, read.fn)).call);
    expect(during).toEqual([2, 3, 4, 5]);
    expect(loader.degraded()).toBe(true);
    expect(cacheLines(lines, LEVEL.warn)).toHaveLength(1);
    // The client reports the outage itself once its reconnects are refused.
    const redisWarned = () => lines.some((l) => l.component === 'redis' && l.level === LEVEL.warn);
    await vi.waitFor(() => expect(redisWarned()).toBe(true), { timeout: 10_000, interval: 50 });

    await server.start();
    await vi.waitFor(() => expect(client.status).toBe('ready'), { timeout: 10_000, interval: 50 });
    // The restarted server is empty: a miss, then a hit, with the cache working again.
    expect(await loader.load(imageKey, 60_000, read.fn)).toMatchObject({ call: 6 });
    expect(await loader.load(imageKey, 60_000, read.fn)).toMatchObject({ call: 6 });
    expect(loader.degraded()).toBe(false);

    expect(cacheLines(lines, LEVEL.warn)).toHaveLength(1);
    expect(cacheLines(lines, LEVEL.info)).toEqual([
      expect.objectContaining({ msg: expect.stringContaining('recovered') }),
    ]);
    const redisLines = lines.filter((l) => l.component === 'redis' && l.level >= LEVEL.info);
    expect(redisLines.map((l) => l.level)).toEqual([LEVEL.warn, LEVEL.info]);
    expect(JSON.stringify(lines)).not.toContain(server.url);
  });
});
