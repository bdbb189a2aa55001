/**
 * Fuzz drill, long version (`npm run test:faults`): 10,000 texts and 10,000 button values directly, then
 * thousands of signed requests to the real app. A random seed each run (printed), or FUZZ_SEED to repeat one.
 */
import { expect, it } from 'vitest';
import { fuzzDrill } from './scenarios/fuzz.js';

it('10,000 fuzzed command texts and action payloads are answered or refused cleanly', async () => {
  const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const result = await fuzzDrill({
    parseRuns: 10_000,
    codecRuns: 10_000,
    httpCommands: 2_000,
    httpActions: 1_000,
    concurrency: 20,
    seed,
  });
  expect(result.problems).toEqual([]);
  expect({ lost: result.lost, duplicated: result.duplicated, crashed: result.crashed }).toEqual({
    lost: 0,
    duplicated: 0,
    crashed: 0,
  });
});
