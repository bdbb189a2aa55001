/**
 * Builds a `Diagnosis` with the code's fixed severity, so no rule can give a code another urgency.
 */
import { DIAGNOSIS_SEVERITY, type Diagnosis, type DiagnosisCode } from './types.js';

export function makeDiagnosis(code: DiagnosisCode, fields: Omit<Diagnosis, 'code' | 'severity'>): Diagnosis {
  return { code, severity: DIAGNOSIS_SEVERITY[code], ...fields };
}
