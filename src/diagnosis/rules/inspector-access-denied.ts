import type { ImageFacts } from '../../domain/image-facts.js';
import { coverageEvidence, SOURCES } from '../evidence.js';
import { coverageOf } from '../facts-view.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import type { Diagnosis, Rule } from '../types.js';

/**
 * INSPECTOR_ACCESS_DENIED (added code): coverage reason ACCESS_DENIED on a repository that is not KMS-encrypted:
 * a resource policy blocks Inspector. (With a KMS-encrypted repository the key is the likelier cause:
 * KMS_ACCESS_DENIED.)
 */
export const inspectorAccessDeniedRule: Rule = {
  id: 'inspector-access-denied',
  evaluate(facts: ImageFacts): Diagnosis[] {
    const coverage = coverageOf(facts);
    if (coverage?.reason !== 'ACCESS_DENIED') return [];
    const encryption = facts.repository?.encryptionType;
    if (encryption?.toUpperCase().startsWith('KMS')) return [];
    const region = facts.target.region;
    return [
      makeDiagnosis('INSPECTOR_ACCESS_DENIED', {
        title: 'A policy blocks Inspector from reading this image',
        cause:
          'Inspector reports ACCESS_DENIED: a resource access policy stops Inspector from reading the image, so it is not scanned.',
        evidence: [
          ...coverageEvidence(coverage),
          ...(encryption
            ? [{ label: 'Repository encryption', value: encryption, source: SOURCES.encryptionType }]
            : []),
        ],
        fix: [
          `Look for Deny statements in the registry policy: aws ecr get-registry-policy --region ${region}`,
          `And in the repository policy: aws ecr get-repository-policy --repository-name ${facts.image.repositoryName} --region ${region}`,
          "Remove or narrow the Deny, then push a rebuilt image or ask again later. Note that denying ecr:* or ecr:PutRegistryScanningConfiguration in the registry policy also breaks enabling and disabling Inspector's ECR scanning.",
        ],
        certainty: 'certain',
      }),
    ];
  },
};
