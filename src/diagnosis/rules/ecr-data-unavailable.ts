import type { FactError, ImageFacts } from '../../domain/image-facts.js';
import { listFindingsCommand } from '../commands.js';
import { coverageEvidence, factErrorEvidence, scanNotFoundEvidence } from '../evidence.js';
import { coverageOf, scanNotFound } from '../facts-view.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import type { Diagnosis, Rule } from '../types.js';

/**
 * ECR_DATA_UNAVAILABLE (added code): the bot could not read the scan result or the registry's scanning
 * configuration. Without them any "all is well" would be a guess, so the gap is itself a diagnosis.
 */
export const ecrDataUnavailableRule: Rule = {
  id: 'ecr-data-unavailable',
  evaluate(facts: ImageFacts): Diagnosis[] {
    const errors: FactError[] = [];
    if (!facts.scan.ok && facts.scan.error.code !== 'SCAN_NOT_FOUND') errors.push(facts.scan.error);
    if (!facts.registryScanning.ok) errors.push(facts.registryScanning.error);
    if (errors.length === 0) return scanMissingButCovered(facts);

    const denied = errors.filter((e) => e.code === 'ACCESS_DENIED');
    const transient = errors.some((e) => e.code === 'THROTTLED' || e.code === 'UNAVAILABLE');
    const fix: string[] = [];
    if (denied.length > 0) {
      fix.push(`Allow the bot's role ${denied.map((e) => e.operation).join(' and ')}.`);
    }
    if (!facts.registryScanning.ok) {
      fix.push(
        "A registry's scanning configuration can only be read from inside its own account (the call takes no registry id): for another account, configure a role the bot assumes there.",
      );
    }
    if (transient || denied.length === 0) fix.push('Ask again in a minute.');
    const what = errors.map((e) => `${e.operation} failed (${e.awsName ?? e.code}: ${e.message})`).join('; ');
    return [
      makeDiagnosis('ECR_DATA_UNAVAILABLE', {
        title: 'Part of the ECR data could not be read: this answer is incomplete',
        cause: `${what}. Without it ecrscan cannot fully tell how this image is scanned, so the other findings in this answer may be incomplete.`,
        evidence: errors.map(factErrorEvidence),
        fix,
        certainty: 'certain',
      }),
    ];
  },
};

/** ECR has no scan record while Inspector reports a successful scan: the findings exist, but not through ECR. */
function scanMissingButCovered(facts: ImageFacts): Diagnosis[] {
  const coverage = coverageOf(facts);
  if (!scanNotFound(facts) || coverage?.reason !== 'SUCCESSFUL' || facts.inspector?.findings?.ok) return [];
  return [
    makeDiagnosis('ECR_DATA_UNAVAILABLE', {
      title: 'ECR has no scan result, although Inspector reports this image as scanned',
      cause:
        'ECR returns no scan for this image (ScanNotFoundException) while Inspector reports it as actively scanned (SUCCESSFUL). The findings probably exist in Inspector but could not be read through ECR, so ecrscan cannot count them.',
      evidence: [...scanNotFoundEvidence(facts), ...coverageEvidence(coverage)],
      fix: [`Read the findings from Inspector directly: ${listFindingsCommand(facts)}`, 'Ask again later.'],
      certainty: 'likely',
    }),
  ];
}
