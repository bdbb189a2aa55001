import { describe, expect, it } from 'vitest';
import { scanNotStartedRule } from '../../../src/diagnosis/rules/scan-not-started.js';
import { fail, inspector, makeEnhancedFacts, makeFacts, ok, repoScanning, scanNotFound } from '../fixtures.js';

describe('scanNotStartedRule', () => {
  it.each([
    {
      name: 'basic scan-on-push, no scan',
      facts: makeFacts({ scan: scanNotFound() }),
      certainty: 'certain',
      fix: 'aws ecr start-image-scan --repository-name team-payments',
    },
    {
      name: 'enhanced continuous, no scan and no coverage',
      facts: makeEnhancedFacts({ scan: scanNotFound(), inspector: inspector({ coverage: ok(undefined) }) }),
      certainty: 'likely',
      fix: 'aws inspector2 list-coverage --filter-criteria \'{"resourceId":[{"comparison":"EQUALS","value":"arn:aws:ecr:eu-west-1:222222222222:repository/svc-orders/sha256:',
    },
    {
      name: 'scanning configuration unreadable',
      facts: makeFacts({
        scan: scanNotFound(),
        registryScanning: fail('ACCESS_DENIED', 'ecr:GetRegistryScanningConfiguration'),
        repositoryScanning: fail('ACCESS_DENIED', 'ecr:BatchGetRepositoryScanningConfiguration'),
      }),
      certainty: 'likely',
      fix: 'ecr:GetRegistryScanningConfiguration',
    },
  ])('$name', ({ facts, certainty, fix }) => {
    const [d, ...rest] = scanNotStartedRule.evaluate(facts);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'SCAN_NOT_STARTED', severity: 'blocking', certainty });
    expect(d?.fix.join('\n')).toContain(fix);
    expect(d?.evidence).toContainEqual({
      label: 'ecr:DescribeImageScanFindings failed',
      value: 'ScanNotFoundException: Image scan does not exist for the image',
      source: 'ecr:DescribeImageScanFindings',
    });
  });

  it.each([
    ['a scanned image', makeFacts()],
    [
      'a MANUAL repository (that is NO_MATCHING_SCAN_RULE)',
      makeFacts({ scan: scanNotFound(), repositoryScanning: repoScanning('team-payments', 'MANUAL') }),
    ],
    [
      'a scan read that failed for another reason',
      makeFacts({ scan: fail('THROTTLED', 'ecr:DescribeImageScanFindings') }),
    ],
  ])('stays quiet for %s', (_name, facts) => {
    expect(scanNotStartedRule.evaluate(facts)).toEqual([]);
  });
});
