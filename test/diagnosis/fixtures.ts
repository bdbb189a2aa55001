/**
 * Fact builders for the diagnosis tests. `makeFacts` is a healthy basic-scanned image, `makeEnhancedFacts` a
 * healthy continuously scanned one; each test overrides only what its case is about.
 */
import type {
  ImageCoverage,
  ImageDetail,
  InspectorEcrConfig,
  RegistryScanningConfig,
  RepositoryScanningConfig,
  ScanFindings,
  ScanningRule,
  VulnerabilityFinding,
} from '../../src/domain/facts.js';
import type { Fact, ImageFacts, InspectorFacts, OsDetection } from '../../src/domain/image-facts.js';

export const NOW = new Date('2026-05-01T12:00:00.000Z');
const DAY = 86_400_000;
export const daysAgo = (n: number): Date => new Date(NOW.getTime() - n * DAY);
export const daysFromNow = (n: number): Date => new Date(NOW.getTime() + n * DAY);

export const digest = (c: string): string => `sha256:${c.repeat(64).slice(0, 64)}`;
export const DIGEST = digest('a');

export function ok<T>(value: T): Fact<T> {
  return { ok: true, value };
}

export function fail(code: string, operation: string, message = `${code} from ${operation}`): Fact<never> {
  return { ok: false, error: { code, operation, message } };
}

export const scanNotFound = (): Fact<never> =>
  ({
    ok: false,
    error: {
      code: 'SCAN_NOT_FOUND',
      operation: 'ecr:DescribeImageScanFindings',
      message: 'Image scan does not exist for the image',
      awsName: 'ScanNotFoundException',
    },
  }) as const;

export function finding(over: Partial<VulnerabilityFinding> = {}): VulnerabilityFinding {
  return {
    id: 'CVE-2024-0001',
    origin: 'basic',
    severity: 'HIGH',
    links: ['https://security-tracker.debian.org/tracker/CVE-2024-0001'],
    packages: [{ name: 'openssl', version: '3.0.11' }],
    ...over,
  };
}

export function scan(status: string, over: Partial<ScanFindings> = {}): Fact<ScanFindings> {
  return ok({ status, severityCounts: {}, findings: [], ...over });
}

export function withFindings(
  status: string,
  findings: VulnerabilityFinding[],
  description?: string,
): Fact<ScanFindings> {
  const severityCounts: Record<string, number> = {};
  for (const f of findings) severityCounts[f.severity] = (severityCounts[f.severity] ?? 0) + 1;
  return scan(status, {
    findings,
    severityCounts,
    imageScanCompletedAt: daysAgo(1),
    ...(description ? { description } : {}),
  });
}

export const BASIC_RULES: ScanningRule[] = [
  {
    scanFrequency: 'SCAN_ON_PUSH',
    repositoryFilters: [
      { filter: 'prod', filterType: 'WILDCARD' },
      { filter: 'team-*', filterType: 'WILDCARD' },
    ],
  },
];

export const ENHANCED_RULES: ScanningRule[] = [
  {
    scanFrequency: 'CONTINUOUS_SCAN',
    repositoryFilters: [
      { filter: 'svc-*', filterType: 'WILDCARD' },
      { filter: 'platform', filterType: 'WILDCARD' },
    ],
  },
  { scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: 'batch-*', filterType: 'WILDCARD' }] },
];

export function registry(scanType: string, rules: ScanningRule[]): Fact<RegistryScanningConfig> {
  return ok({ registryId: '111111111111', scanType, rules });
}

export function repoScanning(
  repositoryName: string,
  scanFrequency: string,
): Fact<RepositoryScanningConfig | undefined> {
  return ok({ repositoryName, scanOnPush: scanFrequency === 'SCAN_ON_PUSH', scanFrequency, appliedScanFilters: [] });
}

export function coverage(statusCode: string, reason: string, over: Partial<ImageCoverage> = {}): ImageCoverage {
  return {
    resourceId: `arn:aws:ecr:eu-west-1:222222222222:repository/svc-orders/${DIGEST}`,
    accountId: '222222222222',
    statusCode,
    reason,
    repositoryName: 'svc-orders',
    scanFrequency: 'CONTINUOUS_SCAN',
    imageTags: ['1.0.0'],
    ...over,
  };
}

export const DEFAULT_CONFIG: InspectorEcrConfig = {
  rescanDuration: 'DAYS_30',
  pullDateRescanMode: 'LAST_PULL_DATE',
  pullDateRescanDuration: 'DAYS_14',
  status: 'SUCCESS',
  updatedAt: daysAgo(200),
};

export function inspector(over: Partial<InspectorFacts> = {}): InspectorFacts {
  return {
    accountStatus: ok({ accountId: '222222222222', ecrStatus: 'ENABLED', accountState: 'ENABLED' }),
    configuration: ok(DEFAULT_CONFIG),
    coverage: ok(coverage('ACTIVE', 'SUCCESSFUL')),
    ...over,
  };
}

export function os(kind: OsDetection['kind'], over: Partial<OsDetection> = {}): Fact<OsDetection> {
  return ok({ source: 'layers', kind, evidence: [`detected ${kind}`], bytesRead: 1024, ...over });
}

export const distro = (id: string, versionId?: string, prettyName?: string): Fact<OsDetection> =>
  os('linux-distro', {
    os: 'linux',
    distro: { id, ...(versionId ? { versionId } : {}), ...(prettyName ? { prettyName } : {}) },
    packageDb: 'dpkg',
  });

type Overrides = Omit<Partial<ImageFacts>, 'image'> & { image?: Partial<ImageDetail> };

function image(repositoryName: string, registryId: string, over: Partial<ImageDetail> = {}): ImageDetail {
  return {
    registryId,
    repositoryName,
    imageDigest: DIGEST,
    imageTags: ['1.0.0'],
    imagePushedAt: daysAgo(10),
    imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
    artifactMediaType: 'application/vnd.oci.image.config.v1+json',
    imageStatus: 'ACTIVE',
    ...over,
  };
}

/** A basic-scanned image in account 111111111111 / us-east-1, COMPLETE with one HIGH finding. */
export function makeFacts(overrides: Overrides = {}): ImageFacts {
  const { image: imageOver, ...rest } = overrides;
  const repositoryName = imageOver?.repositoryName ?? 'team-payments';
  return {
    now: NOW,
    target: { name: 'default', region: 'us-east-1', accountId: '111111111111' },
    requested: { repositoryName, tag: '1.0.0' },
    image: image(repositoryName, '111111111111', imageOver),
    registryScanning: registry('BASIC', BASIC_RULES),
    repositoryScanning: repoScanning(repositoryName, 'SCAN_ON_PUSH'),
    scan: withFindings('COMPLETE', [finding()], 'The scan was completed successfully.'),
    ...rest,
  };
}

/** A continuously scanned image in account 222222222222 / eu-west-1, ACTIVE, pushed 2 days ago. */
export function makeEnhancedFacts(overrides: Overrides = {}): ImageFacts {
  const { image: imageOver, ...rest } = overrides;
  const repositoryName = imageOver?.repositoryName ?? 'svc-orders';
  return {
    now: NOW,
    target: { name: 'default', region: 'eu-west-1', accountId: '222222222222' },
    requested: { repositoryName, tag: '1.0.0' },
    image: image(repositoryName, '222222222222', { imagePushedAt: daysAgo(2), ...imageOver }),
    registryScanning: ok({ registryId: '222222222222', scanType: 'ENHANCED', rules: ENHANCED_RULES }),
    repositoryScanning: repoScanning(repositoryName, 'CONTINUOUS_SCAN'),
    scan: withFindings('ACTIVE', [finding({ origin: 'enhanced' })], 'Continuous scan is selected for image.'),
    inspector: inspector(),
    ...rest,
  };
}

export const codes = (diagnoses: { code: string }[]): string[] => diagnoses.map((d) => d.code);
