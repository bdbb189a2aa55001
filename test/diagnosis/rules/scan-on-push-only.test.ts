import { describe, expect, it } from 'vitest';
import { scanOnPushOnlyRule } from '../../../src/diagnosis/rules/scan-on-push-only.js';
import {
  coverage,
  fail,
  inspector,
  makeEnhancedFacts,
  makeFacts,
  ok,
  repoScanning,
  withFindings,
} from '../fixtures.js';

const batch = (over: Parameters<typeof makeEnhancedFacts>[0] = {}) =>
  makeEnhancedFacts({
    image: { repositoryName: 'batch-reports' },
    repositoryScanning: repoScanning('batch-reports', 'SCAN_ON_PUSH'),
    scan: withFindings('COMPLETE', []),
    inspector: inspector({
      coverage: ok(coverage('ACTIVE', 'SCAN_FREQUENCY_SCAN_ON_PUSH', { scanFrequency: 'SCAN_ON_PUSH' })),
    }),
    ...over,
  });

describe('scanOnPushOnlyRule', () => {
  it.each([
    { name: 'repository SCAN_ON_PUSH and coverage reason agree', facts: batch() },
    {
      name: 'coverage reason only (ECR configuration unreadable)',
      facts: batch({
        repositoryScanning: fail('ACCESS_DENIED', 'ecr:BatchGetRepositoryScanningConfiguration'),
        registryScanning: fail('ACCESS_DENIED', 'ecr:GetRegistryScanningConfiguration'),
      }),
    },
    { name: 'repository frequency only', facts: batch({ inspector: inspector({ coverage: ok(undefined) }) }) },
  ])('$name', ({ facts }) => {
    const out = scanOnPushOnlyRule.evaluate(facts);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ code: 'SCAN_ON_PUSH_ONLY', severity: 'warning', certainty: 'certain' });
    expect(out[0]?.title).toBe('Scanned once at push only: no rescans for new CVEs');
    expect(out[0]?.fix[0]).toMatch(
      /"scanFrequency":"CONTINUOUS_SCAN","repositoryFilters":\[.*\{"filter":"batch-reports","filterType":"WILDCARD"\}\]/,
    );
  });

  it('keeps the existing rules in the command it suggests', () => {
    const [d] = scanOnPushOnlyRule.evaluate(batch());
    expect(d?.fix[0]).toContain(
      `--rules '[{"scanFrequency":"CONTINUOUS_SCAN","repositoryFilters":[{"filter":"svc-*","filterType":"WILDCARD"},{"filter":"platform","filterType":"WILDCARD"},{"filter":"batch-reports","filterType":"WILDCARD"}]},{"scanFrequency":"SCAN_ON_PUSH","repositoryFilters":[{"filter":"batch-*","filterType":"WILDCARD"}]}]' --region eu-west-1`,
    );
  });

  it.each([
    ['basic scan-on-push (normal for basic)', makeFacts()],
    ['enhanced continuous', makeEnhancedFacts()],
  ])('stays quiet for %s', (_name, facts) => {
    expect(scanOnPushOnlyRule.evaluate(facts)).toEqual([]);
  });
});
