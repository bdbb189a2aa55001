/**
 * Domain facts: what the AWS adapters return and what the diagnosis rules read.
 * Plain data (Dates, strings, numbers), no SDK types: adapters map SDK output into these shapes,
 * the sandbox and tests can build them by hand. Optional fields are optional because AWS leaves them out.
 */
import type {
  EcrPullDateRescanDuration,
  EcrPullDateRescanMode,
  EcrRescanDuration,
  ImageStatus,
  RescanDurationStatus,
  ScanFrequency,
  ScanType,
} from './aws-values.js';

/** Widens a literal union with "any other string": AWS adds enum values without notice. */
export type Open<T extends string> = T | (string & {});

export interface ImageIdentifier {
  imageDigest?: string;
  imageTag?: string;
}

/** One `ImageDetail` of ECR DescribeImages (domain.md §3.1). */
export interface ImageDetail {
  registryId: string;
  repositoryName: string;
  imageDigest: string;
  imageTags: string[];
  imageSizeInBytes?: number;
  imagePushedAt?: Date;
  imageManifestMediaType?: string;
  artifactMediaType?: string;
  lastRecordedPullTime?: Date;
  /** Set on referrer artifacts (signatures, SBOMs). */
  subjectManifestDigest?: string;
  imageStatus: Open<ImageStatus>;
  lastArchivedAt?: Date;
  lastActivatedAt?: Date;
}

/**
 * One image's ACTIVE Inspector finding counts (ListFindingAggregations, AWS_ECR_CONTAINER). The API counts only
 * `critical`, `high`, `medium` and `all`: what is below medium (LOW, INFORMATIONAL, UNTRIAGED) is `all` minus those.
 */
export interface ImageSeverityCounts {
  accountId: string;
  repositoryName: string;
  imageDigest: string;
  all: number;
  critical: number;
  high: number;
  medium: number;
}

export interface RepositoryDetail {
  registryId: string;
  repositoryName: string;
  repositoryArn: string;
  repositoryUri: string;
  createdAt?: Date;
  /** KMS or AES256; KMS repositories can deny Inspector (ACCESS_DENIED_TO_ENCRYPTION_KEY). */
  encryptionType?: string;
  kmsKey?: string;
  imageTagMutability?: string;
}

export interface PackageRef {
  name: string;
  version?: string;
  fixedInVersion?: string;
  packageManager?: string;
  filePath?: string;
}

export interface Cvss {
  score: number;
  vector?: string;
  version?: string;
  source?: string;
}

/** A vulnerability, from ECR basic `findings`, ECR `enhancedFindings` or Inspector ListFindings. */
export interface VulnerabilityFinding {
  /** Usually the CVE id (basic `name`, enhanced `packageVulnerabilityDetails.vulnerabilityId`). */
  id: string;
  origin: 'basic' | 'enhanced' | 'inspector';
  severity: string;
  title?: string;
  description?: string;
  vendorSeverity?: string;
  cvss?: Cvss;
  /** Vulnerability source, e.g. NVD, DEBIAN_CVE. */
  source?: string;
  /** Links to the CVE source: basic `uri`, enhanced `sourceUrl`, then `referenceUrls`. First is the primary. */
  links: string[];
  packages: PackageRef[];
  /** Inspector finding status: ACTIVE | SUPPRESSED | CLOSED. */
  status?: string;
  fixAvailable?: string;
}

/** ECR DescribeImageScanFindings, all pages merged (domain.md §1.2). */
export interface ScanFindings {
  status: string;
  description?: string;
  imageScanCompletedAt?: Date;
  vulnerabilitySourceUpdatedAt?: Date;
  /** Keys are open strings: enhanced counts may carry UNTRIAGED. */
  severityCounts: Record<string, number>;
  findings: VulnerabilityFinding[];
}

export interface RepositoryFilter {
  filter: string;
  filterType: string;
}

export interface ScanningRule {
  scanFrequency: Open<ScanFrequency>;
  repositoryFilters: RepositoryFilter[];
}

export interface RegistryScanningConfig {
  registryId: string;
  scanType: Open<ScanType>;
  rules: ScanningRule[];
}

export interface RepositoryScanningConfig {
  repositoryName: string;
  repositoryArn?: string;
  scanOnPush: boolean;
  scanFrequency: Open<ScanFrequency>;
  appliedScanFilters: RepositoryFilter[];
}

/** A manifest as BatchGetImage returns it; parsed in facts/. */
export interface ManifestRecord {
  imageDigest?: string;
  imageTag?: string;
  mediaType?: string;
  manifest: string;
}

export interface ManifestFailure {
  imageDigest?: string;
  imageTag?: string;
  failureCode: string;
  failureReason?: string;
}

/** Inspector GetConfiguration `ecrConfiguration.rescanDurationState` (domain.md §4.1). */
export interface InspectorEcrConfig {
  rescanDuration: Open<EcrRescanDuration>;
  pullDateRescanDuration?: Open<EcrPullDateRescanDuration>;
  pullDateRescanMode?: Open<EcrPullDateRescanMode>;
  status?: Open<RescanDurationStatus>;
  updatedAt?: Date;
}

/** One Inspector `CoveredResource` of type AWS_ECR_CONTAINER_IMAGE (domain.md §4.2). */
export interface ImageCoverage {
  resourceId: string;
  accountId: string;
  statusCode: string;
  reason: string;
  repositoryName?: string;
  scanFrequency?: string;
  imageTags: string[];
  imagePulledAt?: Date;
  lastInUseAt?: Date;
  inUseCount?: number;
  lastScannedAt?: Date;
}

export interface AccountEcrStatus {
  accountId: string;
  /** `resourceState.ecr.status`: ENABLED, DISABLED, … */
  ecrStatus: string;
  /** Overall Inspector account state. */
  accountState?: string;
}
