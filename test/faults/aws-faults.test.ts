/** Short version of the AWS fault drill (the long one is aws-faults.drill.ts, run by `npm run test:faults`). */
import { expect, it } from 'vitest';
import { awsFaultsDrill } from './scenarios/aws-faults.js';

it('under 30% throttling, a 5xx storm and an AWS outage every why is answered once: rightly or "AWS unavailable"', async () => {
  const result = await awsFaultsDrill({
    commandsPerPhase: 7,
    concurrency: 7,
    phases: ['throttle 30%', '5xx storm 50%', 'AWS down (100% 5xx)'],
  });
  expect(result.others).toEqual([]);
  expect({ lost: result.lost, duplicated: result.duplicated, crashed: result.crashed }).toEqual({
    lost: 0,
    duplicated: 0,
    crashed: 0,
  });
  const [throttled, storm, down] = result.phases;
  // Retries make throttling invisible nearly always; with AWS down nothing can be right.
  expect(throttled!.right).toBeGreaterThan(throttled!.commands / 2);
  expect(storm!.right + storm!.unavailable).toBe(storm!.commands);
  expect(down!.unavailable).toBe(down!.commands);
  // The SDK's backoff (up to ~1 s per throttled retry) is real waiting, not work: allow for it.
}, 60_000);
