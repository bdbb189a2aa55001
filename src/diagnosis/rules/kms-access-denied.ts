import type { ImageFacts } from '../../domain/image-facts.js';
import { keyPolicyCommand } from '../commands.js';
import { coverageEvidence, SOURCES, scanStatusEvidence } from '../evidence.js';
import { coverageOf, ecrScan, ecrStatus } from '../facts-view.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import type { Diagnosis, Evidence, Rule } from '../types.js';

/**
 * KMS_ACCESS_DENIED: the repository's KMS key policy does not let Inspector use the key, so Inspector cannot
 * read the image (coverage ACCESS_DENIED_TO_ENCRYPTION_KEY). A plain ACCESS_DENIED on a KMS-encrypted
 * repository is probably the same thing, and is worded as likely.
 */
export const kmsAccessDeniedRule: Rule = {
  id: 'kms-access-denied',
  evaluate(facts: ImageFacts): Diagnosis[] {
    const coverage = coverageOf(facts);
    const repo = facts.repository;
    const kms = repo?.encryptionType?.toUpperCase().startsWith('KMS') ?? false;
    const exact = coverage?.reason === 'ACCESS_DENIED_TO_ENCRYPTION_KEY';
    const probable = coverage?.reason === 'ACCESS_DENIED' && kms;
    if (!exact && !probable) return [];

    const evidence: Evidence[] = [
      ...coverageEvidence(coverage),
      ...(repo?.encryptionType
        ? [{ label: 'Repository encryption', value: repo.encryptionType, source: SOURCES.encryptionType }]
        : []),
      ...(repo?.kmsKey ? [{ label: 'KMS key', value: repo.kmsKey, source: SOURCES.kmsKey }] : []),
      ...(ecrStatus(facts) === 'FAILED' ? scanStatusEvidence(ecrScan(facts)) : []),
    ];
    const key = repo?.kmsKey;
    const fix = [
      key
        ? `Read the key policy of ${key}: ${keyPolicyCommand(key, facts.target.region)}`
        : `Find the repository's KMS key: aws ecr describe-repositories --repository-names ${facts.image.repositoryName} --region ${facts.target.region}`,
      "Change the key policy so that Amazon Inspector is allowed to use the key for this repository's images. ecrscan does not reproduce the exact statement: take it from the Amazon Inspector and Amazon ECR documentation on KMS-encrypted repositories.",
      'Then push a rebuilt image, or ask again later: AWS does not document whether Inspector retries on its own after the policy changes.',
      ...(probable
        ? [
            'If the key policy already allows Inspector, the denial comes from elsewhere: check the registry policy (aws ecr get-registry-policy) and the repository policy (aws ecr get-repository-policy).',
          ]
        : []),
    ];
    return [
      makeDiagnosis('KMS_ACCESS_DENIED', {
        title: "Inspector cannot decrypt this repository's images (KMS key policy)",
        cause: exact
          ? `The repository is encrypted with a KMS key${key ? ` (${key})` : ''} whose key policy does not allow Amazon Inspector to use it, so Inspector cannot read the image to scan it.`
          : `Inspector reports ACCESS_DENIED for an image in a KMS-encrypted repository${key ? ` (key ${key})` : ''}. It does not say which policy denied it; the KMS key policy is the most likely one.`,
        evidence,
        fix,
        certainty: exact ? 'certain' : 'likely',
      }),
    ];
  },
};
