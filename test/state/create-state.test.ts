import { afterAll, describe, expect, inject, it } from 'vitest';
import { createState } from '../../src/state/create-state.js';
import { captureLog } from '../support/log-capture.js';
import { redisHarness } from './redis-harness.js';

const redis = redisHarness(inject('redisUrl'), 'create-state');
afterAll(() => redis.close());

const entry = {
  at: new Date('2026-05-01T10:00:00.000Z'),
  action: 'rescan',
  user: 'U1',
  target: 'default',
  image: 'r@sha256:00',
  outcome: 'started',
};

describe('createState', () => {
  it('with a Redis client, shares claims, limits and the audit log between replicas under the prefix', async () => {
    const prefix = redis.prefix();
    const { log } = captureLog();
    const a = createState({ redis: redis.client(log), prefix, log });
    const b = createState({ redis: redis.client(log), prefix, log });
    expect(await a.once.claim('event:Ev1', 60_000)).toBe(true);
    expect(await b.once.claim('event:Ev1', 60_000)).toBe(false);
    const limit = { limit: 1, windowMs: 60_000 };
    expect((await a.rateLimiter.take('U1', limit)).allowed).toBe(true);
    expect((await b.rateLimiter.take('U1', limit)).allowed).toBe(false);
    await a.audit.record(entry);
    expect(await b.audit.recent(1)).toEqual([entry]);
    const keys = (await redis.admin.keys(`${prefix}*`)).map((k) => k.slice(prefix.length)).sort();
    expect(keys).toEqual(['audit', 'once:event:Ev1', 'rate:U1']);
  });

  it('without Redis, keeps everything in this process', async () => {
    const { log } = captureLog();
    const a = createState({ log });
    const b = createState({ log });
    expect(await a.once.claim('event:Ev1', 60_000)).toBe(true);
    expect(await a.once.claim('event:Ev1', 60_000)).toBe(false);
    expect(await b.once.claim('event:Ev1', 60_000)).toBe(true);
    await a.audit.record(entry);
    expect(await a.audit.recent(5)).toEqual([entry]);
    expect(await b.audit.recent(5)).toEqual([]);
  });
});
