/**
 * De-duplication: one diagnosis per code (evidence and fixes merged), and a more specific diagnosis absorbing
 * the generic one it explains (KMS_ACCESS_DENIED explains an ECR FAILED, an archived image explains why no
 * scan exists, …). Absorbed evidence is kept, so nothing AWS said is lost.
 */
import { mergeEvidence } from './evidence.js';
import type { Diagnosis, DiagnosisCode } from './types.js';

/** key explains (and absorbs) each listed code. */
const ABSORBS: Partial<Record<DiagnosisCode, readonly DiagnosisCode[]>> = {
  IMAGE_ARCHIVED: [
    'SCAN_NOT_STARTED',
    'SCAN_FAILED',
    'SCAN_ELIGIBILITY_EXPIRED',
    'SCAN_ELIGIBILITY_EXPIRING',
    'SCAN_PENDING',
    'SCAN_IN_PROGRESS',
    'FINDINGS_UNAVAILABLE',
  ],
  UNSUPPORTED_IMAGE: ['SCAN_FAILED', 'SCAN_NOT_STARTED'],
  INSPECTOR_NOT_ENABLED: ['SCAN_NOT_STARTED', 'SCAN_ELIGIBILITY_EXPIRING'],
  KMS_ACCESS_DENIED: ['SCAN_FAILED', 'SCAN_NOT_STARTED', 'INSPECTOR_ACCESS_DENIED'],
  INSPECTOR_ACCESS_DENIED: ['SCAN_FAILED', 'SCAN_NOT_STARTED'],
  INSPECTOR_INTERNAL_ERROR: ['SCAN_FAILED'],
  SCAN_ELIGIBILITY_EXPIRED: ['SCAN_NOT_STARTED', 'SCAN_ELIGIBILITY_EXPIRING'],
  NO_MATCHING_SCAN_RULE: ['SCAN_NOT_STARTED'],
  SCAN_IN_PROGRESS: ['SCAN_NOT_STARTED', 'SCAN_PENDING'],
  SCAN_PENDING: ['SCAN_NOT_STARTED'],
};

/** Merges diagnoses with the same code and platform into the first one. */
export function mergeSameCode(diagnoses: readonly Diagnosis[]): Diagnosis[] {
  const byKey = new Map<string, Diagnosis>();
  for (const d of diagnoses) {
    const key = `${d.code}\u0000${d.platform ?? ''}`;
    const first = byKey.get(key);
    byKey.set(key, first === undefined ? d : combine(first, d));
  }
  return [...byKey.values()];
}

/** Drops diagnoses another one explains, moving their evidence into the explaining one. */
export function absorbExplained(diagnoses: readonly Diagnosis[]): Diagnosis[] {
  const out = diagnoses.map((d) => ({ ...d }));
  const dropped = new Set<Diagnosis>();
  for (const winner of out) {
    if (dropped.has(winner)) continue;
    const absorbs = ABSORBS[winner.code] ?? [];
    for (const loser of out) {
      if (loser === winner || dropped.has(loser) || !absorbs.includes(loser.code)) continue;
      if ((loser.platform ?? '') !== (winner.platform ?? '')) continue;
      winner.evidence = mergeEvidence(winner.evidence, loser.evidence);
      dropped.add(loser);
    }
  }
  return out.filter((d) => !dropped.has(d));
}

function combine(a: Diagnosis, b: Diagnosis): Diagnosis {
  const findings = a.findings || b.findings ? [...(a.findings ?? []), ...(b.findings ?? [])] : undefined;
  return {
    ...a,
    evidence: mergeEvidence(a.evidence, b.evidence),
    fix: [...new Set([...a.fix, ...b.fix])],
    certainty: a.certainty === 'certain' || b.certainty === 'certain' ? 'certain' : 'likely',
    ...(findings ? { findings } : {}),
    ...((a.expiry ?? b.expiry) ? { expiry: a.expiry ?? b.expiry } : {}),
  };
}
