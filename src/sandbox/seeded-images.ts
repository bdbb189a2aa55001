/**
 * The seeded default world's images, one per problem ecrscan explains (seeded-world.md). Other parts
 * of ecrscan (demo, end-to-end tests, README) rely on these ids, references and expected diagnosis codes.
 */
import { SANDBOX_ACCOUNTS } from './accounts.js';
import { SEEDED_ARTIFACTS } from './seeded-catalog.js';

export const SEEDED_PROBLEM_IDS = [
  'healthy',
  'scan-clean',
  'scratch',
  'distroless',
  'eol-distro',
  'undefined-severity',
  'never-scanned',
  'scan-not-started',
  'in-progress',
  'pending',
  'failed-other',
  'limit-exceeded',
  'archived',
  'signature',
  'manifest-list',
  'windows',
  'expired',
  'expiring',
  'enhanced-healthy',
  'enhanced-clean',
  'scan-on-push-only',
  'enhanced-pending',
  'enhanced-in-progress',
  'enhanced-off',
  'kms-denied',
  'findings-unavailable',
  'inspector-disabled',
] as const;
export type SeededProblemId = (typeof SEEDED_PROBLEM_IDS)[number];

export interface SeededImage {
  id: SeededProblemId;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>`, or `…/<repo>@sha256:…` when untagged. */
  ref: string;
  accountId: string;
  region: string;
  repositoryName: string;
  tag?: string;
  digest: string;
  problem: string;
  expectedCodes: string[];
}

const PROBLEMS: Record<SeededProblemId, [problem: string, codes: string[]]> = {
  healthy: ['Debian 12 image, basic scan complete with HIGH and MEDIUM findings', ['SCAN_OK']],
  'scan-clean': ['Alpine 3.22 image, basic scan complete with zero findings', ['NO_FINDINGS']],
  scratch: ['FROM scratch Go binary: basic scan failed with UnsupportedImageError', ['UNSUPPORTED_IMAGE']],
  distroless: [
    'Distroless image (dpkg status.d, os-release "Distroless"): basic scan failed with UnsupportedImageError',
    ['UNSUPPORTED_IMAGE'],
  ],
  'eol-distro': [
    'Debian 9 (stretch), an end-of-life release: basic scan failed with UnsupportedImageError',
    ['UNSUPPORTED_IMAGE'],
  ],
  'undefined-severity': ['Basic scan complete; some findings have severity UNDEFINED', ['UNDEFINED_SEVERITY']],
  'never-scanned': [
    'Repository matches no scan-on-push rule and the image was never scanned',
    ['NO_MATCHING_SCAN_RULE'],
  ],
  'scan-not-started': ['Repository matches a scan-on-push rule but the image has no scan', ['SCAN_NOT_STARTED']],
  'in-progress': ['Basic scan in progress', ['SCAN_IN_PROGRESS']],
  pending: ['Basic scan pending start', ['SCAN_PENDING']],
  'failed-other': ['Basic scan failed for a reason other than an unsupported OS', ['SCAN_FAILED']],
  'limit-exceeded': ['Scan status LIMIT_EXCEEDED', ['LIMIT_EXCEEDED']],
  archived: ['Image archived (imageStatus ARCHIVED, scan status IMAGE_ARCHIVED)', ['IMAGE_ARCHIVED']],
  signature: ['Cosign signature artifact (an OCI referrer, not an image)', ['UNSUPPORTED_IMAGE']],
  'manifest-list': ['Multi-arch OCI index; its amd64 and arm64 children are scanned', ['UNSUPPORTED_IMAGE']],
  windows: ['Windows Server 2022 image: Inspector does not support Windows', ['UNSUPPORTED_IMAGE']],
  expired: ['Pushed 60 days ago, last pulled 40 days ago: scan eligibility expired', ['SCAN_ELIGIBILITY_EXPIRED']],
  expiring: [
    'Pushed 27 days ago, last pulled 20 days ago: Inspector stops scanning it in about 3 days',
    ['SCAN_ELIGIBILITY_EXPIRING'],
  ],
  'enhanced-healthy': ['Ubuntu 24.04, continuously scanned, one finding UNTRIAGED', ['UNDEFINED_SEVERITY']],
  'enhanced-clean': ['Pushed 2 days ago, continuously scanned, zero findings', ['NO_FINDINGS']],
  'scan-on-push-only': ['Enhanced scan-on-push repository: scanned once at push, no rescans', ['SCAN_ON_PUSH_ONLY']],
  'enhanced-pending': ['Enhanced scan pending its initial scan', ['SCAN_PENDING']],
  'enhanced-in-progress': ['Enhanced scan in progress', ['SCAN_IN_PROGRESS']],
  'enhanced-off': [
    'Enhanced registry, repository matches no scanning filter (frequency off)',
    ['NO_MATCHING_SCAN_RULE'],
  ],
  'kms-denied': ['KMS-encrypted repository whose key denies Inspector', ['KMS_ACCESS_DENIED']],
  'findings-unavailable': ['Scan status FINDINGS_UNAVAILABLE', ['FINDINGS_UNAVAILABLE']],
  'inspector-disabled': [
    'Enhanced registry but Inspector ECR scanning is disabled in the account',
    ['INSPECTOR_NOT_ENABLED'],
  ],
};

export const SEEDED_IMAGES: readonly SeededImage[] = SEEDED_PROBLEM_IDS.map((id) => {
  const { account, repositoryName, tag, image } = SEEDED_ARTIFACTS[id];
  const { accountId, region } = SANDBOX_ACCOUNTS[account];
  const repo = `${accountId}.dkr.ecr.${region}.amazonaws.com/${repositoryName}`;
  const [problem, expectedCodes] = PROBLEMS[id];
  return {
    id,
    ref: tag === undefined ? `${repo}@${image.digest}` : `${repo}:${tag}`,
    accountId,
    region,
    repositoryName,
    tag,
    digest: image.digest,
    problem,
    expectedCodes,
  };
});

export function seededImage(id: SeededProblemId): SeededImage {
  return SEEDED_IMAGES.find((image) => image.id === id)!;
}
