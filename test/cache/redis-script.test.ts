import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalScript } from '../../src/cache/redis-script.js';
import { startThrowAwayRedis, type ThrowAwayRedis } from '../support/redis-server.js';

// A Redis of our own: the test flushes its script cache.
let server: ThrowAwayRedis;
let redis: Redis;
beforeAll(async () => {
  server = await startThrowAwayRedis();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis?.disconnect();
  await server?.kill();
});

async function calls(command: 'eval' | 'evalsha'): Promise<number> {
  const info = await redis.info('commandstats');
  return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
}

describe('evalScript', () => {
  const script = "return redis.call('INCRBY', KEYS[1], ARGV[1])";

  it('sends the body once, then runs the script by its SHA; after SCRIPT FLUSH it sends the body again', async () => {
    expect(await evalScript(redis, script, 1, 'counter', 2)).toBe(2);
    expect(await evalScript(redis, script, 1, 'counter', 3)).toBe(5);
    expect(await evalScript(redis, script, 1, 'counter', 5)).toBe(10);
    expect(await calls('eval')).toBe(1);
    expect(await calls('evalsha')).toBe(3);
    await redis.script('FLUSH');
    expect(await evalScript(redis, script, 1, 'counter', 1)).toBe(11);
    expect(await calls('eval')).toBe(2);
  });

  it('passes script errors through', async () => {
    await expect(evalScript(redis, "return redis.call('NOPE')", 0)).rejects.toThrow(
      /Unknown Redis command|unknown command/i,
    );
  });
});
