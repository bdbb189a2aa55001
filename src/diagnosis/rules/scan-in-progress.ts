import type { ImageFacts } from '../../domain/image-facts.js';
import { describeFindingsCommand, waitForScanCommand } from '../commands.js';
import { coverageEvidence, scanStatusEvidence } from '../evidence.js';
import { coverageOf, ecrScan, ecrStatus, isEnhanced } from '../facts-view.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import type { Diagnosis, Rule } from '../types.js';

/** SCAN_IN_PROGRESS: ECR IN_PROGRESS or Inspector SCAN_IN_PROGRESS; nothing is wrong, the answer is "soon". */
export const scanInProgressRule: Rule = {
  id: 'scan-in-progress',
  evaluate(facts: ImageFacts): Diagnosis[] {
    const coverage = coverageOf(facts);
    const ecrSays = ecrStatus(facts) === 'IN_PROGRESS';
    const inspectorSays = coverage?.reason === 'SCAN_IN_PROGRESS';
    if (!ecrSays && !inspectorSays) return [];
    return [
      makeDiagnosis('SCAN_IN_PROGRESS', {
        title: 'The scan is running',
        cause: `${inspectorSays ? 'Inspector' : 'ECR'} is scanning this image right now; the findings appear when it finishes.`,
        evidence: [
          ...(ecrSays ? scanStatusEvidence(ecrScan(facts)) : []),
          ...(inspectorSays ? coverageEvidence(coverage) : []),
        ],
        fix: isEnhanced(facts)
          ? [`Ask again in a few minutes, or check the findings directly: ${describeFindingsCommand(facts)}`]
          : [`Wait for the scan to finish: ${waitForScanCommand(facts)}`, 'Then ask again.'],
        certainty: 'certain',
      }),
    ];
  },
};
