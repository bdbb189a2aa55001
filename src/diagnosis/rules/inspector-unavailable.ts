import type { FactError, ImageFacts } from '../../domain/image-facts.js';
import { factErrorEvidence } from '../evidence.js';
import { inspectorErrors, scanType } from '../facts-view.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import type { Diagnosis, Rule } from '../types.js';

const READ_ACTIONS =
  'inspector2:BatchGetAccountStatus, inspector2:GetConfiguration, inspector2:ListCoverage and inspector2:ListFindings (Resource "*")';

/**
 * INSPECTOR_UNAVAILABLE: Inspector could not be read (denied to the bot, throttled, unreachable). Not fatal:
 * the answer falls back to ECR's view, and this says which checks are missing from it.
 */
export const inspectorUnavailableRule: Rule = {
  id: 'inspector-unavailable',
  evaluate(facts: ImageFacts): Diagnosis[] {
    const type = scanType(facts);
    if (type === 'BASIC') return [];
    if (facts.inspector === undefined) {
      if (type !== 'ENHANCED') return [];
      return [unavailable([], 'Inspector facts were not gathered for this answer.')];
    }
    const errors = inspectorErrors(facts).filter((e) => e.code !== 'NOT_ENABLED');
    if (errors.length === 0) return [];
    return [unavailable(errors, errors.map(describe).join(' '))];
  },
};

function unavailable(errors: FactError[], what: string): Diagnosis {
  const denied = errors.some((e) => e.code === 'ACCESS_DENIED');
  const transient = errors.some((e) => e.code === 'THROTTLED' || e.code === 'UNAVAILABLE');
  const fix: string[] = [];
  if (denied) fix.push(`Allow the bot's role ${READ_ACTIONS}.`);
  if (transient || errors.length === 0) fix.push('Ask again in a minute.');
  if (fix.length === 0) fix.push(`Check that the bot's role may call ${READ_ACTIONS}, then ask again.`);
  return makeDiagnosis('INSPECTOR_UNAVAILABLE', {
    title: 'Inspector could not be read: this answer uses ECR data only',
    cause: `${what} The registry uses enhanced scanning, so Inspector's coverage, re-scan settings and expiry date could not be checked; the rest of this answer comes from ECR alone.`,
    evidence: errors.map(factErrorEvidence),
    fix,
    certainty: 'certain',
  });
}

function describe(e: FactError): string {
  switch (e.code) {
    case 'ACCESS_DENIED':
      return `The bot's role is not allowed to call ${e.operation}.`;
    case 'THROTTLED':
      return `Inspector throttled ${e.operation}.`;
    case 'UNAVAILABLE':
      return `Inspector did not answer ${e.operation} (timeout or server error).`;
    default:
      return `${e.operation} failed (${e.awsName ?? e.code}).`;
  }
}
