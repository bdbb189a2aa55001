/** ECR wire shapes of sandbox state (ImageDetail, Repository). Dates stay Dates; the protocol writes epoch seconds. */
import type { SandboxImage, SandboxRegistry, SandboxRepository } from '../world.js';
import { repositoryArn, repositoryUri } from '../world.js';

/**
 * One DescribeImages `imageDetails` entry. `imageScanStatus` and `imageScanFindingsSummary` are left out:
 * AWS-native basic scanning does not fill them, and users report the same for enhanced (domain.md §3.1).
 */
export function imageDetail(registry: SandboxRegistry, repositoryName: string, image: SandboxImage) {
  return {
    registryId: registry.accountId,
    repositoryName,
    imageDigest: image.digest,
    imageTags: image.tags.length > 0 ? image.tags : undefined,
    imageSizeInBytes: image.sizeInBytes,
    imagePushedAt: image.pushedAt,
    imageManifestMediaType: image.manifestMediaType,
    artifactMediaType: image.artifactMediaType,
    lastRecordedPullTime: image.lastRecordedPullTime,
    subjectManifestDigest: image.subjectManifestDigest,
    imageStatus: image.imageStatus,
    lastArchivedAt: image.lastArchivedAt,
    lastActivatedAt: image.lastActivatedAt,
  };
}

export function repositoryWire(registry: SandboxRegistry, repository: SandboxRepository) {
  return {
    repositoryArn: repositoryArn(registry, repository.name),
    registryId: registry.accountId,
    repositoryName: repository.name,
    repositoryUri: repositoryUri(registry, repository.name),
    createdAt: repository.createdAt,
    imageTagMutability: repository.imageTagMutability,
    imageScanningConfiguration: { scanOnPush: repository.scanOnPush },
    encryptionConfiguration: { encryptionType: repository.encryptionType, kmsKey: repository.kmsKey },
  };
}
