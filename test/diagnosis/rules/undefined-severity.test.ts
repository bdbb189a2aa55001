import { describe, expect, it } from 'vitest';
import { cveLink, undefinedSeverityRule } from '../../../src/diagnosis/rules/undefined-severity.js';
import { finding, inspector, makeEnhancedFacts, makeFacts, ok, scan, withFindings } from '../fixtures.js';

const undefinedBasic = finding({
  id: 'CVE-2025-1111',
  severity: 'UNDEFINED',
  links: ['https://security-tracker.debian.org/tracker/CVE-2025-1111'],
  packages: [{ name: 'libxml2', version: '2.9.14' }],
});
const untriaged = finding({
  id: 'CVE-2025-2222',
  origin: 'enhanced',
  severity: 'UNTRIAGED',
  vendorSeverity: 'medium',
  cvss: { score: 7.5, version: '3.1' },
  links: ['https://ubuntu.com/security/CVE-2025-2222'],
  packages: [{ name: 'curl', version: '8.5.0' }],
});

describe('undefinedSeverityRule', () => {
  it.each([
    {
      name: 'basic UNDEFINED',
      facts: makeFacts({ scan: withFindings('COMPLETE', [finding(), undefinedBasic]) }),
      ids: ['CVE-2025-1111'],
    },
    {
      name: 'enhanced UNTRIAGED',
      facts: makeEnhancedFacts({ scan: withFindings('ACTIVE', [finding({ origin: 'enhanced' }), untriaged]) }),
      ids: ['CVE-2025-2222'],
    },
    {
      name: 'the same finding from ECR and Inspector is listed once',
      facts: makeEnhancedFacts({
        scan: withFindings('ACTIVE', [untriaged]),
        inspector: inspector({ findings: ok([{ ...untriaged, origin: 'inspector' }]) }),
      }),
      ids: ['CVE-2025-2222'],
    },
  ])('$name', ({ facts, ids }) => {
    const [d, ...rest] = undefinedSeverityRule.evaluate(facts);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'UNDEFINED_SEVERITY', severity: 'warning', certainty: 'certain' });
    expect(d?.findings?.map((f) => f.id)).toEqual(ids);
  });

  it('lists CVE, package, vendor severity, CVSS and link for each finding, and both causes', () => {
    const [d] = undefinedSeverityRule.evaluate(makeEnhancedFacts({ scan: withFindings('ACTIVE', [untriaged]) }));
    expect(d?.title).toBe('1 finding without a usable severity (UNDEFINED / UNTRIAGED)');
    expect(d?.evidence).toContainEqual({
      label: 'CVE-2025-2222',
      value:
        'package curl 8.5.0; severity UNTRIAGED; vendor severity medium; CVSS 7.5 (v3.1); https://ubuntu.com/security/CVE-2025-2222',
      source: 'ecr:DescribeImageScanFindings imageScanFindings.enhancedFindings[]',
    });
    expect(d?.evidence).toContainEqual({
      label: 'Findings with severity UNTRIAGED',
      value: '1',
      source: 'ecr:DescribeImageScanFindings imageScanFindings.findingSeverityCounts',
    });
    expect(d?.cause).toContain('the CVE source gave no priority, or gave one that ECR does not recognise');
    expect(d?.cause).toContain('the vendor has not rated the vulnerability yet');
  });

  it('counts UNDEFINED from findingSeverityCounts even when the findings list is empty', () => {
    const [d] = undefinedSeverityRule.evaluate(
      makeFacts({ scan: scan('COMPLETE', { severityCounts: { HIGH: 2, UNDEFINED: 3 } }) }),
    );
    expect(d?.title).toBe('3 findings without a usable severity (UNDEFINED / UNTRIAGED)');
  });

  it('stays quiet when every finding is rated', () => {
    expect(undefinedSeverityRule.evaluate(makeFacts())).toEqual([]);
  });

  it.each([
    [finding({ id: 'CVE-2024-9', links: ['https://x.example/CVE-2024-9'] }), 'https://x.example/CVE-2024-9'],
    [finding({ id: 'cve-2024-9', links: [] }), 'https://nvd.nist.gov/vuln/detail/CVE-2024-9'],
    [finding({ id: 'GHSA-xxxx', links: [] }), undefined],
  ])('cveLink(%#)', (f, link) => {
    expect(cveLink(f)).toBe(link);
  });
});
