/**
 * Read-only views over `ImageFacts` that several rules need in the same way: the ECR scan status, the
 * Inspector coverage record, the scan type and the repository's effective frequency. One place decides
 * which source wins, so two rules never disagree about the same fact.
 */
import { INDEX_MEDIA_TYPES } from '../domain/aws-values.js';
import type { ImageCoverage, InspectorEcrConfig, ScanFindings } from '../domain/facts.js';
import type { FactError, ImageFacts } from '../domain/image-facts.js';
import { scanFilterMatch } from './scan-filter-match.js';

export function ecrScan(facts: ImageFacts): ScanFindings | undefined {
  return facts.scan.ok ? facts.scan.value : undefined;
}

export function ecrStatus(facts: ImageFacts): string | undefined {
  return ecrScan(facts)?.status;
}

/** DescribeImageScanFindings failed with ScanNotFoundException: ECR has no scan of this image. */
export function scanNotFound(facts: ImageFacts): boolean {
  return !facts.scan.ok && facts.scan.error.code === 'SCAN_NOT_FOUND';
}

export function coverageOf(facts: ImageFacts): ImageCoverage | undefined {
  const coverage = facts.inspector?.coverage;
  return coverage?.ok ? coverage.value : undefined;
}

export function coverageReason(facts: ImageFacts): string | undefined {
  return coverageOf(facts)?.reason;
}

export function inspectorConfig(facts: ImageFacts): InspectorEcrConfig | undefined {
  const configuration = facts.inspector?.configuration;
  return configuration?.ok ? configuration.value : undefined;
}

/** `BASIC` / `ENHANCED` from GetRegistryScanningConfiguration, or undefined when it could not be read. */
export function scanType(facts: ImageFacts): string | undefined {
  return facts.registryScanning.ok ? facts.registryScanning.value.scanType : undefined;
}

/** Enhanced when the registry says so; when that is unreadable, Inspector facts being present implies it. */
export function isEnhanced(facts: ImageFacts): boolean {
  const type = scanType(facts);
  return type === undefined ? facts.inspector !== undefined : type === 'ENHANCED';
}

export interface EffectiveFrequency {
  /** SCAN_ON_PUSH, CONTINUOUS_SCAN or MANUAL (under enhanced: "Off"); undefined when unknowable. */
  frequency?: string;
  source: 'repository' | 'rules' | 'coverage' | 'unknown';
  /** False when derived by ecrscan rather than reported by AWS. */
  reported: boolean;
}

/**
 * The repository's frequency: ECR's BatchGetRepositoryScanningConfiguration answer first (authoritative),
 * then ecrscan's own evaluation of the registry rules (continuous wins over scan-on-push; no match is MANUAL),
 * then Inspector's coverage record.
 */
export function effectiveFrequency(facts: ImageFacts): EffectiveFrequency {
  if (facts.repositoryScanning.ok && facts.repositoryScanning.value !== undefined) {
    return { frequency: facts.repositoryScanning.value.scanFrequency, source: 'repository', reported: true };
  }
  if (facts.registryScanning.ok) {
    const { rules, scanType: type } = facts.registryScanning.value;
    if (type === 'ENHANCED' && rules.length === 0) {
      return { frequency: 'CONTINUOUS_SCAN', source: 'rules', reported: false };
    }
    const matching = scanFilterMatch(rules, facts.image.repositoryName).filter((r) => r.matches);
    const frequencies = matching.map((r) => r.scanFrequency);
    const frequency = frequencies.includes('CONTINUOUS_SCAN')
      ? 'CONTINUOUS_SCAN'
      : frequencies.includes('SCAN_ON_PUSH')
        ? 'SCAN_ON_PUSH'
        : 'MANUAL';
    return { frequency, source: 'rules', reported: false };
  }
  const fromCoverage = coverageOf(facts)?.scanFrequency;
  if (fromCoverage !== undefined) return { frequency: fromCoverage, source: 'coverage', reported: true };
  return { source: 'unknown', reported: false };
}

/** A manifest list / OCI index: the digest points at per-platform images, not at an image. */
export function isIndex(facts: ImageFacts): boolean {
  if (facts.children !== undefined && facts.children.length > 0) return true;
  if (facts.manifest?.ok && facts.manifest.value.kind === 'index') return true;
  const mediaType = facts.image.imageManifestMediaType;
  return mediaType !== undefined && INDEX_MEDIA_TYPES.includes(mediaType);
}

/** A per-platform child of a manifest list (AWS tracks no last-in-use time for these). */
export function isMultiArchChild(facts: ImageFacts): boolean {
  return facts.platform !== undefined;
}

/** `repo:tag` as the user asked, else `repo@sha256:…`. */
export function imageRef(facts: ImageFacts): string {
  const tag = facts.requested.tag ?? facts.image.imageTags[0];
  return tag !== undefined
    ? `${facts.image.repositoryName}:${tag}`
    : `${facts.image.repositoryName}@${facts.image.imageDigest}`;
}

/** `<account>.dkr.ecr.<region>.amazonaws.com/<repo>`, from DescribeRepositories when known. */
export function repositoryUri(facts: ImageFacts): string {
  return (
    facts.repository?.repositoryUri ??
    `${facts.image.registryId}.dkr.ecr.${facts.target.region}.amazonaws.com/${facts.image.repositoryName}`
  );
}

/** The failed Inspector reads, in a fixed order. */
export function inspectorErrors(facts: ImageFacts): FactError[] {
  const inspector = facts.inspector;
  if (inspector === undefined) return [];
  const parts = [inspector.accountStatus, inspector.configuration, inspector.coverage, inspector.findings];
  return parts.flatMap((part) => (part !== undefined && !part.ok ? [part.error] : []));
}
