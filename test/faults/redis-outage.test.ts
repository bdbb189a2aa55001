/** Short version of the Redis drill (the long one is redis-outage.drill.ts, run by `npm run test:faults`). */
import { expect, it } from 'vitest';
import { redisOutageDrill } from './scenarios/redis-outage.js';

it('every why command in flight while Redis is killed and restarted is answered once, rightly', async () => {
  const result = await redisOutageDrill({ commands: 40, concurrency: 8, outages: 1, downMs: 300 });
  expect(result.requests).toBe(40);
  expect({ lost: result.lost, duplicated: result.duplicated, crashed: result.crashed }).toEqual({
    lost: 0,
    duplicated: 0,
    crashed: 0,
  });
  expect(result.details.wrongAnswers).toBe(0);
  expect(result.readyAfter).toBe(true);
  expect(result.recovered).toBe(true);
});
