/** Short version of the Rescan click drill (the long one is rescan-clicks.drill.ts, run by `npm run test:faults`). */
import { expect, it } from 'vitest';
import { rescanClicksDrill } from './scenarios/rescan-clicks.js';

it('double clicks start one scan per image and unauthorised clicks none; every click is answered and audited', async () => {
  const o = { images: 3, doubleClicks: 3, strangers: 2 };
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
