import type { ImageFacts } from '../../domain/image-facts.js';
import { startImageScanCommand } from '../commands.js';
import { scanStatusEvidence, scanTypeEvidence } from '../evidence.js';
import { ecrScan, ecrStatus } from '../facts-view.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import type { Diagnosis, Rule } from '../types.js';

/** LIMIT_EXCEEDED: an ECR status AWS does not document; the likely cause is one of the basic-scan quotas. */
export const limitExceededRule: Rule = {
  id: 'limit-exceeded',
  evaluate(facts: ImageFacts): Diagnosis[] {
    if (ecrStatus(facts) !== 'LIMIT_EXCEEDED') return [];
    return [
      makeDiagnosis('LIMIT_EXCEEDED', {
        title: 'Scan refused: a scan quota was probably hit (LIMIT_EXCEEDED)',
        cause:
          'ECR reports LIMIT_EXCEEDED. AWS does not document this status; it probably means a basic-scan quota was hit: one scan per image per 24 hours (the scan on push counts), or 100,000 scans per registry per 24 hours. Neither quota can be raised.',
        evidence: [...scanStatusEvidence(ecrScan(facts)), ...scanTypeEvidence(facts)],
        fix: [
          `Wait 24 hours after the last scan of this image, then scan again: ${startImageScanCommand(facts)}`,
          'If many images hit this at once, spread manual or scripted scans over the day: the registry-wide quota counts scans on push too.',
        ],
        certainty: 'likely',
      }),
    ];
  },
};
