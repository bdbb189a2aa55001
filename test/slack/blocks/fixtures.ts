/**
 * Hand-made views for the renderer tests: plausible values (the wording follows what the diagnosis rules write),
 * built here rather than by running the rules, so a change of rule wording does not churn the golden files.
 */
import { DIAGNOSIS_SEVERITY, type Diagnosis, type DiagnosisCode, type Evidence } from '../../../src/diagnosis/types.js';
import type { VulnerabilityFinding } from '../../../src/domain/facts.js';
import type { ExplanationView } from '../../../src/usecases/explanation-view.js';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const digest = (c: string): string => `sha256:${c.repeat(64).slice(0, 64)}`;
export const DIGEST = digest('4f1c');
export const ACTION_VALUE = 'v1.eyJyIjoicGF5bWVudHMtYXBpOjEuNC4yIn0.c2lnbmF0dXJl';
export const USER = 'U024BE7LH';

const SRC = {
  status: 'ecr:DescribeImageScanFindings imageScanStatus.status',
  description: 'ecr:DescribeImageScanFindings imageScanStatus.description',
  completedAt: 'ecr:DescribeImageScanFindings imageScanFindings.imageScanCompletedAt',
  counts: 'ecr:DescribeImageScanFindings imageScanFindings.findingSeverityCounts',
  pushedAt: 'ecr:DescribeImages imageDetails[].imagePushedAt',
  mediaType: 'ecr:DescribeImages imageDetails[].imageManifestMediaType',
  scanType: 'ecr:GetRegistryScanningConfiguration scanningConfiguration.scanType',
  coverageStatus: 'inspector2:ListCoverage coveredResources[].scanStatus.statusCode',
  coverageReason: 'inspector2:ListCoverage coveredResources[].scanStatus.reason',
  pulledAt: 'inspector2:ListCoverage coveredResources[].resourceMetadata.ecrImage.imagePulledAt',
  config: 'inspector2:GetConfiguration ecrConfiguration.rescanDurationState',
  frequency: 'ecr:BatchGetRepositoryScanningConfiguration scanningConfigurations[].scanFrequency',
} as const;

export const ev = (label: string, value: string, source: string): Evidence => ({ label, value, source });

export function makeDiagnosis(code: DiagnosisCode, over: Partial<Diagnosis> = {}): Diagnosis {
  return {
    code,
    severity: DIAGNOSIS_SEVERITY[code],
    title: `${code} title`,
    cause: `${code} cause.`,
    evidence: [ev('ECR scan status', 'COMPLETE', SRC.status)],
    fix: [],
    certainty: 'certain',
    ...over,
  };
}

export function makeFinding(i: number, over: Partial<VulnerabilityFinding> = {}): VulnerabilityFinding {
  const id = `CVE-2025-${String(21000 + i)}`;
  return {
    id,
    origin: 'basic',
    severity: 'UNDEFINED',
    links: [`https://security-tracker.debian.org/tracker/${id}`],
    packages: [{ name: i % 2 ? 'libxml2' : 'openssl', version: i % 2 ? '2.9.14+dfsg-1.3' : '3.0.15-1~deb12u1' }],
    ...(i % 3 === 0 ? {} : { vendorSeverity: i % 3 === 1 ? 'unimportant' : 'not yet assigned' }),
    ...(i % 4 === 0 ? { cvss: { score: 5.3 + (i % 5), version: '3.1' } } : {}),
    ...over,
  };
}

export function makeView(
  over: Partial<ExplanationView> = {},
  image: Partial<ExplanationView['image']> = {},
): ExplanationView {
  const repositoryName = image.repositoryName ?? 'payments-api';
  const tag = image.tag ?? '1.4.2';
  const imageDigest = image.digest ?? DIGEST;
  return {
    image: {
      reference: `${repositoryName}:${tag}`,
      uri: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${repositoryName}:${tag}`,
      repositoryName,
      tag,
      digest: imageDigest,
      tags: [tag],
      accountId: ACCOUNT,
      region: REGION,
      target: 'default',
      pushedAt: '2026-04-28T09:14:03.000Z',
      lastPulledAt: '2026-04-30T17:02:44.000Z',
      imageStatus: 'ACTIVE',
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      ...image,
    },
    scan: { type: 'BASIC', frequency: 'SCAN_ON_PUSH', status: 'COMPLETE', completedAt: '2026-04-28T09:15:40.000Z' },
    diagnoses: [],
    severityCounts: {},
    worst: 'none',
    consoleUrl: `https://${REGION}.console.aws.amazon.com/ecr/repositories/private/${ACCOUNT}/${repositoryName}/_/image/${imageDigest}/details?region=${REGION}`,
    rescan: { kind: 'start-image-scan' },
    ...over,
  };
}

const describeCmd = (repo: string, d: string) =>
  `aws ecr describe-image-scan-findings --repository-name ${repo} --image-id imageDigest=${d} --region ${REGION}`;

export function scanOk(over: Partial<Diagnosis> = {}): Diagnosis {
  return makeDiagnosis('SCAN_OK', {
    title: 'Scanned: 1 HIGH, 2 MEDIUM',
    cause: 'The basic scan completed (scan completed 2026-04-28) and found 3 vulnerabilities: 1 HIGH, 2 MEDIUM.',
    evidence: [
      ev('ECR scan status', 'COMPLETE', SRC.status),
      ev('Scan completed at', '2026-04-28T09:15:40.000Z', SRC.completedAt),
      ev('Findings by severity', '1 HIGH, 2 MEDIUM', SRC.counts),
    ],
    fix: [
      'Fix the CRITICAL and HIGH findings first: upgrade the affected packages to their fixed versions, or rebuild on an updated base image.',
      `See every finding: ${describeCmd('payments-api', DIGEST)}`,
    ],
    ...over,
  });
}

export const healthyView = (): ExplanationView =>
  makeView({ diagnoses: [scanOk()], severityCounts: { HIGH: 1, MEDIUM: 2 }, worst: 'info' });

export const scratchView = (): ExplanationView =>
  makeView(
    {
      scan: {
        type: 'BASIC',
        frequency: 'SCAN_ON_PUSH',
        status: 'FAILED',
        description: 'UnsupportedImageError: The operating system and/or package manager are not supported.',
      },
      worst: 'blocking',
      diagnoses: [
        makeDiagnosis('UNSUPPORTED_IMAGE', {
          reason: 'scratch',
          title: 'Unsupported image: built FROM scratch (no operating system)',
          cause:
            'The scanner refused this image. The image has no OS release file and no package database. Basic scanning covers OS packages only and does not scan FROM scratch images.',
          evidence: [
            ev('ECR scan status', 'FAILED', SRC.status),
            ev(
              'ECR scan description',
              'UnsupportedImageError: The operating system and/or package manager are not supported.',
              SRC.description,
            ),
            ev('Manifest media type', 'application/vnd.oci.image.manifest.v1+json', SRC.mediaType),
            ev('OS detection', 'detected scratch', 'image layers (streamed)'),
            ev('Registry scan type', 'BASIC', SRC.scanType),
          ],
          fix: [
            'Rebuild FROM a supported base image: AlmaLinux 8/9/10, Alpine Linux 3.21/3.22/3.23/3.24, Amazon Linux 2023, Debian 11/12/13, Ubuntu 22.04/24.04, Wolfi.',
            `Or switch the registry to enhanced scanning (Amazon Inspector, billed separately), which also reads language packages such as Go binaries; note that this changes scanning for every repository in this account and Region: aws ecr put-registry-scanning-configuration --scan-type ENHANCED --rules '[{"scanFrequency":"SCAN_ON_PUSH","repositoryFilters":[{"filter":"payments-*","filterType":"WILDCARD"}]}]' --region ${REGION}`,
          ],
        }),
      ],
    },
    { repositoryName: 'edge-proxy', tag: '2.0.0' },
  );

export const UNDEFINED_COUNT = 23;

export function undefinedView(): ExplanationView {
  const findings = Array.from({ length: UNDEFINED_COUNT }, (_, i) => makeFinding(i));
  return makeView({
    severityCounts: { HIGH: 1, MEDIUM: 2, UNDEFINED: UNDEFINED_COUNT },
    worst: 'warning',
    diagnoses: [
      scanOk({ title: 'Scanned: 1 HIGH, 2 MEDIUM, 23 UNDEFINED' }),
      makeDiagnosis('UNDEFINED_SEVERITY', {
        title: `${UNDEFINED_COUNT} findings without a usable severity (UNDEFINED / UNTRIAGED)`,
        cause:
          'The scanner reported these vulnerabilities without rating them, so they do not count as CRITICAL, HIGH or any other level and pass severity-based gates unnoticed. For basic scanning, UNDEFINED means the CVE source gave no priority, or gave one that ECR does not recognise.',
        evidence: [
          ev('Findings with severity UNDEFINED', String(UNDEFINED_COUNT), SRC.counts),
          ...findings.map((f) =>
            ev(
              f.id,
              `package ${f.packages[0]?.name}; severity UNDEFINED`,
              'ecr:DescribeImageScanFindings imageScanFindings.findings[]',
            ),
          ),
        ],
        fix: [
          'Rate each one yourself: open its link, read the vendor advisory and use the CVSS score where one is given (listed above).',
          'Fix what applies: upgrade the package to the fixed version or rebuild on an updated base image.',
          `A later basic scan probably picks up a rating once the source gives one: aws ecr start-image-scan --repository-name payments-api --image-id imageDigest=${DIGEST} --region ${REGION} (at most once per image per 24 hours).`,
        ],
        findings,
      }),
    ],
  });
}

const ENHANCED_SCAN = { type: 'ENHANCED', frequency: 'CONTINUOUS_SCAN' } as const;

export function expiredView(mode: 'LAST_PULL_DATE' | 'LAST_IN_USE_AT' = 'LAST_PULL_DATE'): ExplanationView {
  const pulled = mode === 'LAST_PULL_DATE';
  return makeView(
    {
      scan: { ...ENHANCED_SCAN, status: 'SCAN_ELIGIBILITY_EXPIRED', pullDateRescanMode: mode },
      rescan: { kind: 'enhanced-options' },
      worst: 'blocking',
      diagnoses: [
        makeDiagnosis('SCAN_ELIGIBILITY_EXPIRED', {
          title: 'Inspector stopped scanning this image (eligibility expired around 2026-04-05)',
          cause: `Amazon Inspector no longer rescans this image: it keeps scanning an image only while it was pushed within the push-date window or pulled (or used) within the re-scan window, and for this image both windows have lapsed. Push window (push-date window DAYS_30): pushed on 2026-03-02; ended around 2026-04-01. ${pulled ? 'Pull window (LAST_PULL_DATE, DAYS_14): last pulled on 2026-03-22 (coverage.imagePulledAt)' : 'Last-in-use window (LAST_IN_USE_AT, DAYS_14): last seen running on ECS/EKS on 2026-03-22 (coverage.lastInUseAt)'}; ended around 2026-04-05. Inspector closes the findings of an expired image and deletes them about 3 days later, so its last results may already be gone.`,
          evidence: [
            ev('ECR scan status', 'SCAN_ELIGIBILITY_EXPIRED', SRC.status),
            ev('Inspector coverage status', 'INACTIVE', SRC.coverageStatus),
            ev('Inspector coverage reason', 'SCAN_ELIGIBILITY_EXPIRED', SRC.coverageReason),
            ev('Pushed at', '2026-03-02T12:00:00.000Z', SRC.pushedAt),
            ev(pulled ? 'Last pulled at' : 'Last in use at', '2026-03-22T12:00:00.000Z', SRC.pulledAt),
            ev('Push-date window (rescanDuration)', 'DAYS_30', `${SRC.config}.rescanDuration`),
            ev('Re-scan signal (pullDateRescanMode)', mode, `${SRC.config}.pullDateRescanMode`),
            ev('Re-scan window (pullDateRescanDuration)', 'DAYS_14', `${SRC.config}.pullDateRescanDuration`),
            ev('Repository scan frequency', 'CONTINUOUS_SCAN', SRC.frequency),
          ],
          fix: [
            'Rebuild and push a new image (a new digest). Re-tagging the existing digest, or pushing the identical image again, probably does not count: ECR keeps the original push time, and an unchanged manifest pushed with the same tag is rejected (ImageAlreadyExistsException).',
            pulled
              ? `Pull the image to make it eligible again: docker pull ${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/payments-api@${DIGEST}. The pull must come from a principal that is not on the pull-time exclusion list (aws ecr list-pull-time-update-exclusions), and ECR updates the recorded pull time at least once every 24 hours, so it can take up to a day to count.`
              : 'Run the image in an ECS task or EKS pod: in the LAST_IN_USE_AT mode Inspector counts use, not pulls (a pull alone does not help). In-use data can take up to 36 hours to appear, then refreshes once every 24 hours.',
            'aws ecr start-image-scan does not help: manual scans are not supported with enhanced scanning.',
            `To lengthen the windows: aws inspector2 update-configuration --ecr-configuration rescanDuration=DAYS_60,pullDateRescanMode=${mode},pullDateRescanDuration=DAYS_30 --region ${REGION}. Lengthening the windows does not bring back images that are already inactive; it only keeps active images eligible longer.`,
          ],
          expiry: {
            expiresAt: new Date('2026-04-05T12:00:00.000Z'),
            known: true,
            pushWindow: {
              start: new Date('2026-03-02T12:00:00.000Z'),
              basis: 'pushed',
              setting: 'DAYS_30',
              days: 30,
              lifetime: false,
              endsAt: new Date('2026-04-01T12:00:00.000Z'),
            },
            useWindow: {
              mode,
              setting: 'DAYS_14',
              days: 14,
              signalAt: new Date('2026-03-22T12:00:00.000Z'),
              signalSource: pulled ? 'coverage.imagePulledAt' : 'coverage.lastInUseAt',
              endsAt: new Date('2026-04-05T12:00:00.000Z'),
            },
            lapsed: 'both',
            settingsPending: false,
            approximate: true,
          },
        }),
      ],
    },
    { pushedAt: '2026-03-02T12:00:00.000Z', lastPulledAt: '2026-03-22T12:00:00.000Z' },
  );
}

export function manifestListView(): ExplanationView {
  const [amd, arm] = [digest('c'), digest('d')];
  const child = (platform: string, d: string) =>
    scanOk({
      platform,
      title: 'Scanned: 1 HIGH',
      cause: 'Inspector scans this image continuously (last scanned 2026-04-30) and found 1 vulnerability: 1 HIGH.',
      evidence: [
        ev('ECR scan status', 'ACTIVE', SRC.status),
        ev('ECR scan description', 'Continuous scan is selected for image.', SRC.description),
      ],
      fix: [`See every finding: ${describeCmd('svc-orders', d)}`],
    });
  return makeView(
    {
      scan: { ...ENHANCED_SCAN, status: 'NOT_SCANNED' },
      rescan: { kind: 'enhanced-options' },
      worst: 'blocking',
      diagnoses: [
        child('linux/amd64', amd),
        makeDiagnosis('UNSUPPORTED_IMAGE', {
          reason: 'manifest-list',
          title: 'Not scanned itself: this digest is a multi-arch manifest list',
          cause:
            'A manifest list (OCI index) is not an image: it points to one image per platform. Inspector does not support manifest lists, so the list itself is not scanned; each platform image is a separate, often untagged, image in the repository, and that is what gets scanned.',
          evidence: [
            ev('Inspector coverage reason', 'UNSUPPORTED_OS', SRC.coverageReason),
            ev('Manifest media type', 'application/vnd.oci.image.index.v1+json', SRC.mediaType),
          ],
          fix: [
            'Nothing to fix on the list itself: each platform image is scanned on its own: linux/amd64 (sha256:cccccccccccc), linux/arm64/v8 (sha256:dddddddddddd). Their diagnoses are listed with their platform.',
            `Ask about one platform directly: ecrscan why svc-orders@${amd}`,
            `Ask about one platform directly: ecrscan why svc-orders@${arm}`,
          ],
        }),
        child('linux/arm64/v8', arm),
      ],
    },
    {
      repositoryName: 'svc-orders',
      tag: '3.1.0',
      mediaType: 'application/vnd.oci.image.index.v1+json',
      lastPulledAt: undefined,
    },
  );
}
