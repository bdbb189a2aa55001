import type { ImageFacts } from '../../domain/image-facts.js';
import { describeFindingsCommand, waitForScanCommand } from '../commands.js';
import { coverageEvidence, scanStatusEvidence } from '../evidence.js';
import { coverageOf, ecrScan, ecrStatus, isEnhanced } from '../facts-view.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import type { Diagnosis, Rule } from '../types.js';

/**
 * SCAN_PENDING: ECR PENDING, Inspector PENDING_INITIAL_SCAN, or PENDING_REVIVAL_SCAN, which AWS does not
 * document (our reading: an expired image became eligible again and waits for its rescan).
 */
export const scanPendingRule: Rule = {
  id: 'scan-pending',
  evaluate(facts: ImageFacts): Diagnosis[] {
    const coverage = coverageOf(facts);
    const ecrPending = ecrStatus(facts) === 'PENDING';
    const initial = coverage?.reason === 'PENDING_INITIAL_SCAN';
    const revival = coverage?.reason === 'PENDING_REVIVAL_SCAN';
    if (!ecrPending && !initial && !revival) return [];

    const evidence = [
      ...(ecrPending ? scanStatusEvidence(ecrScan(facts)) : []),
      ...(initial || revival ? coverageEvidence(coverage) : []),
    ];
    const fix = isEnhanced(facts)
      ? [`Ask again in a few minutes, or check the findings directly: ${describeFindingsCommand(facts)}`]
      : [`Wait for the scan to finish: ${waitForScanCommand(facts)}`, 'Then ask again.'];

    if (revival && !ecrPending && !initial) {
      return [
        makeDiagnosis('SCAN_PENDING', {
          title: 'Waiting for a new scan (PENDING_REVIVAL_SCAN)',
          cause:
            'Inspector reports PENDING_REVIVAL_SCAN. AWS does not document this reason; it probably means the image had stopped being scanned, became eligible again (after a push or a pull), and is queued for a new scan.',
          evidence,
          fix,
          certainty: 'likely',
        }),
      ];
    }
    return [
      makeDiagnosis('SCAN_PENDING', {
        title: 'The scan has not started yet',
        cause: initial
          ? 'Inspector has found the image and queued its first scan (PENDING_INITIAL_SCAN); results follow once it runs.'
          : 'ECR has queued the scan but not started it yet (PENDING); results follow once it runs.',
        evidence,
        fix,
        certainty: 'certain',
      }),
    ];
  },
};
