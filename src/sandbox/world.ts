/**
 * The sandbox's mutable state: registries (one per account + Region) with repositories, images, scans and
 * Inspector coverage, plus content-addressed blobs. Handlers read and change it; tests may change it too.
 * Scan results are kept as compact vulnerability specs and rendered per API (ECR basic `findings`,
 * ECR `enhancedFindings`, Inspector `Finding`) at answer time.
 */
import type {
  EcrPullDateRescanDuration,
  EcrPullDateRescanMode,
  EcrRescanDuration,
  ImageStatus,
  InspectorResourceStatus,
  RescanDurationStatus,
  ScanType,
} from '../domain/aws-values.js';
import type { ScanningRule } from '../domain/facts.js';
import type { ImageStore } from './image-store.js';

export interface VulnSpec {
  /** CVE id (basic `name`, enhanced `vulnerabilityId`). */
  id: string;
  /** Basic FindingSeverity or Inspector Severity, matching the engine that produced the scan. */
  severity: string;
  packageName: string;
  packageVersion: string;
  fixedInVersion?: string;
  /** Inspector PackageManager; OS packages when omitted. */
  packageManager?: string;
  filePath?: string;
  vendorSeverity?: string;
  cvss3?: { score: number; vector: string };
  cvss2?: { score: number; vector: string };
  /** Vulnerability source, e.g. DEBIAN_CVE, UBUNTU_CVE, NVD. */
  source: string;
  sourceUrl: string;
  description: string;
  exploitAvailable?: 'YES' | 'NO';
}

export type ScanEngine = 'basic' | 'enhanced';

/** What DescribeImageScanFindings reports; absent on an image = ScanNotFoundException. */
export interface ScanRecord {
  status: string;
  description?: string;
  engine: ScanEngine;
  completedAt?: Date;
  vulnerabilitySourceUpdatedAt?: Date;
  vulns: readonly VulnSpec[];
  /** When the last basic scan started (push or manual): the basis of the one-scan-per-24-h quota. */
  startedAt?: Date;
}

/** The result a future basic scan of the image will have (set for images the scanner cannot read). */
export interface ScanOutcome {
  status: string;
  description?: string;
  vulns: readonly VulnSpec[];
}

/** Inspector's `scanStatus` for the image; absent = derived from the repository's scan frequency. */
export interface CoverageRecord {
  statusCode: 'ACTIVE' | 'INACTIVE';
  reason: string;
  lastScannedAt?: Date;
}

export interface SandboxImage {
  digest: string;
  tags: string[];
  pushedAt: Date;
  lastRecordedPullTime?: Date;
  imageStatus: ImageStatus;
  lastArchivedAt?: Date;
  lastActivatedAt?: Date;
  /** Exact manifest text; sha256 of its UTF-8 bytes is `digest`. */
  manifest: string;
  manifestMediaType: string;
  artifactMediaType?: string;
  subjectManifestDigest?: string;
  sizeInBytes: number;
  /** Blobs (config and stored layers) the manifest references: what GetDownloadUrlForLayer may serve. */
  blobDigests: readonly string[];
  /** Inspector's view of the platform, for finding resources (e.g. architecture amd64, platform UBUNTU_24_04). */
  platform?: { architecture: string; inspectorPlatform?: string };
  scan?: ScanRecord;
  nextScan?: ScanOutcome;
  coverage?: CoverageRecord;
  lastInUseAt?: Date;
  inUseCount?: number;
}

export interface SandboxRepository {
  name: string;
  createdAt: Date;
  encryptionType: 'AES256' | 'KMS';
  kmsKey?: string;
  imageTagMutability: 'MUTABLE' | 'IMMUTABLE';
  /** Deprecated repository-level flag (domain.md §2.3); kept because DescribeRepositories returns it. */
  scanOnPush: boolean;
  images: ImageStore;
}

export interface InspectorState {
  /** `resourceState.ecr.status` of BatchGetAccountStatus. */
  ecrStatus: InspectorResourceStatus;
  rescanDuration: EcrRescanDuration;
  pullDateRescanDuration: EcrPullDateRescanDuration;
  pullDateRescanMode: EcrPullDateRescanMode;
  status: RescanDurationStatus;
  updatedAt: Date;
}

export interface SandboxRegistry {
  accountId: string;
  region: string;
  scanType: ScanType;
  rules: ScanningRule[];
  inspector: InspectorState;
  repositories: Map<string, SandboxRepository>;
}

export interface SandboxWorld {
  /** Keyed by `registryKey(accountId, region)`. */
  registries: Map<string, SandboxRegistry>;
  /** Content-addressed blobs (`sha256:<hex>` → bytes) shared by every registry. */
  blobs: Map<string, Uint8Array>;
  /** How long a started basic scan stays IN_PROGRESS before it completes (default 3000 ms). */
  scanDelayMs: number;
}

export function registryKey(accountId: string, region: string): string {
  return `${accountId}/${region}`;
}

export function emptyWorld(): SandboxWorld {
  return { registries: new Map(), blobs: new Map(), scanDelayMs: 3000 };
}

/** A registry AWS would show to a new account: BASIC, no rules, Inspector not enabled, 14-day windows. */
export function defaultRegistry(accountId: string, region: string, now: Date): SandboxRegistry {
  return {
    accountId,
    region,
    scanType: 'BASIC',
    rules: [],
    inspector: {
      ecrStatus: 'DISABLED',
      rescanDuration: 'DAYS_14',
      pullDateRescanDuration: 'DAYS_14',
      pullDateRescanMode: 'LAST_IN_USE_AT',
      status: 'SUCCESS',
      updatedAt: now,
    },
    repositories: new Map(),
  };
}

/** The caller's registry; an account/Region never seen before gets (and keeps) a default one. */
export function registryFor(world: SandboxWorld, accountId: string, region: string, now: Date): SandboxRegistry {
  const key = registryKey(accountId, region);
  let registry = world.registries.get(key);
  if (!registry) {
    registry = defaultRegistry(accountId, region, now);
    world.registries.set(key, registry);
  }
  return registry;
}

export function repositoryArn(registry: SandboxRegistry, name: string): string {
  return `arn:aws:ecr:${registry.region}:${registry.accountId}:repository/${name}`;
}

export function repositoryUri(registry: SandboxRegistry, name: string): string {
  return `${registry.accountId}.dkr.ecr.${registry.region}.amazonaws.com/${name}`;
}

/** Inspector's resource id of an image (domain.md §4.2). */
export function imageArn(registry: SandboxRegistry, repository: string, digest: string): string {
  return `${repositoryArn(registry, repository)}/${digest}`;
}
