/** Short version of the signature drill (the long one is signatures.drill.ts, run by `npm run test:faults`). */
import { expect, it } from 'vitest';
import { ATTACKS, signaturesDrill } from './scenarios/signatures.js';

it('forged, replayed and stale signatures get 401 and change nothing, while the genuine request works', async () => {
  const result = await signaturesDrill({ rounds: 1 });
  expect(Object.keys(result.statuses)).toEqual(Object.keys(ATTACKS));
  for (const [attack, statuses] of Object.entries(result.statuses)) {
    expect(
      statuses.every((s) => s === 401),
      `${attack}: ${statuses}`,
    ).toBe(true);
  }
  expect(result.sideEffects).toEqual({ replies: 0, awsCalls: 0, scansStarted: 0, auditEntries: 0 });
  expect(result.control).toEqual({ commandAnswered: true, rescanStarted: true });
});
