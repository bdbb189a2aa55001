/**
 * Title, cause and fix of UNSUPPORTED_IMAGE for each reason. Kept apart from the rule so the rule reads as
 * "which signals, which reason" and this file as "what we tell the user".
 */
import { MEDIA_TYPES } from '../domain/aws-values.js';
import type { ImageFacts, OsDetection } from '../domain/image-facts.js';
import { putRegistryScanningCommand, rulesWithRepository } from './commands.js';
import { isEnhanced, repositoryUri } from './facts-view.js';
import { platformLabel, shortDigest } from './format.js';
import type { OsClassification } from './os-support.js';
import { SUPPORTED_OS } from './os-support-table.js';
import type { Diagnosis, UnsupportedReason } from './types.js';

export type UnsupportedText = Pick<Diagnosis, 'title' | 'cause' | 'fix' | 'certainty'>;

const SUPPORTED_MEDIA = `${MEDIA_TYPES.ociManifest} and ${MEDIA_TYPES.dockerManifestV2}`;

function supportedNames(enhanced: boolean): string {
  return SUPPORTED_OS.filter((e) => (enhanced ? e.enhanced : e.basic) && e.name !== 'Windows Server')
    .map((e) => (e.versions ? `${e.name} ${e.versions.join('/')}` : e.name))
    .join(', ');
}

export function manifestListText(facts: ImageFacts): UnsupportedText {
  const children =
    facts.children?.map((c) => ({
      label: platformLabel(c.platform) ?? 'unknown platform',
      digest: c.image.imageDigest,
    })) ??
    (facts.manifest?.ok ? (facts.manifest.value.platforms ?? []) : []).map((p) => ({
      label: platformLabel(p) ?? 'unknown platform',
      digest: p.digest,
    }));
  const named = children.map((c) => `${c.label} (${shortDigest(c.digest)})`).join(', ');
  const fix =
    children.length > 0
      ? [
          `Nothing to fix on the list itself: each platform image is scanned on its own: ${named}. Their diagnoses are listed with their platform.`,
          ...children.map(
            (c) => `Ask about one platform directly: ecrscan why ${facts.image.repositoryName}@${c.digest}`,
          ),
        ]
      : [
          'Nothing to fix on the list itself: each platform image is scanned on its own, but ecrscan could not read which platform images this list names.',
          `List them with: docker manifest inspect ${repositoryUri(facts)}@${facts.image.imageDigest}`,
        ];
  const enhanced = isEnhanced(facts);
  const notScanned = enhanced
    ? 'Inspector does not support manifest lists, so the list itself is not scanned'
    : 'AWS documents that Inspector does not support manifest lists; basic scanning probably does not scan the list itself either';
  return {
    title: 'Not scanned itself: this digest is a multi-arch manifest list',
    cause: `A manifest list (OCI index) is not an image: it points to one image per platform. ${notScanned}; each platform image is a separate, often untagged, image in the repository, and that is what gets scanned.`,
    fix,
    certainty: enhanced ? 'certain' : 'likely',
  };
}

export function artifactText(facts: ImageFacts): UnsupportedText {
  const manifest = facts.manifest?.ok ? facts.manifest.value : undefined;
  const subject = facts.image.subjectManifestDigest ?? manifest?.subjectDigest;
  const type = manifest?.artifactType ?? manifest?.configMediaType ?? facts.image.artifactMediaType;
  if (subject) {
    return {
      title: 'Not a container image: a signature or SBOM attached to another image',
      cause: `This digest is a referrer artifact${type ? ` (${type})` : ''}: a signature, SBOM or attestation attached to image ${shortDigest(subject)}. It holds no operating system or packages, so there is nothing to scan.`,
      fix: [
        'Nothing to fix here: scanners skip artifacts.',
        `See the scan of the image it belongs to: ecrscan why ${facts.image.repositoryName}@${subject}`,
      ],
      certainty: 'certain',
    };
  }
  return {
    title: 'Not a container image: an OCI artifact',
    cause: `This digest is an OCI artifact${type ? ` of type ${type}` : ''} (for example a Helm chart, a signature or an SBOM), not a container image: its config is not an image config, so there is nothing to scan.`,
    fix: [
      'Nothing to fix: only container images are scanned. If this should have been an image, check how it was built and pushed.',
    ],
    certainty: manifest !== undefined ? 'certain' : 'likely',
  };
}

export function mediaTypeText(facts: ImageFacts): UnsupportedText {
  const mediaType = facts.image.imageManifestMediaType ?? 'unknown';
  return {
    title: 'Unsupported image: media type not supported by Inspector',
    cause: `Inspector reports an unsupported media type for this digest (manifest media type ${mediaType}). Inspector scans manifests of type ${SUPPORTED_MEDIA} with an image config; anything else, such as an OCI artifact or an older manifest format, is not scanned.`,
    fix: [
      'If this is an artifact (chart, signature, SBOM), there is nothing to fix.',
      `If it is an image, rebuild and push it with a current builder so its manifest is ${MEDIA_TYPES.ociManifest} or ${MEDIA_TYPES.dockerManifestV2}.`,
    ],
    certainty: 'likely',
  };
}

export function osText(
  facts: ImageFacts,
  reason: UnsupportedReason,
  os: OsDetection | undefined,
  classification: OsClassification | undefined,
): UnsupportedText {
  const enhanced = isEnhanced(facts);
  const bases = `Rebuild FROM a supported base image: ${supportedNames(enhanced)}.`;
  const why = classification?.reason ?? '';
  switch (reason) {
    case 'scratch':
      return {
        title: 'Unsupported image: built FROM scratch (no operating system)',
        cause: why,
        fix: enhanced ? [bases] : [bases, enhancedOption(facts)],
        certainty: classification?.certainty ?? 'likely',
      };
    case 'distroless':
      return {
        title: 'Unsupported image: distroless base',
        cause: why,
        fix: [bases, 'Chainguard and Wolfi images are minimal too, and they are on the supported list.'],
        certainty: 'likely',
      };
    case 'windows':
      return enhanced
        ? {
            title: 'Unsupported image: Windows is not scanned by enhanced scanning',
            cause: why,
            fix: [
              'Enhanced scanning cannot scan this image. Basic scanning supports Windows Server 2019, 2022 and 2025, but the scan type applies to the whole registry (account and Region): keep Windows images in a registry that uses basic scanning.',
            ],
            certainty: 'certain',
          }
        : {
            title: 'Unsupported image: this Windows version is not scanned',
            cause: `Basic scanning rejected this Windows image. ${why} It is probably an older Windows Server release.`,
            fix: ['Rebuild on a Windows Server 2019, 2022 or 2025 base image.'],
            certainty: 'likely',
          };
    case 'eol-os':
      return {
        title: `Unsupported image: ${classification?.label ?? 'the OS'} is end-of-life`,
        cause: why,
        fix: [
          classification?.supportedVersions
            ? `Rebuild on a supported version of the same distribution: ${classification.supportedVersions.join(', ')}.`
            : bases,
        ],
        certainty: classification?.certainty ?? 'likely',
      };
    default:
      return unknownOsText(facts, os, classification, bases);
  }
}

function unknownOsText(
  facts: ImageFacts,
  os: OsDetection | undefined,
  classification: OsClassification | undefined,
  bases: string,
): UnsupportedText {
  const seen =
    os === undefined ? 'ecrscan could not inspect the image to tell which OS it has.' : classification?.reason;
  return {
    title: 'Unsupported image: operating system not recognised',
    cause: `The scanner did not recognise this image's operating system. ${seen ?? ''} Scanning appears to identify the OS from /etc/os-release.`,
    fix: [
      bases,
      'If the base is a derivative of a supported distribution, users report that scanning worked once its /etc/os-release named the parent distribution (not documented by AWS).',
      ...(os === undefined && facts.os !== undefined && !facts.os.ok
        ? ['Ask again later: the image could not be read this time.']
        : []),
    ],
    certainty: 'likely',
  };
}

function enhancedOption(facts: ImageFacts): string {
  const rules = facts.registryScanning.ok ? facts.registryScanning.value.rules : [];
  const enhancedRules = rulesWithRepository(rules, 'CONTINUOUS_SCAN', facts.image.repositoryName);
  return `Or switch the registry to enhanced scanning (Amazon Inspector, billed separately), which also reads language packages such as Go binaries; note that this changes scanning for every repository in this account and Region: ${putRegistryScanningCommand('ENHANCED', enhancedRules, facts.target.region)}`;
}
