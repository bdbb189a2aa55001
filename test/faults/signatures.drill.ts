/** Signature drill, long version (`npm run test:faults`): every kind of bad signature, many rounds. */
import { expect, it } from 'vitest';
import { ATTACKS, signaturesDrill } from './scenarios/signatures.js';

it('hundreds of forged, replayed and stale requests all get 401 and change nothing', async () => {
  const result = await signaturesDrill({ rounds: 25 });
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
