/**
 * Exact enum values of the ECR and Inspector2 APIs (domain.md §1.3, §1.4, §2.1, §4.1, §4.2).
 * Kept as `as const` lists (no TS enums: erasableSyntaxOnly) so that both the sandbox and the
 * diagnosis rules check against one source. AWS adds values over time, so fields typed with these
 * unions still accept unknown strings where they come from the wire (`| (string & {})`).
 */

export const SCAN_STATUSES = [
  'IN_PROGRESS',
  'COMPLETE',
  'FAILED',
  'UNSUPPORTED_IMAGE',
  'ACTIVE',
  'PENDING',
  'SCAN_ELIGIBILITY_EXPIRED',
  'FINDINGS_UNAVAILABLE',
  'LIMIT_EXCEEDED',
  'IMAGE_ARCHIVED',
] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];

export const FINDING_SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'UNDEFINED'] as const;
export const INSPECTOR_SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'UNTRIAGED'] as const;

export const SCAN_TYPES = ['BASIC', 'ENHANCED'] as const;
export type ScanType = (typeof SCAN_TYPES)[number];

export const SCAN_FREQUENCIES = ['SCAN_ON_PUSH', 'CONTINUOUS_SCAN', 'MANUAL'] as const;
export type ScanFrequency = (typeof SCAN_FREQUENCIES)[number];

export const IMAGE_STATUSES = ['ACTIVE', 'ARCHIVED', 'ACTIVATING'] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

export const ECR_RESCAN_DURATIONS = ['LIFETIME', 'DAYS_14', 'DAYS_30', 'DAYS_60', 'DAYS_90', 'DAYS_180'] as const;
export type EcrRescanDuration = (typeof ECR_RESCAN_DURATIONS)[number];

export const ECR_PULL_DATE_RESCAN_DURATIONS = ['DAYS_14', 'DAYS_30', 'DAYS_60', 'DAYS_90', 'DAYS_180'] as const;
export type EcrPullDateRescanDuration = (typeof ECR_PULL_DATE_RESCAN_DURATIONS)[number];

export const ECR_PULL_DATE_RESCAN_MODES = ['LAST_PULL_DATE', 'LAST_IN_USE_AT'] as const;
export type EcrPullDateRescanMode = (typeof ECR_PULL_DATE_RESCAN_MODES)[number];

export const RESCAN_DURATION_STATUSES = ['SUCCESS', 'PENDING', 'FAILED'] as const;
export type RescanDurationStatus = (typeof RESCAN_DURATION_STATUSES)[number];

/** Inspector coverage `scanStatus.reason` values that apply to ECR images or repositories (domain.md §4.2, † rows). */
export const ECR_SCAN_STATUS_REASONS = [
  'PENDING_INITIAL_SCAN',
  'ACCESS_DENIED',
  'INTERNAL_ERROR',
  'UNSUPPORTED_OS',
  'SCAN_ELIGIBILITY_EXPIRED',
  'SUCCESSFUL',
  'IMAGE_SIZE_EXCEEDED',
  'SCAN_FREQUENCY_MANUAL',
  'SCAN_FREQUENCY_SCAN_ON_PUSH',
  'PENDING_DISABLE',
  'UNSUPPORTED_MEDIA_TYPE',
  'PENDING_REVIVAL_SCAN',
  'ACCESS_DENIED_TO_ENCRYPTION_KEY',
  'SCAN_IN_PROGRESS',
  'IMAGE_ARCHIVED',
] as const;
export type EcrScanStatusReason = (typeof ECR_SCAN_STATUS_REASONS)[number];

/** Inspector `resourceState.ecr.status` from BatchGetAccountStatus. */
export const INSPECTOR_RESOURCE_STATUSES = [
  'ENABLING',
  'ENABLED',
  'DISABLING',
  'DISABLED',
  'SUSPENDING',
  'SUSPENDED',
] as const;
export type InspectorResourceStatus = (typeof INSPECTOR_RESOURCE_STATUSES)[number];

export const MEDIA_TYPES = {
  dockerManifestV2: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
} as const;

/** Media types of configs that describe a runnable container image (anything else is an artifact). */
export const IMAGE_CONFIG_MEDIA_TYPES: readonly string[] = [MEDIA_TYPES.dockerConfig, MEDIA_TYPES.ociConfig];
export const INDEX_MEDIA_TYPES: readonly string[] = [MEDIA_TYPES.dockerManifestList, MEDIA_TYPES.ociIndex];
