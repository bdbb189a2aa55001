import { IMAGE_CONFIG_MEDIA_TYPES } from '../../domain/aws-values.js';
import type { ImageFacts } from '../../domain/image-facts.js';
import { coverageEvidence, factErrorEvidence, SOURCES, scanStatusEvidence, scanTypeEvidence } from '../evidence.js';
import { coverageOf, ecrScan, isEnhanced, isIndex } from '../facts-view.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import { classifyOs } from '../os-support.js';
import type { Diagnosis, Evidence, Rule, UnsupportedReason } from '../types.js';
import { artifactText, manifestListText, mediaTypeText, osText, type UnsupportedText } from '../unsupported-texts.js';

const UNSUPPORTED_PREFIX = 'UnsupportedImageError';

/**
 * UNSUPPORTED_IMAGE: one diagnosis however many signals agree (basic FAILED + UnsupportedImageError, ECR
 * UNSUPPORTED_IMAGE, coverage UNSUPPORTED_OS / UNSUPPORTED_MEDIA_TYPE, a manifest list, a non-image artifact,
 * Windows under enhanced scanning), all their evidence together, and the most specific reason the facts show.
 */
export const unsupportedImageRule: Rule = {
  id: 'unsupported-image',
  evaluate(facts: ImageFacts): Diagnosis[] {
    const scan = ecrScan(facts);
    const coverage = coverageOf(facts);
    const evidence: Evidence[] = [];
    const failedUnsupported = scan?.status === 'FAILED' && (scan.description ?? '').startsWith(UNSUPPORTED_PREFIX);
    if (failedUnsupported || scan?.status === 'UNSUPPORTED_IMAGE') evidence.push(...scanStatusEvidence(scan));
    const coverageSignal = coverage?.reason === 'UNSUPPORTED_OS' || coverage?.reason === 'UNSUPPORTED_MEDIA_TYPE';
    if (coverageSignal) evidence.push(...coverageEvidence(coverage));

    const structure = structureEvidence(facts);
    const index = isIndex(facts);
    const artifact = isArtifact(facts);
    const enhanced = isEnhanced(facts);
    const os = facts.os?.ok ? facts.os.value : undefined;
    const windows = enhanced && (os?.kind === 'windows' || facts.platform?.os === 'windows');
    const refused = evidence.length > 0;
    if (!refused && !index && !artifact && !windows) return [];
    evidence.push(...structure);

    let text: UnsupportedText;
    let reason: UnsupportedReason;
    if (index) {
      reason = 'manifest-list';
      text = manifestListText(facts);
    } else if (artifact) {
      reason = 'not-an-image';
      text = artifactText(facts);
    } else if (os !== undefined || facts.platform?.os === 'windows' || coverage?.reason !== 'UNSUPPORTED_MEDIA_TYPE') {
      const osDetection = os ?? (facts.platform?.os === 'windows' ? windowsFromPlatform(facts) : undefined);
      const classification = osDetection
        ? classifyOs(osDetection, enhanced ? 'ENHANCED' : 'BASIC', facts.now)
        : undefined;
      reason = osReason(osDetection?.kind, classification?.status);
      text = osText(facts, reason, osDetection, classification);
      if (refused) text = { ...text, cause: `The scanner refused this image. ${text.cause}` };
      evidence.push(...osEvidence(facts));
    } else {
      reason = 'not-an-image';
      text = mediaTypeText(facts);
    }
    evidence.push(...scanTypeEvidence(facts));
    return [makeDiagnosis('UNSUPPORTED_IMAGE', { ...text, evidence, reason })];
  },
};

/** A referrer (signature, SBOM) or an artifact whose config is not an image config (Helm chart, …). */
export function isArtifact(facts: ImageFacts): boolean {
  if (facts.image.subjectManifestDigest) return true;
  const manifest = facts.manifest?.ok ? facts.manifest.value : undefined;
  if (manifest?.kind === 'artifact' || manifest?.subjectDigest) return true;
  const configType = manifest?.configMediaType ?? facts.image.artifactMediaType;
  return configType !== undefined && !IMAGE_CONFIG_MEDIA_TYPES.includes(configType);
}

function osReason(kind: string | undefined, status: string | undefined): UnsupportedReason {
  switch (kind) {
    case 'scratch':
      return 'scratch';
    case 'distroless':
      return 'distroless';
    case 'windows':
      return 'windows';
    default:
      return status === 'eol' ? 'eol-os' : 'unknown-os';
  }
}

function windowsFromPlatform(facts: ImageFacts) {
  return {
    source: 'config' as const,
    kind: 'windows' as const,
    os: 'windows',
    ...(facts.platform?.osVersion ? { osVersion: facts.platform.osVersion } : {}),
    evidence: [`manifest list platform.os = "windows"`],
    bytesRead: 0,
  };
}

function structureEvidence(facts: ImageFacts): Evidence[] {
  const { image } = facts;
  const out: Evidence[] = [];
  if (image.imageManifestMediaType) {
    out.push({ label: 'Manifest media type', value: image.imageManifestMediaType, source: SOURCES.manifestMediaType });
  }
  if (image.artifactMediaType) {
    out.push({ label: 'Artifact media type', value: image.artifactMediaType, source: SOURCES.artifactMediaType });
  }
  if (image.subjectManifestDigest) {
    out.push({ label: 'Refers to image', value: image.subjectManifestDigest, source: SOURCES.subjectDigest });
  }
  const manifest = facts.manifest?.ok ? facts.manifest.value : undefined;
  if (manifest?.artifactType) {
    out.push({
      label: 'Artifact type',
      value: manifest.artifactType,
      source: 'ecr:BatchGetImage imageManifest artifactType',
    });
  }
  if (manifest?.subjectDigest && manifest.subjectDigest !== image.subjectManifestDigest) {
    out.push({
      label: 'Refers to image',
      value: manifest.subjectDigest,
      source: 'ecr:BatchGetImage imageManifest subject.digest',
    });
  }
  if (facts.platform?.os) {
    out.push({
      label: 'Platform OS',
      value: facts.platform.os,
      source: 'ecr:BatchGetImage manifest list manifests[].platform.os',
    });
  }
  return out;
}

function osEvidence(facts: ImageFacts): Evidence[] {
  if (facts.os === undefined) return [];
  if (!facts.os.ok) return [factErrorEvidence(facts.os.error)];
  const os = facts.os.value;
  const source =
    os.source === 'config' ? 'image config blob (ecr:GetDownloadUrlForLayer config.digest)' : 'image layers (streamed)';
  const out: Evidence[] = os.evidence.map((value) => ({ label: 'OS detection', value, source }));
  if (os.distro) {
    const value = `ID=${os.distro.id}${os.distro.versionId ? ` VERSION_ID=${os.distro.versionId}` : ''}${os.distro.prettyName ? ` PRETTY_NAME="${os.distro.prettyName}"` : ''}`;
    out.push({ label: 'os-release', value, source: 'image layers: etc/os-release' });
  }
  if (os.packageDb) out.push({ label: 'Package database', value: os.packageDb, source });
  return out;
}
