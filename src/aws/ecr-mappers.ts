/** ECR SDK output → domain facts. Required-by-contract fields that AWS might still omit get explicit fallbacks. */
import type {
  DescribeImageScanFindingsCommandOutput,
  ImageFailure,
  RegistryScanningConfiguration,
  Repository,
  ScanningRepositoryFilter,
  Image as SdkImage,
  ImageDetail as SdkImageDetail,
  RepositoryScanningConfiguration as SdkRepositoryScanningConfiguration,
} from '@aws-sdk/client-ecr';
import type {
  ImageDetail,
  ManifestFailure,
  ManifestRecord,
  RegistryScanningConfig,
  RepositoryDetail,
  RepositoryFilter,
  RepositoryScanningConfig,
  ScanFindings,
} from '../domain/facts.js';
import { compact } from './compact.js';
import { mapBasicFinding, mapEnhancedFinding } from './finding-mappers.js';

export function mapImageDetail(detail: SdkImageDetail): ImageDetail {
  return compact({
    registryId: detail.registryId ?? '',
    repositoryName: detail.repositoryName ?? '',
    imageDigest: detail.imageDigest ?? '',
    imageTags: detail.imageTags ?? [],
    imageSizeInBytes: detail.imageSizeInBytes,
    imagePushedAt: detail.imagePushedAt,
    imageManifestMediaType: detail.imageManifestMediaType,
    artifactMediaType: detail.artifactMediaType,
    lastRecordedPullTime: detail.lastRecordedPullTime,
    subjectManifestDigest: detail.subjectManifestDigest,
    // Answers from before image archiving leave it out; only ACTIVE images existed then.
    imageStatus: detail.imageStatus ?? 'ACTIVE',
    lastArchivedAt: detail.lastArchivedAt,
    lastActivatedAt: detail.lastActivatedAt,
  });
}

/** Merges the pages of one DescribeImageScanFindings call: status and counts are per image, findings per page. */
export function mapScanFindings(pages: DescribeImageScanFindingsCommandOutput[]): ScanFindings {
  const first = pages[0];
  const summary = first?.imageScanFindings;
  return compact({
    status: first?.imageScanStatus?.status ?? 'UNKNOWN',
    description: first?.imageScanStatus?.description,
    imageScanCompletedAt: summary?.imageScanCompletedAt,
    vulnerabilitySourceUpdatedAt: summary?.vulnerabilitySourceUpdatedAt,
    severityCounts: { ...(summary?.findingSeverityCounts ?? {}) } as Record<string, number>,
    findings: pages.flatMap((page) => [
      ...(page.imageScanFindings?.findings ?? []).map(mapBasicFinding),
      ...(page.imageScanFindings?.enhancedFindings ?? []).map(mapEnhancedFinding),
    ]),
  });
}

export function mapManifest(image: SdkImage): ManifestRecord {
  return compact({
    imageDigest: image.imageId?.imageDigest,
    imageTag: image.imageId?.imageTag,
    mediaType: image.imageManifestMediaType,
    manifest: image.imageManifest ?? '',
  });
}

export function mapManifestFailure(failure: ImageFailure): ManifestFailure {
  return compact({
    imageDigest: failure.imageId?.imageDigest,
    imageTag: failure.imageId?.imageTag,
    failureCode: failure.failureCode ?? 'UNKNOWN',
    failureReason: failure.failureReason,
  });
}

export function mapRegistryScanning(
  registryId: string | undefined,
  config: RegistryScanningConfiguration | undefined,
): RegistryScanningConfig {
  return {
    registryId: registryId ?? '',
    // With no configuration a registry uses BASIC (domain.md §2.1).
    scanType: config?.scanType ?? 'BASIC',
    rules: (config?.rules ?? []).map((rule) => ({
      scanFrequency: rule.scanFrequency ?? 'MANUAL',
      repositoryFilters: mapFilters(rule.repositoryFilters),
    })),
  };
}

export function mapRepositoryScanning(config: SdkRepositoryScanningConfiguration): RepositoryScanningConfig {
  return compact({
    repositoryName: config.repositoryName ?? '',
    repositoryArn: config.repositoryArn,
    scanOnPush: config.scanOnPush ?? false,
    scanFrequency: config.scanFrequency ?? 'MANUAL',
    appliedScanFilters: mapFilters(config.appliedScanFilters),
  });
}

export function mapRepository(repo: Repository): RepositoryDetail {
  return compact({
    registryId: repo.registryId ?? '',
    repositoryName: repo.repositoryName ?? '',
    repositoryArn: repo.repositoryArn ?? '',
    repositoryUri: repo.repositoryUri ?? '',
    createdAt: repo.createdAt,
    encryptionType: repo.encryptionConfiguration?.encryptionType,
    kmsKey: repo.encryptionConfiguration?.kmsKey,
    imageTagMutability: repo.imageTagMutability,
  });
}

function mapFilters(filters: ScanningRepositoryFilter[] | undefined): RepositoryFilter[] {
  return (filters ?? []).map((f) => ({ filter: f.filter ?? '', filterType: f.filterType ?? 'WILDCARD' }));
}
