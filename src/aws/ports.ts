/**
 * Ports: what the rest of ecrscan may ask of AWS. One instance per target (account + Region).
 * Every method returns domain facts (`domain/facts.ts`) and fails only with `AwsError`.
 * Paged reads are async iterables of pages so callers can stream without holding a registry in memory.
 */
import type {
  AccountEcrStatus,
  ImageCoverage,
  ImageDetail,
  ImageIdentifier,
  ImageSeverityCounts,
  InspectorEcrConfig,
  ManifestFailure,
  ManifestRecord,
  RegistryScanningConfig,
  RepositoryDetail,
  RepositoryScanningConfig,
  ScanFindings,
  VulnerabilityFinding,
} from '../domain/facts.js';

export type StartScanOutcome =
  | { kind: 'started'; status: string; description?: string }
  /** The 24-hour quota: an answer, not an error (platform.md §6.1). Never retried. */
  | { kind: 'limit-exceeded'; message: string };

export interface EcrPort {
  /** DescribeImages for one image with `imageStatus: ANY`, so archived images are found. */
  describeImage(repositoryName: string, imageId: ImageIdentifier): Promise<ImageDetail>;
  /** Every image of a repository (`imageStatus: ANY`), in pages of up to 1000. */
  describeImages(
    repositoryName: string,
    opts?: { tagStatus?: 'TAGGED' | 'UNTAGGED' | 'ANY' },
  ): AsyncIterable<ImageDetail[]>;
  /** All pages of DescribeImageScanFindings merged (maxResults 1000). Fails with SCAN_NOT_FOUND when never scanned. */
  describeImageScanFindings(repositoryName: string, imageId: ImageIdentifier): Promise<ScanFindings>;
  /** BatchGetImage accepting manifest lists and OCI indexes as they are. */
  batchGetImage(
    repositoryName: string,
    imageIds: ImageIdentifier[],
  ): Promise<{ images: ManifestRecord[]; failures: ManifestFailure[] }>;
  /** GetDownloadUrlForLayer, also used for the image config blob (its digest is a "layer" to ECR). */
  getDownloadUrlForLayer(repositoryName: string, layerDigest: string): Promise<string>;
  /** Downloads a blob from a presigned URL, reading at most `maxBytes` (fails beyond). */
  fetchBlob(url: string, maxBytes: number): Promise<Uint8Array>;
  /** Streams a blob from a presigned URL; the caller may stop early (layers can be huge). */
  streamBlob(url: string): AsyncIterable<Uint8Array>;
  getRegistryScanningConfiguration(): Promise<RegistryScanningConfig>;
  /** BatchGetRepositoryScanningConfiguration, split into calls of 25. Unknown names land in `notFound`. */
  getRepositoryScanningConfigurations(
    repositoryNames: string[],
  ): Promise<{ configs: RepositoryScanningConfig[]; notFound: string[] }>;
  /** DescribeRepositories: the named ones, or every repository when `names` is omitted, in pages of up to 1000. */
  describeRepositories(names?: string[]): AsyncIterable<RepositoryDetail[]>;
  /** StartImageScan, made once (no retry on LimitExceededException). */
  startImageScan(repositoryName: string, imageId: ImageIdentifier): Promise<StartScanOutcome>;
}

export interface CoverageFilter {
  resourceId?: string;
  repositoryName?: string;
  /** `ecrImageTags EQUALS`: finds an image's coverage by tag without knowing its digest. */
  imageTag?: string;
  accountId?: string;
  statusCode?: 'ACTIVE' | 'INACTIVE';
  reason?: string;
}

export interface FindingsFilter {
  resourceId?: string;
  repositoryName?: string;
  imageHash?: string;
  accountId?: string;
  /** Defaults to ACTIVE findings only. */
  status?: string;
}

export interface SeverityCountsFilter {
  accountId?: string;
  repositoryName?: string;
  /** At most 10 (the API's limit for one filter list). */
  imageDigests?: readonly string[];
}

export interface InspectorPort {
  getConfiguration(): Promise<InspectorEcrConfig>;
  /** ListCoverage for ECR images (`resourceType = AWS_ECR_CONTAINER_IMAGE`), pages of up to 200. */
  listCoverage(filter?: CoverageFilter): AsyncIterable<ImageCoverage[]>;
  /** ListFindings for ECR images, pages of up to 100. */
  listFindings(filter?: FindingsFilter): AsyncIterable<VulnerabilityFinding[]>;
  /**
   * ListFindingAggregations (`AWS_ECR_CONTAINER`), pages of up to 100: ACTIVE finding counts of the images that
   * have findings. An image with none is not listed. Needs `inspector2:ListFindingAggregations` (optional).
   */
  listImageSeverityCounts(filter: SeverityCountsFilter): AsyncIterable<ImageSeverityCounts[]>;
  /** BatchGetAccountStatus; with no ids, the caller's own account. */
  batchGetAccountStatus(accountIds?: string[]): Promise<AccountEcrStatus[]>;
}

/** Where to send AWS calls: an account and Region, optionally reached by assuming a role. */
export interface Target {
  name: string;
  region: string;
  accountId?: string;
  roleArn?: string;
}

export interface AwsPorts {
  target: Target;
  ecr: EcrPort;
  inspector: InspectorPort;
}
