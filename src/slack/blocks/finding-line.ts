/**
 * One vulnerability finding as a line of mrkdwn, shared by the answer's UNDEFINED list and the findings modal so
 * both show the same facts: CVE (linked to its source), package, severity, vendor severity and CVSS.
 */
import type { VulnerabilityFinding } from '../../domain/facts.js';
import { code, link } from './mrkdwn.js';
import { proseLine } from './slack-format.js';
import { truncate } from './truncate.js';

/** Severities Amazon gives no rating: ECR basic UNDEFINED, Inspector UNTRIAGED (domain.md §1.4). */
export const UNRATED_SEVERITIES: ReadonlySet<string> = new Set(['UNDEFINED', 'UNTRIAGED']);

/** Most urgent first; the unrated ones after the rated, since AWS gives them no place on the scale. */
export const FINDING_SEVERITY_ORDER = [
  'CRITICAL',
  'HIGH',
  'MEDIUM',
  'LOW',
  'INFORMATIONAL',
  'UNDEFINED',
  'UNTRIAGED',
] as const;

export function isUnrated(f: VulnerabilityFinding): boolean {
  return UNRATED_SEVERITIES.has(f.severity.toUpperCase());
}

/** The finding's own link (basic `uri`, enhanced `sourceUrl`), else NVD for a CVE id. */
export function findingHref(f: VulnerabilityFinding): string | undefined {
  if (f.links[0]) return f.links[0];
  return /^CVE-\d{4}-\d+$/i.test(f.id) ? `https://nvd.nist.gov/vuln/detail/${f.id.toUpperCase()}` : undefined;
}

/** `<link|CVE-…>`, or the escaped id when there is no http(s) link to trust. */
export function findingId(f: VulnerabilityFinding): string {
  const id = truncate(f.id.trim() || 'unnamed finding', 80);
  const href = findingHref(f);
  return href ? link(href, id) : proseLine(id);
}

/** `openssl` 3.0.11 → fixed in 3.0.13, and "+2 more packages" when several are affected. */
export function packageText(f: VulnerabilityFinding): string {
  const [pkg, ...others] = f.packages;
  if (!pkg) return '';
  const parts = [code(pkg.name, 80) || 'unnamed package'];
  if (pkg.version) parts.push(proseLine(truncate(pkg.version, 60)));
  if (pkg.fixedInVersion) parts.push(`→ fixed in ${proseLine(truncate(pkg.fixedInVersion, 60))}`);
  if (others.length) parts.push(`(+${others.length} more ${others.length === 1 ? 'package' : 'packages'})`);
  return parts.join(' ');
}

/** vendor severity, CVSS score and version, as "·"-separated mrkdwn. */
export function ratingText(f: VulnerabilityFinding, withSeverity: boolean): string {
  const parts: string[] = [];
  if (withSeverity) parts.push(code(f.severity, 30));
  parts.push(f.vendorSeverity ? `vendor severity ${proseLine(truncate(f.vendorSeverity, 40))}` : 'no vendor severity');
  if (f.cvss && Number.isFinite(f.cvss.score)) {
    const version = f.cvss.version ? ` (v${proseLine(truncate(f.cvss.version, 10))})` : '';
    parts.push(`CVSS ${f.cvss.score.toFixed(1)}${version}`);
  } else {
    parts.push('no CVSS score');
  }
  return parts.join(' · ');
}

/** `• <link|CVE> · `pkg` 1.2 · vendor severity … · CVSS …` for lists in a message. */
export function findingLine(f: VulnerabilityFinding): string {
  return `• ${[findingId(f), packageText(f), ratingText(f, false)].filter((p) => p !== '').join(' · ')}`;
}
