/**
 * The diagnosis engine: `ImageFacts → Diagnosis[]`, pure. Runs every problem rule, merges what several
 * rules (or signals) say about the same thing, adds SCAN_OK / NO_FINDINGS only when nothing else applies,
 * diagnoses each platform image of a manifest list, and sorts blocking → warning → info.
 */
import type { ImageFacts } from '../domain/image-facts.js';
import { scanStatusEvidence } from './evidence.js';
import { ecrScan } from './facts-view.js';
import { platformLabel, shortDigest } from './format.js';
import { makeDiagnosis } from './make-diagnosis.js';
import { absorbExplained, mergeSameCode } from './merge.js';
import { OUTCOME_RULES, problemRules, type RuleOptions } from './rules/index.js';
import { DIAGNOSIS_CODES, type Diagnosis, type DiagnosisCode, type Rule, SEVERITY_ORDER } from './types.js';

export type DiagnoseOptions = RuleOptions;

/**
 * Diagnoses about the answer's sources rather than the image; they do not hide SCAN_OK / NO_FINDINGS.
 * Missing ECR data only counts as context when the scan result itself was read.
 */
function isContext(d: Diagnosis, facts: ImageFacts): boolean {
  return d.code === 'INSPECTOR_UNAVAILABLE' || (d.code === 'ECR_DATA_UNAVAILABLE' && facts.scan.ok);
}

/** Codes about the repository, registry or account: shown once for a manifest list, not once per platform. */
const SHARED_CODES: readonly DiagnosisCode[] = [
  'INSPECTOR_NOT_ENABLED',
  'INSPECTOR_UNAVAILABLE',
  'NO_MATCHING_SCAN_RULE',
  'SCAN_ON_PUSH_ONLY',
  'ECR_DATA_UNAVAILABLE',
];

export function diagnose(facts: ImageFacts, options: DiagnoseOptions = {}): Diagnosis[] {
  const rules = problemRules(options);
  const own = diagnoseOne(facts, rules);
  const children = facts.children ?? [];
  if (children.length === 0) return sortDiagnoses(own);

  const result = [...own];
  for (const child of children) {
    const platform = platformLabel(child.platform) ?? shortDigest(child.image.imageDigest);
    for (const d of diagnoseOne(child, rules)) {
      if (SHARED_CODES.includes(d.code)) {
        if (!result.some((r) => r.code === d.code && r.platform === undefined)) result.push(d);
      } else {
        result.push({ ...d, platform });
      }
    }
  }
  return sortDiagnoses(result);
}

function diagnoseOne(facts: ImageFacts, rules: readonly Rule[]): Diagnosis[] {
  const problems = absorbExplained(mergeSameCode(rules.flatMap((rule) => rule.evaluate(facts))));
  if (problems.every((d) => isContext(d, facts))) {
    problems.push(...OUTCOME_RULES.flatMap((rule) => rule.evaluate(facts)));
  }
  return problems.length > 0 ? problems : [fallThrough(facts)];
}

/** Never an empty answer: whatever no rule explained is shown as AWS reported it. */
function fallThrough(facts: ImageFacts): Diagnosis {
  const scan = ecrScan(facts);
  const state = scan
    ? `scan status ${scan.status}`
    : `no scan result (${facts.scan.ok ? 'none' : facts.scan.error.code})`;
  return makeDiagnosis('UNKNOWN_SCAN_STATUS', {
    title: `No rule explains this image's scan state (${state})`,
    cause: `ecrscan has no explanation for this combination of facts (${state}). It is shown as AWS reported it.`,
    evidence: scanStatusEvidence(scan),
    fix: ['Check the image in the ECR console, and tell the ecrscan maintainers about this case.'],
    certainty: 'likely',
  });
}

/** blocking → warning → info; then the list's own diagnoses before its platforms'; then the code order. */
export function sortDiagnoses(diagnoses: readonly Diagnosis[]): Diagnosis[] {
  return [...diagnoses].sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      (a.platform ?? '').localeCompare(b.platform ?? '') ||
      DIAGNOSIS_CODES.indexOf(a.code) - DIAGNOSIS_CODES.indexOf(b.code),
  );
}
