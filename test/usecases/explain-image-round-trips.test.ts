/**
 * What a warm `why` (every fact cached in Redis) costs in Redis round trips, counted on the core's own client
 * (test/support/redis-round-trips.ts). Before the read-ahead it sent one GET per fact, the image and registry
 * keys twice (a peek, then the load), in 2 or 3 rounds: 8 GETs for `healthy`, 12 for `windows`, 21 for the
 * manifest list. Now each round of facts is one MGET and each key is read once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Core, createCore } from '../../src/core.js';
import { createLogger } from '../../src/logger.js';
import { sandboxAwsOptions } from '../../src/sandbox/client-options.js';
import { type SeededProblemId, seededImage } from '../../src/sandbox/seeded-images.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { deleteKeysWithPrefix } from '../support/redis-keys.js';
import { countRoundTrips, type RedisRoundTrips } from '../support/redis-round-trips.js';

let sandbox: RunningSandbox;
let core: Core;
let counter: RedisRoundTrips;
const awsCalls: string[] = [];
const prefix = `ecrscan-test:round-trips:${randomUUID()}:`;
const quiet = createLogger({ level: 'silent' });

beforeAll(async () => {
  sandbox = await startSandbox();
  core = await createCore({
    config: loadConfig({ AWS_REGION: 'us-east-1', REDIS_URL: inject('redisUrl') }),
    log: quiet,
    redisPrefix: prefix,
    onAwsCall: (operation) => awsCalls.push(operation),
    awsOptions: sandboxAwsOptions(sandbox.url),
  });
  counter = countRoundTrips(core.redis!);
});
afterAll(async () => {
  counter.restore();
  await core.close();
  await deleteKeysWithPrefix(inject('redisUrl'), prefix);
  await sandbox.close();
});

/** Asks cold, then warm, counting the warm question only. */
async function warmWhy(id: SeededProblemId) {
  const ref = seededImage(id).ref;
  const cold = await core.explain(ref);
  awsCalls.length = 0;
  counter.reset();
  const warm = await core.explain(ref);
  expect(awsCalls).toEqual([]);
  expect(warm.diagnoses).toEqual(cold.diagnoses);
  const commands = counter.commands();
  return {
    commands: commands.map((c) => c.name),
    rounds: counter.rounds(),
    keysRead: commands.flatMap((c) => c.args),
  };
}

describe('Redis round trips of a warm why', () => {
  it.each([
    // By tag: the facts round 1 loads, then what is keyed by the digest the cached image names.
    ['healthy', 'basic scan', 2],
    ['expired', 'Inspector facts too', 2],
    // The OS detection comes in the digest round, not a third one.
    ['windows', 'OS detection', 2],
    ['scratch', 'OS detection from layers', 2],
    // By digest: everything in one read.
    ['signature', 'a reference by digest', 1],
    // The children's facts need the digests from the index manifest: a third round.
    ['manifest-list', 'a multi-arch index and its children', 3],
  ] as const)('%s (%s): %i MGET(s) in as many rounds, each key read once', async (id, _what, mgets) => {
    const warm = await warmWhy(id);
    expect(warm.commands).toEqual(Array.from({ length: mgets }, () => 'mget'));
    expect(warm.rounds).toBe(mgets);
    expect(new Set(warm.keysRead).size).toBe(warm.keysRead.length);
  });

  it('--fresh reads no fact from the cache', async () => {
    const ref = seededImage('healthy').ref;
    await core.explain(ref);
    counter.reset();
    await core.explain(ref, { fresh: true });
    expect(counter.commands().filter((c) => c.name === 'get' || c.name === 'mget')).toEqual([]);
  });
});
