/** Redis drill, long version (`npm run test:faults`): hundreds of commands through three outages. */
import { expect, it } from 'vitest';
import { redisOutageDrill } from './scenarios/redis-outage.js';

it('every why command in flight through three Redis outages is answered once, rightly', async () => {
  const result = await redisOutageDrill({ commands: 600, concurrency: 20, outages: 3, downMs: 1_500 });
  expect(result.requests).toBe(600);
  expect({ lost: result.lost, duplicated: result.duplicated, crashed: result.crashed }).toEqual({
    lost: 0,
    duplicated: 0,
    crashed: 0,
  });
  expect(result.details.wrongAnswers).toBe(0);
  expect(result.readyAfter).toBe(true);
  expect(result.recovered).toBe(true);
});
