import type { ImageFacts } from '../../domain/image-facts.js';
import { restoreImageCommand } from '../commands.js';
import { coverageEvidence, SOURCES, scanStatusEvidence } from '../evidence.js';
import { coverageOf, ecrScan, ecrStatus } from '../facts-view.js';
import { day, instant } from '../format.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import type { Diagnosis, Evidence, Rule } from '../types.js';

/**
 * IMAGE_ARCHIVED: images in the ECR archive storage class are never scanned (domain.md §1.1, §5.1.10);
 * the only way forward is to restore them, after which Inspector times its window from `lastActivatedAt`.
 */
export const imageArchivedRule: Rule = {
  id: 'image-archived',
  evaluate(facts: ImageFacts): Diagnosis[] {
    const { image } = facts;
    const coverage = coverageOf(facts);
    const archivedSignal =
      image.imageStatus === 'ARCHIVED' ||
      image.imageStatus === 'ACTIVATING' ||
      ecrStatus(facts) === 'IMAGE_ARCHIVED' ||
      coverage?.reason === 'IMAGE_ARCHIVED';
    if (!archivedSignal) return [];

    const evidence: Evidence[] = [
      { label: 'Image status', value: image.imageStatus, source: SOURCES.imageStatus },
      ...(image.lastArchivedAt
        ? [{ label: 'Archived at', value: instant(image.lastArchivedAt), source: SOURCES.lastArchivedAt }]
        : []),
      ...(ecrStatus(facts) === 'IMAGE_ARCHIVED' ? scanStatusEvidence(ecrScan(facts)) : []),
      ...(coverage?.reason === 'IMAGE_ARCHIVED' ? coverageEvidence(coverage) : []),
    ];
    const whenArchived = image.lastArchivedAt ? ` on ${day(image.lastArchivedAt)}` : '';

    if (image.imageStatus === 'ACTIVATING') {
      return [
        makeDiagnosis('IMAGE_ARCHIVED', {
          title: 'Image is being restored from the archive',
          cause: `This image was archived${whenArchived} and its restore is under way (imageStatus ACTIVATING). Archived images are not scanned; scanning can only resume once the image is ACTIVE again, and Inspector then times its re-scan window from the restore (lastActivatedAt).`,
          evidence,
          fix: [
            'Wait until the image status is ACTIVE, then ask again.',
            `Check the status with: aws ecr describe-images --repository-name ${image.repositoryName} --image-ids imageDigest=${image.imageDigest} --filter imageStatus=ANY --region ${facts.target.region}`,
          ],
          certainty: 'certain',
        }),
      ];
    }
    if (image.imageStatus === 'ACTIVE') {
      return [
        makeDiagnosis('IMAGE_ARCHIVED', {
          title: 'Scan results still say archived, but the image is active again',
          cause:
            'The scan status reports IMAGE_ARCHIVED while the image itself is ACTIVE: it was probably restored recently and the scan state has not caught up yet. AWS does not document how long that takes.',
          evidence,
          fix: ['Ask again later; the scan status should follow the restored image.'],
          certainty: 'likely',
        }),
      ];
    }
    return [
      makeDiagnosis('IMAGE_ARCHIVED', {
        title: 'Image is archived: archived images are never scanned',
        cause: `This image is in the ECR archive storage class${whenArchived}. ECR and Inspector do not scan archived images until they are restored.`,
        evidence,
        fix: [
          `Restore the image: ${restoreImageCommand(facts)}`,
          'After the restore finishes (imageStatus ACTIVE), Inspector times its re-scan window from the restore date (lastActivatedAt); under basic scanning, start a fresh scan with aws ecr start-image-scan.',
        ],
        certainty: 'certain',
      }),
    ];
  },
};
