import { describe, expect, it } from 'vitest';
import { ecrDataUnavailableRule } from '../../../src/diagnosis/rules/ecr-data-unavailable.js';
import { coverage, fail, inspector, makeEnhancedFacts, makeFacts, ok, scanNotFound } from '../fixtures.js';

describe('ecrDataUnavailableRule', () => {
  it.each([
    {
      name: 'scan findings denied',
      facts: makeFacts({ scan: fail('ACCESS_DENIED', 'ecr:DescribeImageScanFindings') }),
      fix: "Allow the bot's role ecr:DescribeImageScanFindings.",
    },
    {
      name: 'registry configuration denied (cross-account)',
      facts: makeFacts({ registryScanning: fail('ACCESS_DENIED', 'ecr:GetRegistryScanningConfiguration') }),
      fix: 'only be read from inside its own account',
    },
    {
      name: 'scan findings throttled',
      facts: makeFacts({ scan: fail('THROTTLED', 'ecr:DescribeImageScanFindings') }),
      fix: 'Ask again in a minute.',
    },
  ])('$name', ({ facts, fix }) => {
    const [d, ...rest] = ecrDataUnavailableRule.evaluate(facts);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'ECR_DATA_UNAVAILABLE', severity: 'warning' });
    expect(d?.fix.join('\n')).toContain(fix);
  });

  it('ScanNotFoundException is a fact, not missing data', () => {
    expect(ecrDataUnavailableRule.evaluate(makeFacts({ scan: scanNotFound() }))).toEqual([]);
  });

  it('ECR has no scan while Inspector reports SUCCESSFUL: points to Inspector findings', () => {
    const facts = makeEnhancedFacts({
      scan: scanNotFound(),
      inspector: inspector({ coverage: ok(coverage('ACTIVE', 'SUCCESSFUL')) }),
    });
    const [d] = ecrDataUnavailableRule.evaluate(facts);
    expect(d).toMatchObject({ code: 'ECR_DATA_UNAVAILABLE', certainty: 'likely' });
    expect(d?.fix[0]).toContain('aws inspector2 list-findings --filter-criteria');
  });
});
