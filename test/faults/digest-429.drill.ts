/** Digest 429 drill, long version (`npm run test:faults`). */
import { expect, it } from 'vitest';
import { digest429Drill } from './scenarios/digest-429.js';

it('six digests posted at once while Slack answers 429 to every third post all arrive whole, once', async () => {
  const result = await digest429Drill({ channels: 6, imagesPerRepository: 30 });
  expect(result.expectedMessages).toBeGreaterThan(5);
  expect(result.rateLimited).toBeGreaterThan(10);
  expect(result.differences).toEqual({});
  expect({ lost: result.lost, duplicated: result.duplicated, crashed: result.crashed }).toEqual({
    lost: 0,
    duplicated: 0,
    crashed: 0,
  });
});
