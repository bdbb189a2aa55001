import { describe, expect, it } from 'vitest';
import { unknownStatusRule } from '../../../src/diagnosis/rules/unknown-status.js';
import { coverage, inspector, makeEnhancedFacts, makeFacts, ok, scan } from '../fixtures.js';

describe('unknownStatusRule', () => {
  it.each([
    {
      name: 'a new ECR status',
      facts: makeFacts({ scan: scan('QUARANTINED') }),
      shows: 'ECR scan status "QUARANTINED"',
    },
    {
      name: 'a non-ECR coverage reason',
      facts: makeEnhancedFacts({ inspector: inspector({ coverage: ok(coverage('INACTIVE', 'STALE_INVENTORY')) }) }),
      shows: 'Inspector coverage reason "STALE_INVENTORY"',
    },
    {
      name: 'a new coverage status code',
      facts: makeEnhancedFacts({ inspector: inspector({ coverage: ok(coverage('PAUSED', 'SUCCESSFUL')) }) }),
      shows: 'Inspector coverage status "PAUSED"',
    },
  ])('$name is shown raw', ({ facts, shows }) => {
    const [d, ...rest] = unknownStatusRule.evaluate(facts);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'UNKNOWN_SCAN_STATUS', severity: 'warning', certainty: 'likely' });
    expect(d?.title).toContain(shows);
  });

  it('stays quiet for known values', () => {
    expect(unknownStatusRule.evaluate(makeEnhancedFacts())).toEqual([]);
  });
});
