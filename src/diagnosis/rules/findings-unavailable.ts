import type { ImageFacts } from '../../domain/image-facts.js';
import { listCoverageCommand } from '../commands.js';
import { scanStatusEvidence, scanTypeEvidence } from '../evidence.js';
import { ecrScan, ecrStatus } from '../facts-view.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import type { Diagnosis, Rule } from '../types.js';

/** FINDINGS_UNAVAILABLE: an ECR status AWS does not document, so everything said about it is worded as likely. */
export const findingsUnavailableRule: Rule = {
  id: 'findings-unavailable',
  evaluate(facts: ImageFacts): Diagnosis[] {
    if (ecrStatus(facts) !== 'FINDINGS_UNAVAILABLE') return [];
    return [
      makeDiagnosis('FINDINGS_UNAVAILABLE', {
        title: 'ECR cannot show findings for this image (FINDINGS_UNAVAILABLE)',
        cause:
          'ECR reports FINDINGS_UNAVAILABLE. AWS does not document this status; it probably means ECR could not fetch the findings from Inspector, for example after the registry switched between basic and enhanced scanning (scans set up under the old scan type stop being available; switching back makes them available again).',
        evidence: [...scanStatusEvidence(ecrScan(facts)), ...scanTypeEvidence(facts)],
        fix: [
          'Check whether the registry scan type changed recently: aws ecr get-registry-scanning-configuration',
          `Check what Inspector itself knows about the image: ${listCoverageCommand(facts)}`,
          'Ask again later; if the status stays, ask AWS Support: the status is not documented.',
        ],
        certainty: 'likely',
      }),
    ];
  },
};
