/** Short version of the fuzz drill (the long one is fuzz.drill.ts, run by `npm run test:faults`). */
import { expect, it } from 'vitest';
import { fuzzDrill } from './scenarios/fuzz.js';

it('fuzzed command texts and button payloads are answered or refused cleanly, never crash, never echo markup', async () => {
  const result = await fuzzDrill({
    parseRuns: 2_000,
    codecRuns: 2_000,
    httpCommands: 80,
    httpActions: 40,
    concurrency: 10,
    seed: 20_261_124,
  });
  expect(result.problems).toEqual([]);
  expect({ lost: result.lost, duplicated: result.duplicated, crashed: result.crashed }).toEqual({
    lost: 0,
    duplicated: 0,
    crashed: 0,
  });
});
