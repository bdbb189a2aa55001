import { describe, expect, it } from 'vitest';
import { noMatchingScanRuleRule } from '../../../src/diagnosis/rules/no-matching-scan-rule.js';
import {
  coverage,
  digest,
  fail,
  inspector,
  makeEnhancedFacts,
  makeFacts,
  ok,
  repoScanning,
  scanNotFound,
} from '../fixtures.js';

const neverScannedBasic = (repo = 'payments-api') =>
  makeFacts({
    image: { repositoryName: repo },
    repositoryScanning: repoScanning(repo, 'MANUAL'),
    scan: scanNotFound(),
  });
const enhancedOff = (repo = 'legacy-tools') =>
  makeEnhancedFacts({
    image: { repositoryName: repo },
    repositoryScanning: repoScanning(repo, 'MANUAL'),
    scan: scanNotFound(),
    inspector: inspector({ coverage: ok(coverage('INACTIVE', 'SCAN_FREQUENCY_MANUAL', { scanFrequency: 'MANUAL' })) }),
  });

describe('noMatchingScanRuleRule', () => {
  it.each([
    {
      name: 'basic, MANUAL, never scanned',
      facts: neverScannedBasic(),
      certainty: 'certain',
      title: /^No scan-on-push rule covers/,
    },
    { name: 'enhanced, frequency off', facts: enhancedOff(), certainty: 'certain', title: /^Enhanced scanning is off/ },
    {
      name: 'basic, repository configuration unreadable: evaluated from the rules',
      facts: makeFacts({
        image: { repositoryName: 'payments-api' },
        repositoryScanning: fail('ACCESS_DENIED', 'ecr:BatchGetRepositoryScanningConfiguration'),
        scan: scanNotFound(),
      }),
      certainty: 'likely',
      title: /^No scan-on-push rule covers/,
    },
    {
      name: 'enhanced, coverage SCAN_FREQUENCY_MANUAL only',
      facts: makeEnhancedFacts({
        inspector: inspector({ coverage: ok(coverage('INACTIVE', 'SCAN_FREQUENCY_MANUAL')) }),
      }),
      certainty: 'certain',
      title: /^Enhanced scanning is off/,
    },
  ])('$name', ({ facts, certainty, title }) => {
    const [d, ...rest] = noMatchingScanRuleRule.evaluate(facts);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'NO_MATCHING_SCAN_RULE', severity: 'blocking', certainty });
    expect(d?.title).toMatch(title);
  });

  it('shows every filter and why it does not match, with ECR semantics', () => {
    const [d] = noMatchingScanRuleRule.evaluate(neverScannedBasic());
    expect(d?.evidence.filter((e) => e.label.startsWith('Rule'))).toEqual([
      {
        label: 'Rule 1 (SCAN_ON_PUSH) filter "prod"',
        value: '"prod" has no "*", so it matches every repository name that contains "prod": "payments-api" does not.',
        source: 'ecr:GetRegistryScanningConfiguration scanningConfiguration.rules',
      },
      {
        label: 'Rule 1 (SCAN_ON_PUSH) filter "team-*"',
        value:
          '"team-*" has "*", so it must match the whole repository name, "*" standing for zero or more characters: "payments-api" does not match.',
        source: 'ecr:GetRegistryScanningConfiguration scanningConfiguration.rules',
      },
    ]);
  });

  it('basic fix: a one-off scan and a rules command that keeps the existing rules', () => {
    const [d] = noMatchingScanRuleRule.evaluate(neverScannedBasic());
    expect(d?.fix[0]).toContain('aws ecr start-image-scan --repository-name payments-api');
    expect(d?.fix[1]).toBe(
      `Scan every future push: aws ecr put-registry-scanning-configuration --scan-type BASIC --rules '[{"scanFrequency":"SCAN_ON_PUSH","repositoryFilters":[{"filter":"prod","filterType":"WILDCARD"},{"filter":"team-*","filterType":"WILDCARD"},{"filter":"payments-api","filterType":"WILDCARD"}]}]' --region us-east-1`,
    );
  });

  it('enhanced fix: a continuous rule and no manual scan', () => {
    const [d] = noMatchingScanRuleRule.evaluate(enhancedOff());
    expect(d?.fix[0]).toContain(
      '"scanFrequency":"CONTINUOUS_SCAN","repositoryFilters":[{"filter":"svc-*","filterType":"WILDCARD"},{"filter":"platform","filterType":"WILDCARD"},{"filter":"legacy-tools","filterType":"WILDCARD"}]',
    );
    expect(d?.fix.join('\n')).not.toContain('aws ecr start-image-scan --repository-name');
  });

  it('notes when ECR says MANUAL although the filters look like they match', () => {
    const [d] = noMatchingScanRuleRule.evaluate(
      makeFacts({
        image: { repositoryName: 'prod-api' },
        repositoryScanning: repoScanning('prod-api', 'MANUAL'),
        scan: scanNotFound(),
      }),
    );
    expect(d?.cause).toContain("ECR's answer is what counts");
  });

  it.each([
    [
      'a basic MANUAL image that was scanned by hand',
      makeFacts({ repositoryScanning: repoScanning('team-payments', 'MANUAL') }),
    ],
    ['a covered repository', makeFacts({ scan: scanNotFound() })],
    ['a continuous enhanced repository', makeEnhancedFacts()],
    [
      'a signature artifact',
      makeFacts({
        image: { repositoryName: 'payments-api', subjectManifestDigest: digest('b') },
        repositoryScanning: repoScanning('payments-api', 'MANUAL'),
        scan: scanNotFound(),
      }),
    ],
  ])('stays quiet for %s', (_name, facts) => {
    expect(noMatchingScanRuleRule.evaluate(facts)).toEqual([]);
  });
});
