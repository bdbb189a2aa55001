import { ECR_SCAN_STATUS_REASONS, SCAN_STATUSES } from '../../domain/aws-values.js';
import type { ImageFacts } from '../../domain/image-facts.js';
import { describeFindingsCommand, listCoverageCommand } from '../commands.js';
import { coverageEvidence, scanStatusEvidence } from '../evidence.js';
import { coverageOf, ecrScan } from '../facts-view.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import type { Diagnosis, Rule } from '../types.js';

const KNOWN_STATUS: readonly string[] = SCAN_STATUSES;
const KNOWN_REASONS: readonly string[] = ECR_SCAN_STATUS_REASONS;
const KNOWN_CODES: readonly string[] = ['ACTIVE', 'INACTIVE'];

/**
 * UNKNOWN_SCAN_STATUS (added code): AWS adds enum values without notice. A value ecrscan does not know is
 * shown as it is, never dropped and never guessed at.
 */
export const unknownStatusRule: Rule = {
  id: 'unknown-status',
  evaluate(facts: ImageFacts): Diagnosis[] {
    const scan = ecrScan(facts);
    const coverage = coverageOf(facts);
    const unknown: string[] = [];
    if (scan && !KNOWN_STATUS.includes(scan.status)) unknown.push(`ECR scan status "${scan.status}"`);
    if (coverage && !KNOWN_REASONS.includes(coverage.reason))
      unknown.push(`Inspector coverage reason "${coverage.reason}"`);
    if (coverage && !KNOWN_CODES.includes(coverage.statusCode))
      unknown.push(`Inspector coverage status "${coverage.statusCode}"`);
    if (unknown.length === 0) return [];
    return [
      makeDiagnosis('UNKNOWN_SCAN_STATUS', {
        title: `Unrecognised scan state: ${unknown.join(', ')}`,
        cause: `AWS returned ${unknown.join(' and ')}, which ecrscan does not know (AWS adds values over time, or the value belongs to another resource type). It is shown as AWS sent it; check the ECR and Inspector documentation for its meaning.`,
        evidence: [...scanStatusEvidence(scan), ...coverageEvidence(coverage)],
        fix: [
          `Look at the raw scan result: ${describeFindingsCommand(facts)}`,
          ...(coverage ? [`And at Inspector's coverage record: ${listCoverageCommand(facts)}`] : []),
          'Tell the ecrscan maintainers about the new value so it gets a proper explanation.',
        ],
        certainty: 'likely',
      }),
    ];
  },
};
