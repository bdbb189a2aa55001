import type { VulnerabilityFinding } from '../../domain/facts.js';
import type { ImageFacts } from '../../domain/image-facts.js';
import { startImageScanCommand } from '../commands.js';
import { SOURCES } from '../evidence.js';
import { ecrScan, effectiveFrequency, isEnhanced } from '../facts-view.js';
import { plural } from '../format.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import type { Diagnosis, Evidence, Rule } from '../types.js';

const UNRATED = new Set(['UNDEFINED', 'UNTRIAGED']);

/**
 * UNDEFINED_SEVERITY: findings the scanner could not rate (basic UNDEFINED, Inspector UNTRIAGED). They slip
 * through severity gates, so each is listed with what a human needs to rate it: CVE, package, link, vendor
 * severity and CVSS.
 */
export const undefinedSeverityRule: Rule = {
  id: 'undefined-severity',
  evaluate(facts: ImageFacts): Diagnosis[] {
    const findings = unratedFindings(facts);
    const counted = countedUnrated(facts);
    const total = Math.max(
      findings.length,
      counted.reduce((n, [, c]) => n + c, 0),
    );
    if (total === 0) return [];

    const evidence: Evidence[] = [
      ...counted.map(([key, count]) => ({
        label: `Findings with severity ${key}`,
        value: String(count),
        source: SOURCES.severityCounts,
      })),
      ...findings.map(findingEvidence),
    ];
    return [
      makeDiagnosis('UNDEFINED_SEVERITY', {
        title: `${plural(total, 'finding')} without a usable severity (UNDEFINED / UNTRIAGED)`,
        cause:
          'The scanner reported these vulnerabilities without rating them, so they do not count as CRITICAL, HIGH or any other level and pass severity-based gates unnoticed. For basic scanning, UNDEFINED means the CVE source gave no priority, or gave one that ECR does not recognise. For Inspector, UNTRIAGED means the vendor has not rated the vulnerability yet.',
        evidence,
        fix: [
          'Rate each one yourself: open its link, read the vendor advisory and use the CVSS score where one is given (listed above).',
          'Fix what applies: upgrade the package to the fixed version or rebuild on an updated base image.',
          laterRating(facts),
        ],
        certainty: 'certain',
        findings,
      }),
    ];
  },
};

function laterRating(facts: ImageFacts): string {
  if (!isEnhanced(facts)) {
    return `A later basic scan probably picks up a rating once the source gives one: ${startImageScanCommand(facts)} (at most once per image per 24 hours).`;
  }
  if (effectiveFrequency(facts).frequency === 'CONTINUOUS_SCAN') {
    return "Continuous scanning rescans when Inspector's vulnerability data changes, so the severity probably updates once the vendor rates it.";
  }
  return 'This image is not rescanned continuously: a rating given later only shows up after a new scan (push a rebuilt image).';
}

/** ECR's findings and Inspector's, without repeats (the same CVE in the same package). */
function unratedFindings(facts: ImageFacts): VulnerabilityFinding[] {
  const fromEcr = ecrScan(facts)?.findings ?? [];
  const fromInspector = facts.inspector?.findings?.ok ? facts.inspector.findings.value : [];
  const seen = new Set<string>();
  const out: VulnerabilityFinding[] = [];
  for (const f of [...fromEcr, ...fromInspector]) {
    if (!UNRATED.has(f.severity.toUpperCase())) continue;
    const key = `${f.id}\u0000${f.packages.map((p) => `${p.name}@${p.version ?? ''}`).join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

function countedUnrated(facts: ImageFacts): [string, number][] {
  const counts = ecrScan(facts)?.severityCounts ?? {};
  return Object.entries(counts).filter(([key, count]) => UNRATED.has(key.toUpperCase()) && count > 0);
}

function findingEvidence(f: VulnerabilityFinding): Evidence {
  const pkg = f.packages.map((p) => (p.version ? `${p.name} ${p.version}` : p.name)).join(', ');
  const parts = [
    pkg ? `package ${pkg}` : undefined,
    `severity ${f.severity}`,
    f.vendorSeverity ? `vendor severity ${f.vendorSeverity}` : 'no vendor severity',
    f.cvss ? `CVSS ${f.cvss.score}${f.cvss.version ? ` (v${f.cvss.version})` : ''}` : 'no CVSS score',
    cveLink(f),
  ].filter((p): p is string => p !== undefined);
  const source =
    f.origin === 'basic'
      ? 'ecr:DescribeImageScanFindings imageScanFindings.findings[]'
      : f.origin === 'enhanced'
        ? 'ecr:DescribeImageScanFindings imageScanFindings.enhancedFindings[]'
        : 'inspector2:ListFindings findings[]';
  return { label: f.id, value: parts.join('; '), source };
}

/** The finding's own link first (basic `uri`, enhanced `sourceUrl`), else NVD for a CVE id. */
export function cveLink(f: VulnerabilityFinding): string | undefined {
  if (f.links[0]) return f.links[0];
  return /^CVE-\d{4}-\d+$/i.test(f.id) ? `https://nvd.nist.gov/vuln/detail/${f.id.toUpperCase()}` : undefined;
}
