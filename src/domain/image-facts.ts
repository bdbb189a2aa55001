/**
 * Everything the diagnosis rules may know about one image: gathered by `facts/`, read by `diagnosis/`.
 * Each AWS-sourced part is a `Fact`: either the value or why it could not be had, because a missing
 * or denied source is itself evidence (Inspector not enabled, access denied to the bot, …).
 */
import type {
  AccountEcrStatus,
  ImageCoverage,
  ImageDetail,
  InspectorEcrConfig,
  RegistryScanningConfig,
  RepositoryDetail,
  RepositoryScanningConfig,
  ScanFindings,
  VulnerabilityFinding,
} from './facts.js';

export interface FactError {
  /** An `AwsErrorCode` (SCAN_NOT_FOUND, ACCESS_DENIED, NOT_ENABLED, THROTTLED, UNAVAILABLE, …) or a local code. */
  code: string;
  message: string;
  /** The AWS operation that failed, e.g. `ecr:DescribeImageScanFindings`. */
  operation: string;
  awsName?: string;
}

export type Fact<T> = { ok: true; value: T } | { ok: false; error: FactError };

export interface ManifestFacts {
  mediaType: string;
  kind: 'image' | 'index' | 'artifact';
  /** `config.mediaType` of an image manifest, or the artifact's type. */
  configMediaType?: string;
  artifactType?: string;
  /** `subject.digest`: set on referrers (signatures, SBOMs). */
  subjectDigest?: string;
  /** Children of a manifest list / OCI index. */
  platforms?: PlatformChild[];
  /**
   * Digests of index children left out of `platforms` because they are build attestations
   * (`vnd.docker.reference.type: attestation-manifest`, platform `unknown/unknown`), not runnable images.
   */
  attestations?: string[];
}

export interface PlatformChild {
  digest: string;
  os?: string;
  architecture?: string;
  variant?: string;
  osVersion?: string;
}

/** What the image config (and, only when needed, its layers) say about the operating system. */
export interface OsDetection {
  /** Where the answer came from: the config blob alone, or layers streamed under a byte bound. */
  source: 'config' | 'layers';
  kind: 'linux-distro' | 'scratch' | 'distroless' | 'windows' | 'unknown';
  os?: string;
  architecture?: string;
  /** Windows build, from config `os.version`. */
  osVersion?: string;
  /** From etc/os-release (or usr/lib/os-release). */
  distro?: { id: string; versionId?: string; prettyName?: string };
  packageDb?: 'apk' | 'dpkg' | 'rpm' | 'none';
  /** Human-readable proof, e.g. `config.os = "windows"`, `history[0].created_by = "COPY app /app"`. */
  evidence: string[];
  /** Layer bytes read to reach the answer (0 when the config sufficed). */
  bytesRead: number;
}

export interface InspectorFacts {
  /** BatchGetAccountStatus: is Inspector's ECR scanning enabled here? */
  accountStatus: Fact<AccountEcrStatus | undefined>;
  configuration: Fact<InspectorEcrConfig>;
  /** ListCoverage for this image; `undefined` value = Inspector has no coverage record for it. */
  coverage: Fact<ImageCoverage | undefined>;
  findings?: Fact<VulnerabilityFinding[]>;
}

export interface ImageFacts {
  /** The clock reading the facts were gathered against (expiry maths uses it). */
  now: Date;
  target: { name: string; region: string; accountId: string };
  requested: { repositoryName: string; tag?: string; digest?: string };
  repository?: RepositoryDetail;
  image: ImageDetail;
  registryScanning: Fact<RegistryScanningConfig>;
  /** `undefined` value: ECR returned no configuration for the repository. */
  repositoryScanning: Fact<RepositoryScanningConfig | undefined>;
  /** DescribeImageScanFindings; error code SCAN_NOT_FOUND when the image was never scanned. */
  scan: Fact<ScanFindings>;
  manifest?: Fact<ManifestFacts>;
  /** Only gathered when a rule needs it (unsupported / failed / zero findings). */
  os?: Fact<OsDetection>;
  /** Present when the registry is ENHANCED. */
  inspector?: InspectorFacts;
  /** For a manifest list / index: one set of facts per platform child. */
  children?: ImageFacts[];
  /** Set on a child: which platform it is. */
  platform?: PlatformChild;
}
