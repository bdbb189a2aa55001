import { describe, expect, it } from 'vitest';
import { scanInProgressRule } from '../../../src/diagnosis/rules/scan-in-progress.js';
import { coverage, inspector, makeEnhancedFacts, makeFacts, ok, scan } from '../fixtures.js';

describe('scanInProgressRule', () => {
  it.each([
    { name: 'basic IN_PROGRESS', facts: makeFacts({ scan: scan('IN_PROGRESS') }), evidence: ['ECR scan status'] },
    {
      name: 'enhanced IN_PROGRESS + SCAN_IN_PROGRESS',
      facts: makeEnhancedFacts({
        scan: scan('IN_PROGRESS'),
        inspector: inspector({ coverage: ok(coverage('ACTIVE', 'SCAN_IN_PROGRESS')) }),
      }),
      evidence: ['ECR scan status', 'Inspector coverage reason'],
    },
    {
      name: 'coverage SCAN_IN_PROGRESS only',
      facts: makeEnhancedFacts({ inspector: inspector({ coverage: ok(coverage('ACTIVE', 'SCAN_IN_PROGRESS')) }) }),
      evidence: ['Inspector coverage reason'],
    },
  ])('$name', ({ facts, evidence }) => {
    const [d, ...rest] = scanInProgressRule.evaluate(facts);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'SCAN_IN_PROGRESS', severity: 'info', certainty: 'certain' });
    for (const label of evidence) expect(d?.evidence.map((e) => e.label)).toContain(label);
  });

  it('stays quiet otherwise', () => {
    expect(scanInProgressRule.evaluate(makeFacts({ scan: scan('PENDING') }))).toEqual([]);
  });
});
