/**
 * Severity counts for SCAN_OK / NO_FINDINGS: ECR's `findingSeverityCounts` when it has any, otherwise counted
 * from the findings themselves (ECR's lists, then Inspector's), because AWS-native basic and enhanced scans do
 * not always fill the same fields (domain.md §1.2).
 */
import type { VulnerabilityFinding } from '../domain/facts.js';
import type { ImageFacts } from '../domain/image-facts.js';
import { ecrScan } from './facts-view.js';

const ORDER = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED', 'UNTRIAGED'];

export interface SeveritySummary {
  counts: Record<string, number>;
  total: number;
  source: 'findingSeverityCounts' | 'findings' | 'inspector' | 'none';
}

export function findingsSummary(facts: ImageFacts): SeveritySummary {
  const scan = ecrScan(facts);
  const counts = Object.fromEntries(Object.entries(scan?.severityCounts ?? {}).filter(([, n]) => n > 0));
  const counted = sum(counts);
  if (counted > 0) return { counts, total: counted, source: 'findingSeverityCounts' };
  if (scan && scan.findings.length > 0) return fromFindings(scan.findings, 'findings');
  const inspector = facts.inspector?.findings;
  if (inspector?.ok && inspector.value.length > 0) return fromFindings(inspector.value, 'inspector');
  return { counts: {}, total: 0, source: 'none' };
}

/** "2 CRITICAL, 3 HIGH, 1 MEDIUM", most severe first. */
export function summaryLine(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([severity, n]) => `${n} ${severity}`)
    .join(', ');
}

function fromFindings(findings: VulnerabilityFinding[], source: SeveritySummary['source']): SeveritySummary {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  return { counts, total: findings.length, source };
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

function rank(severity: string): number {
  const i = ORDER.indexOf(severity.toUpperCase());
  return i === -1 ? ORDER.length : i;
}

/** The scan finished: basic COMPLETE, enhanced COMPLETE / ACTIVE, or Inspector SUCCESSFUL with its findings read. */
export function scanCompleted(facts: ImageFacts): boolean {
  const status = ecrScan(facts)?.status;
  if (status === 'COMPLETE' || status === 'ACTIVE') return true;
  // Without an ECR result, only Inspector's own findings can tell zero from unknown.
  const coverage = facts.inspector?.coverage;
  return (
    status === undefined &&
    coverage?.ok === true &&
    coverage.value?.statusCode === 'ACTIVE' &&
    coverage.value.reason === 'SUCCESSFUL' &&
    facts.inspector?.findings?.ok === true
  );
}
