/** Short version of the digest 429 drill (the long one is digest-429.drill.ts, run by `npm run test:faults`). */
import { expect, it } from 'vitest';
import { digest429Drill } from './scenarios/digest-429.js';

it('with Slack answering 429 to every third post, each channel gets the whole digest once', async () => {
  const result = await digest429Drill({ channels: 1, imagesPerRepository: 12 });
  expect(result.expectedMessages).toBeGreaterThan(1);
  expect(result.rateLimited).toBeGreaterThan(0);
  expect(result.differences).toEqual({});
  expect({ lost: result.lost, duplicated: result.duplicated, crashed: result.crashed }).toEqual({
    lost: 0,
    duplicated: 0,
    crashed: 0,
  });
}, 60_000);
