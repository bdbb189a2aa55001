/**
 * Inspector's coverage view of a registry. Inspector covers ECR only where the registry uses ENHANCED
 * scanning and Inspector's ECR scanning is ENABLED; otherwise it lists no ECR resources (our choice for a
 * disabled account, UNVERIFIED: real Inspector might answer AccessDenied instead).
 */
import { effectiveScanning } from '../scan-rules.js';
import type { CoverageRecord, SandboxImage, SandboxRegistry, SandboxRepository } from '../world.js';
import { imageArn, repositoryArn } from '../world.js';

export function inspectorCoversEcr(registry: SandboxRegistry): boolean {
  return registry.scanType === 'ENHANCED' && registry.inspector.ecrStatus === 'ENABLED';
}

/** Scan-on-push images that scanned fine show SCAN_FREQUENCY_SCAN_ON_PUSH; the status code for that is UNVERIFIED. */
export function imageCoverage(
  registry: SandboxRegistry,
  repository: SandboxRepository,
  image: SandboxImage,
): CoverageRecord {
  if (image.imageStatus !== 'ACTIVE')
    return { statusCode: 'INACTIVE', reason: 'IMAGE_ARCHIVED', lastScannedAt: image.coverage?.lastScannedAt };
  const { frequency } = effectiveScanning(registry, repository.name);
  if (frequency === 'MANUAL') return { statusCode: 'INACTIVE', reason: 'SCAN_FREQUENCY_MANUAL' };
  return image.coverage ?? { statusCode: 'ACTIVE', reason: 'PENDING_INITIAL_SCAN' };
}

export interface CoverageItem {
  resourceType: 'AWS_ECR_REPOSITORY' | 'AWS_ECR_CONTAINER_IMAGE';
  resourceId: string;
  accountId: string;
  repositoryName: string;
  scanFrequency: string;
  statusCode: string;
  reason: string;
  tags: readonly string[];
  image?: SandboxImage;
  lastScannedAt?: Date;
}

export function repositoryItem(registry: SandboxRegistry, repository: SandboxRepository): CoverageItem {
  const { frequency } = effectiveScanning(registry, repository.name);
  const manual = frequency === 'MANUAL';
  return {
    resourceType: 'AWS_ECR_REPOSITORY',
    resourceId: repositoryArn(registry, repository.name),
    accountId: registry.accountId,
    repositoryName: repository.name,
    scanFrequency: frequency,
    statusCode: manual ? 'INACTIVE' : 'ACTIVE',
    reason: manual ? 'SCAN_FREQUENCY_MANUAL' : 'SUCCESSFUL',
    tags: [],
  };
}

export function imageItem(registry: SandboxRegistry, repository: SandboxRepository, image: SandboxImage): CoverageItem {
  const coverage = imageCoverage(registry, repository, image);
  return {
    resourceType: 'AWS_ECR_CONTAINER_IMAGE',
    resourceId: imageArn(registry, repository.name, image.digest),
    accountId: registry.accountId,
    repositoryName: repository.name,
    scanFrequency: effectiveScanning(registry, repository.name).frequency,
    statusCode: coverage.statusCode,
    reason: coverage.reason,
    tags: image.tags,
    image,
    lastScannedAt: coverage.lastScannedAt,
  };
}

export function coveredResource(item: CoverageItem) {
  const ecrRepository = { name: item.repositoryName, scanFrequency: item.scanFrequency };
  const image = item.image;
  return {
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    accountId: item.accountId,
    scanType: 'PACKAGE',
    scanStatus: { statusCode: item.statusCode, reason: item.reason },
    resourceMetadata: image
      ? {
          ecrRepository,
          ecrImage: {
            tags: image.tags,
            imagePulledAt: image.lastRecordedPullTime,
            lastInUseAt: image.lastInUseAt,
            inUseCount: image.inUseCount,
          },
        }
      : { ecrRepository },
    lastScannedAt: item.lastScannedAt,
  };
}
