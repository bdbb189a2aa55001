import { describe, expect, it } from 'vitest';
import { noFindingsRule } from '../../../src/diagnosis/rules/no-findings.js';
import { scanOkRule } from '../../../src/diagnosis/rules/scan-ok.js';
import type { ImageFacts } from '../../../src/domain/image-facts.js';
import {
  coverage,
  distro,
  finding,
  inspector,
  makeEnhancedFacts,
  makeFacts,
  ok,
  os,
  scan,
  scanNotFound,
  withFindings,
} from '../fixtures.js';

describe('scanOkRule', () => {
  it.each([
    {
      name: 'basic COMPLETE',
      facts: makeFacts({
        scan: withFindings('COMPLETE', [
          finding(),
          finding({ id: 'CVE-2', severity: 'MEDIUM' }),
          finding({ id: 'CVE-3', severity: 'CRITICAL' }),
        ]),
      }),
      title: 'Scanned: 1 CRITICAL, 1 HIGH, 1 MEDIUM',
    },
    { name: 'enhanced ACTIVE', facts: makeEnhancedFacts(), title: 'Scanned: 1 HIGH' },
    {
      name: 'counts only (findings list empty)',
      facts: makeFacts({ scan: scan('COMPLETE', { severityCounts: { LOW: 4, HIGH: 2, MEDIUM: 0 } }) }),
      title: 'Scanned: 2 HIGH, 4 LOW',
    },
    {
      name: "Inspector's findings when ECR's lists are empty",
      facts: makeEnhancedFacts({
        scan: scan('ACTIVE'),
        inspector: inspector({ findings: ok([finding({ origin: 'inspector', severity: 'LOW' })]) }),
      }),
      title: 'Scanned: 1 LOW',
    },
  ])('$name', ({ facts, title }) => {
    const [d, ...rest] = scanOkRule.evaluate(facts);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'SCAN_OK', severity: 'info', certainty: 'certain', title });
  });

  it.each([
    ['zero findings', makeFacts({ scan: withFindings('COMPLETE', []) })],
    ['no scan', makeFacts({ scan: scanNotFound() })],
    ['FAILED', makeFacts({ scan: scan('FAILED') })],
    [
      "Inspector SUCCESSFUL without ECR's result or Inspector's findings",
      makeEnhancedFacts({
        scan: scanNotFound(),
        inspector: inspector({ coverage: ok(coverage('ACTIVE', 'SUCCESSFUL')) }),
      }),
    ],
  ])('stays quiet for %s', (_name, facts) => {
    expect(scanOkRule.evaluate(facts)).toEqual([]);
  });
});

const clean = (over: Partial<ImageFacts> = {}) => makeFacts({ scan: withFindings('COMPLETE', []), ...over });

describe('noFindingsRule', () => {
  it.each([
    {
      name: 'alpine 3.22',
      facts: clean({ os: distro('alpine', '3.22.0') }),
      believable: true,
      certainty: 'certain',
      cause: 'Zero findings is believable for Alpine Linux 3.22.0',
    },
    {
      name: 'OS not inspected',
      facts: clean(),
      believable: true,
      certainty: 'certain',
      cause: 'cannot say whether zero findings is believable',
    },
    {
      name: 'scratch under basic',
      facts: clean({ os: os('scratch') }),
      believable: false,
      certainty: 'certain',
      cause:
        'An image with no OS packages (FROM scratch) always shows zero findings under basic scanning: basic scanning covers OS packages only, and language packages are only scanned by enhanced scanning.',
    },
    {
      name: 'scratch under enhanced',
      facts: makeEnhancedFacts({ scan: withFindings('ACTIVE', []), os: os('scratch') }),
      believable: true,
      certainty: 'likely',
      cause: 'enhanced scanning still reads language packages',
    },
    {
      name: 'os-release but no package database',
      facts: clean({ os: os('linux-distro', { distro: { id: 'debian', versionId: '12' }, packageDb: 'none' }) }),
      believable: false,
      certainty: 'likely',
      cause: 'has no package database',
    },
    {
      name: 'distroless',
      facts: clean({ os: os('distroless') }),
      believable: false,
      certainty: 'likely',
      cause: 'AWS does not document the current behaviour',
    },
    {
      name: 'debian 10 (discontinued)',
      facts: clean({ os: distro('debian', '10') }),
      believable: false,
      certainty: 'certain',
      cause: 'Zero findings is surprising for Debian 10',
    },
    {
      name: 'unknown OS',
      facts: clean({ os: os('unknown') }),
      believable: false,
      certainty: 'likely',
      cause: 'cannot tell whether zero findings is believable',
    },
    {
      name: 'coverage SUCCESSFUL without an ECR scan',
      facts: makeEnhancedFacts({
        scan: scanNotFound(),
        inspector: inspector({ coverage: ok(coverage('ACTIVE', 'SUCCESSFUL')), findings: ok([]) }),
      }),
      believable: true,
      certainty: 'certain',
      cause: 'reported no vulnerabilities',
    },
  ])('$name', ({ facts, believable, certainty, cause }) => {
    const [d, ...rest] = noFindingsRule.evaluate(facts);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'NO_FINDINGS', severity: 'info', certainty });
    expect(d?.title).toBe(
      believable
        ? 'Scanned: no vulnerabilities found'
        : 'Scanned: no vulnerabilities found, but zero proves little here',
    );
    expect(d?.cause).toContain(cause);
  });

  it('warns that enhanced COMPLETE can be briefly empty after a push', () => {
    const [d] = noFindingsRule.evaluate(makeEnhancedFacts({ scan: withFindings('COMPLETE', []) }));
    expect(d?.cause).toContain('before Inspector');
  });

  it('stays quiet when there are findings', () => {
    expect(noFindingsRule.evaluate(makeFacts())).toEqual([]);
  });
});
