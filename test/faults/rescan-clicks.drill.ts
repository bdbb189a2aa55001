/** Rescan click drill, long version (`npm run test:faults`). */
import { expect, it } from 'vitest';
import { rescanClicksDrill } from './scenarios/rescan-clicks.js';

it('on 40 images, 5 simultaneous clicks each start one scan, and 4 strangers per image start none', async () => {
  const o = { images: 40, doubleClicks: 5, strangers: 4 };
  const result = await rescanClicksDrill(o);
  expect(result.problems).toEqual([]);
  expect({ lost: result.lost, duplicated: result.duplicated, crashed: result.crashed }).toEqual({
    lost: 0,
    duplicated: 0,
    crashed: 0,
  });
  expect(result.scansStarted).toBe(o.images);
  expect(result.imagesScanned).toBe(o.images);
  expect(result.finishedUpdates).toBe(o.images);
  expect(result.audit).toMatchObject({
    refused: o.images * o.strangers,
    started: o.images,
    'already-requested': o.images * (o.doubleClicks - 1),
  });
});
