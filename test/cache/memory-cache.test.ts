import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { captureLog, LEVEL } from '../support/log-capture.js';
import { cacheContract } from './cache-contract.js';

function fakeClock(start = Date.parse('2026-05-01T00:00:00Z')) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

cacheContract('memory', async () => {
  const clock = fakeClock();
  const cache = createMemoryCache({ clock });
  return {
    cache,
    replica: async () => cache,
    isolated: async () => createMemoryCache({ clock }),
    elapse: async (ms) => clock.advance(ms),
    dispose: () => cache.close(),
  };
});

describe('createMemoryCache bounds', () => {
  it('evicts the least recently used entry beyond maxEntries (a read counts as use)', async () => {
    const cache = createMemoryCache({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) await cache.set(key, key, 60_000);
    await cache.get('a');
    await cache.set('d', 'd', 60_000);
    const present = [];
    for (const key of ['a', 'b', 'c', 'd']) if (await cache.get(key)) present.push(key);
    expect(present).toEqual(['a', 'c', 'd']);
  });

  it('evicts by total encoded bytes', async () => {
    const cache = createMemoryCache({ maxBytes: 250 });
    await cache.set('one', 'x'.repeat(100), 60_000);
    await cache.set('two', 'y'.repeat(100), 60_000);
    await cache.set('three', 'z'.repeat(100), 60_000);
    expect(await cache.get('one')).toBeUndefined();
    expect(await cache.get('two')).toStrictEqual({ value: 'y'.repeat(100) });
    expect(await cache.get('three')).toStrictEqual({ value: 'z'.repeat(100) });
  });

  it('does not store a value over maxValueBytes and says so at debug level', async () => {
    const { log, lines } = captureLog();
    const cache = createMemoryCache({ maxValueBytes: 10, log });
    await cache.set('big', 'more than ten bytes', 60_000);
    expect(await cache.get('big')).toBeUndefined();
    expect(lines).toEqual([expect.objectContaining({ level: LEVEL.debug, key: 'big', msg: 'value too big to cache' })]);
  });
});
