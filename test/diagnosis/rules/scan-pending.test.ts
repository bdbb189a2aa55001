import { describe, expect, it } from 'vitest';
import { scanPendingRule } from '../../../src/diagnosis/rules/scan-pending.js';
import { coverage, inspector, makeEnhancedFacts, makeFacts, ok, scan, scanNotFound } from '../fixtures.js';

describe('scanPendingRule', () => {
  it.each([
    {
      name: 'basic PENDING',
      facts: makeFacts({ scan: scan('PENDING', { description: 'Pending start of the image scan.' }) }),
      certainty: 'certain',
      title: 'The scan has not started yet',
      fix: 'aws ecr wait image-scan-complete --repository-name team-payments',
    },
    {
      name: 'enhanced PENDING + PENDING_INITIAL_SCAN',
      facts: makeEnhancedFacts({
        scan: scan('PENDING'),
        inspector: inspector({ coverage: ok(coverage('ACTIVE', 'PENDING_INITIAL_SCAN')) }),
      }),
      certainty: 'certain',
      title: 'The scan has not started yet',
      fix: 'aws ecr describe-image-scan-findings',
    },
    {
      name: 'PENDING_REVIVAL_SCAN (undocumented)',
      facts: makeEnhancedFacts({
        scan: scanNotFound(),
        inspector: inspector({ coverage: ok(coverage('ACTIVE', 'PENDING_REVIVAL_SCAN')) }),
      }),
      certainty: 'likely',
      title: 'Waiting for a new scan (PENDING_REVIVAL_SCAN)',
      fix: 'Ask again in a few minutes',
    },
  ])('$name', ({ facts, certainty, title, fix }) => {
    const [d, ...rest] = scanPendingRule.evaluate(facts);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'SCAN_PENDING', severity: 'info', certainty, title });
    expect(d?.fix.join('\n')).toContain(fix);
  });

  it('words PENDING_REVIVAL_SCAN as a guess', () => {
    const [d] = scanPendingRule.evaluate(
      makeEnhancedFacts({ inspector: inspector({ coverage: ok(coverage('ACTIVE', 'PENDING_REVIVAL_SCAN')) }) }),
    );
    expect(d?.cause).toContain('AWS does not document this reason; it probably means');
  });

  it('the waiter is not offered under enhanced scanning (it never treats ACTIVE as done)', () => {
    const [d] = scanPendingRule.evaluate(makeEnhancedFacts({ scan: scan('PENDING') }));
    expect(d?.fix.join('\n')).not.toContain('aws ecr wait');
  });

  it('stays quiet for a completed scan', () => {
    expect(scanPendingRule.evaluate(makeFacts())).toEqual([]);
  });
});
