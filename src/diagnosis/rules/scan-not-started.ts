import type { ImageFacts } from '../../domain/image-facts.js';
import { listCoverageCommand, startImageScanCommand, waitForScanCommand } from '../commands.js';
import { frequencyEvidence, pushedAtEvidence, scanNotFoundEvidence, scanTypeEvidence } from '../evidence.js';
import { coverageOf, effectiveFrequency, isEnhanced, scanNotFound } from '../facts-view.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import type { Diagnosis, Rule } from '../types.js';

/**
 * SCAN_NOT_STARTED: ECR has no scan of the image (ScanNotFoundException) although a scan-on-push or continuous
 * rule covers the repository, or although ecrscan cannot tell whether one does.
 */
export const scanNotStartedRule: Rule = {
  id: 'scan-not-started',
  evaluate(facts: ImageFacts): Diagnosis[] {
    if (!scanNotFound(facts)) return [];
    const freq = effectiveFrequency(facts);
    if (freq.frequency === 'MANUAL') return [];
    const enhanced = isEnhanced(facts);
    // Inspector already covers the image: ECR's scan record merely lags behind.
    const reason = coverageOf(facts)?.reason;
    if (enhanced && (reason === 'SUCCESSFUL' || reason === 'SCAN_FREQUENCY_SCAN_ON_PUSH')) return [];
    const evidence = [
      ...scanNotFoundEvidence(facts),
      ...scanTypeEvidence(facts),
      ...frequencyEvidence(freq),
      ...pushedAtEvidence(facts),
      ...(enhanced && facts.inspector?.coverage.ok && coverageOf(facts) === undefined
        ? [{ label: 'Inspector coverage record', value: 'none for this image', source: 'inspector2:ListCoverage' }]
        : []),
    ];

    if (freq.frequency === undefined) {
      return [
        makeDiagnosis('SCAN_NOT_STARTED', {
          title: 'This image has never been scanned',
          cause:
            'ECR has no scan of this image (ScanNotFoundException), and ecrscan could not read the scanning configuration, so it cannot tell whether any rule should have scanned it.',
          evidence,
          fix: [
            'Give the bot ecr:GetRegistryScanningConfiguration and ecr:BatchGetRepositoryScanningConfiguration so it can tell why; for another account, use a role in that account (these calls take no registry id).',
            `Under basic scanning, scan it now: ${startImageScanCommand(facts)}`,
          ],
          certainty: 'likely',
        }),
      ];
    }
    const rule = freq.frequency === 'CONTINUOUS_SCAN' ? 'a continuous-scan' : 'a scan-on-push';
    if (enhanced) {
      return [
        makeDiagnosis('SCAN_NOT_STARTED', {
          title: 'No scan exists for this image, although enhanced scanning covers the repository',
          cause: `The repository matches ${rule} filter, yet ECR has no scan of this image (ScanNotFoundException) and Inspector has not picked it up. It was probably pushed before enhanced scanning covered the repository: when scanning starts, Inspector only picks up images pushed in the last 14 days (one AWS page says 30).`,
          evidence,
          fix: [
            'Push a rebuilt image (a new digest): new pushes are scanned. Enhanced scanning has no "scan now" API.',
            `Check what Inspector knows about the image: ${listCoverageCommand(facts)}`,
          ],
          certainty: 'likely',
        }),
      ];
    }
    return [
      makeDiagnosis('SCAN_NOT_STARTED', {
        title: 'No scan exists for this image, although a scan-on-push rule covers the repository',
        cause:
          'The repository matches a scan-on-push filter, yet ECR has no scan of this image (ScanNotFoundException). Scan on push only scans images as they are pushed, so the image was probably pushed before the rule covered the repository, or its scan never started.',
        evidence,
        fix: [
          `Scan it now (one scan per image per 24 hours): ${startImageScanCommand(facts)}`,
          `Wait for the result: ${waitForScanCommand(facts)}`,
        ],
        certainty: 'certain',
      }),
    ];
  },
};
