import type { ImageFacts } from '../../domain/image-facts.js';
import { pullImageCommand, startImageScanCommand } from '../commands.js';
import { coverageEvidence, scanStatusEvidence, scanTypeEvidence } from '../evidence.js';
import { coverageOf, ecrScan, isEnhanced } from '../facts-view.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import type { Diagnosis, Evidence, Rule } from '../types.js';

/**
 * SCAN_FAILED: ECR FAILED for a reason other than an unsupported image (that one is UNSUPPORTED_IMAGE), and
 * Inspector's IMAGE_SIZE_EXCEEDED, which AWS documents only as "reserved for future use".
 */
export const scanFailedRule: Rule = {
  id: 'scan-failed',
  evaluate(facts: ImageFacts): Diagnosis[] {
    const out: Diagnosis[] = [];
    const scan = ecrScan(facts);
    const enhanced = isEnhanced(facts);
    if (scan?.status === 'FAILED' && !(scan.description ?? '').startsWith('UnsupportedImageError')) {
      const said = scan.description ? `"${scan.description}"` : 'no description';
      out.push(
        makeDiagnosis('SCAN_FAILED', {
          title: 'The scan failed',
          cause: `ECR reports the scan as FAILED with ${said}. This is not the unsupported-OS failure; AWS does not document the other failure descriptions, so the description is the best clue.`,
          evidence: [...scanStatusEvidence(scan), ...scanTypeEvidence(facts)],
          fix: enhanced
            ? [
                'Enhanced scanning has no "scan now" API: push a rebuilt image (a new digest) to get a new scan.',
                `Check that the image can be pulled at all: ${pullImageCommand(facts)}`,
              ]
            : [
                `Start a new basic scan (at most one per image per 24 hours, and the scan on push counts): ${startImageScanCommand(facts)}`,
                `Check that the image can be pulled at all: ${pullImageCommand(facts)}`,
                'If it fails again with the same description, ask AWS Support with the description above.',
              ],
          certainty: 'certain',
        }),
      );
    }
    const coverage = coverageOf(facts);
    if (coverage?.reason === 'IMAGE_SIZE_EXCEEDED') {
      const evidence: Evidence[] = [...coverageEvidence(coverage)];
      if (facts.image.imageSizeInBytes !== undefined) {
        evidence.push({
          label: 'Image size (compressed)',
          value: `${facts.image.imageSizeInBytes} bytes`,
          source: 'ecr:DescribeImages imageDetails[].imageSizeInBytes',
        });
      }
      out.push(
        makeDiagnosis('SCAN_FAILED', {
          title: 'Inspector did not scan this image (IMAGE_SIZE_EXCEEDED)',
          cause:
            'Inspector reports IMAGE_SIZE_EXCEEDED. AWS documents this reason only as "reserved for future use", so its meaning is not defined; it probably means the image is larger than Inspector will scan.',
          evidence,
          fix: [
            'Make the image smaller (multi-stage build, fewer and smaller layers) and push it as a new digest.',
            'If a smaller image shows the same reason, ask AWS Support: the value is not documented.',
          ],
          certainty: 'likely',
        }),
      );
    }
    return out;
  },
};
