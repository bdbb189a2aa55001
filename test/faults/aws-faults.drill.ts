/** AWS fault drill, long version (`npm run test:faults`). */
import { expect, it } from 'vitest';
import { awsFaultsDrill } from './scenarios/aws-faults.js';

it('hundreds of why under throttling, 5xx storms and an outage: each answered once, rightly or "AWS unavailable"', async () => {
  const result = await awsFaultsDrill({
    commandsPerPhase: 140,
    concurrency: 14,
    phases: ['throttle 30%', '5xx storm 50%', 'AWS down (100% 5xx)'],
  });
  expect(result.others).toEqual([]);
  expect({ lost: result.lost, duplicated: result.duplicated, crashed: result.crashed }).toEqual({
    lost: 0,
    duplicated: 0,
    crashed: 0,
  });
  const [throttled, storm, down] = result.phases;
  expect(throttled!.right).toBeGreaterThan(throttled!.commands * 0.9);
  expect(storm!.right + storm!.unavailable).toBe(storm!.commands);
  expect(down!.unavailable).toBe(down!.commands);
});
