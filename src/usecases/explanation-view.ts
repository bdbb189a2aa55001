/**
 * The front-end-neutral answer to `why`: what the Slack renderer, the CLI text renderer and `--json`
 * all show. Built from an `Explanation`; contains no Slack or terminal formatting.
 */
import { effectiveFrequency, inspectorConfig, isEnhanced, isMultiArchChild } from '../diagnosis/facts-view.js';
import type { Diagnosis } from '../diagnosis/types.js';
import { SEVERITY_ORDER } from '../diagnosis/types.js';
import { formatImageReference } from '../domain/image-reference.js';
import type { Explanation } from './explain-image.js';

export interface ExplanationView {
  image: {
    reference: string;
    uri: string;
    repositoryName: string;
    tag?: string;
    digest: string;
    tags: string[];
    accountId: string;
    region: string;
    target: string;
    pushedAt?: string;
    lastPulledAt?: string;
    imageStatus: string;
    mediaType?: string;
  };
  scan: {
    type?: string;
    /** SCAN_ON_PUSH, CONTINUOUS_SCAN, MANUAL, or OFF (enhanced with no matching filter). */
    frequency?: string;
    /** The ECR scan status, or NOT_SCANNED when ECR has no scan for the image. */
    status: string;
    description?: string;
    completedAt?: string;
    /** Inspector's pull-date re-scan mode (LAST_PULL_DATE, LAST_IN_USE_AT), when read: what keeps an image eligible. */
    pullDateRescanMode?: string;
    /** A platform image of a multi-arch index: AWS does not track its last-in-use time (domain.md §5.1.9). */
    multiArchChild?: boolean;
  };
  diagnoses: Diagnosis[];
  severityCounts: Record<string, number>;
  /** Highest severity among the diagnoses; decides the CLI exit status and the Slack colour. */
  worst: Diagnosis['severity'] | 'none';
  consoleUrl: string;
  rescan: { kind: 'start-image-scan' } | { kind: 'enhanced-options' } | { kind: 'none'; why: string };
}

export function toExplanationView(explanation: Explanation): ExplanationView {
  const { facts, diagnoses, reference } = explanation;
  const { image } = facts;
  const enhanced = isEnhanced(facts);
  const frequency = effectiveFrequency(facts).frequency;
  const scan = facts.scan.ok ? facts.scan.value : undefined;
  const region = facts.target.region;
  const mode = inspectorConfig(facts)?.pullDateRescanMode;
  const uriRef = { ...reference, accountId: image.registryId, region };
  const worst = SEVERITY_ORDER.find((s) => diagnoses.some((d) => d.severity === s)) ?? 'none';
  return {
    image: {
      reference: formatImageReference(reference),
      uri: formatImageReference(uriRef),
      repositoryName: image.repositoryName,
      tag: reference.tag,
      digest: image.imageDigest,
      tags: image.imageTags,
      accountId: image.registryId,
      region,
      target: facts.target.name,
      pushedAt: image.imagePushedAt?.toISOString(),
      lastPulledAt: image.lastRecordedPullTime?.toISOString(),
      imageStatus: image.imageStatus,
      mediaType: image.imageManifestMediaType,
    },
    scan: {
      type: facts.registryScanning.ok ? facts.registryScanning.value.scanType : undefined,
      frequency: enhanced && frequency === 'MANUAL' ? 'OFF' : frequency,
      status:
        scan?.status ?? (!facts.scan.ok && facts.scan.error.code === 'SCAN_NOT_FOUND' ? 'NOT_SCANNED' : 'UNKNOWN'),
      description: scan?.description,
      completedAt: scan?.imageScanCompletedAt?.toISOString(),
      ...(enhanced && mode ? { pullDateRescanMode: mode } : {}),
      ...(enhanced && isMultiArchChild(facts) ? { multiArchChild: true } : {}),
    },
    diagnoses,
    severityCounts: scan?.severityCounts ?? {},
    worst,
    consoleUrl: consoleUrl(region, image.registryId, image.repositoryName, image.imageDigest),
    rescan: rescanOption(facts.image.imageStatus, enhanced, facts.registryScanning.ok),
  };
}

function rescanOption(imageStatus: string, enhanced: boolean, known: boolean): ExplanationView['rescan'] {
  if (!known) return { kind: 'none', why: 'the registry scanning configuration could not be read' };
  if (imageStatus !== 'ACTIVE') return { kind: 'none', why: 'archived images cannot be scanned until restored' };
  return enhanced ? { kind: 'enhanced-options' } : { kind: 'start-image-scan' };
}

export function consoleUrl(region: string, accountId: string, repo: string, digest: string): string {
  const base = `https://${region}.console.aws.amazon.com/ecr/repositories/private/${accountId}/${repo}`;
  return `${base}/_/image/${digest}/details?region=${region}`;
}
