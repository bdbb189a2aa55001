/**
 * The sandbox's seeded problems (seeded-world.md) as facts, each with the codes its `why` answer must contain.
 * Keeps the diagnosis engine honest against the shared contract without needing the sandbox.
 */
import type { ImageFacts } from '../../src/domain/image-facts.js';
import {
  coverage,
  DEFAULT_CONFIG,
  daysAgo,
  digest,
  distro,
  finding,
  inspector,
  makeEnhancedFacts,
  makeFacts,
  ok,
  os,
  repoScanning,
  scan,
  scanNotFound,
  withFindings,
} from './fixtures.js';

const UNSUPPORTED = 'UnsupportedImageError: The operating system and/or package manager are not supported.';
const basicFailed = (o: ImageFacts['os']) => makeFacts({ scan: scan('FAILED', { description: UNSUPPORTED }), os: o });
const acct333 = { name: 'default', region: 'eu-west-1', accountId: '333333333333' };

function manifestList(): ImageFacts {
  const platforms = [
    { digest: digest('c'), os: 'linux', architecture: 'amd64' },
    { digest: digest('d'), os: 'linux', architecture: 'arm64', variant: 'v8' },
  ];
  const parent = makeEnhancedFacts({
    image: {
      imageTags: [],
      imageManifestMediaType: 'application/vnd.oci.image.index.v1+json',
      artifactMediaType: undefined,
    },
    scan: scanNotFound(),
    manifest: ok({ mediaType: 'application/vnd.oci.image.index.v1+json', kind: 'index', platforms }),
    inspector: inspector({ coverage: ok(coverage('INACTIVE', 'UNSUPPORTED_OS')) }),
  });
  parent.children = platforms.map((platform) =>
    makeEnhancedFacts({
      requested: { repositoryName: 'svc-orders', digest: platform.digest },
      image: { imageDigest: platform.digest, imageTags: [] },
      platform,
    }),
  );
  return parent;
}

export const SEEDED: { id: string; facts: ImageFacts; expected: string[] }[] = [
  {
    id: 'healthy',
    facts: makeFacts({
      scan: withFindings('COMPLETE', [finding(), finding({ id: 'CVE-2', severity: 'MEDIUM' })]),
      os: distro('debian', '12'),
    }),
    expected: ['SCAN_OK'],
  },
  {
    id: 'scan-clean',
    facts: makeFacts({ scan: withFindings('COMPLETE', []), os: distro('alpine', '3.22.0') }),
    expected: ['NO_FINDINGS'],
  },
  { id: 'scratch', facts: basicFailed(os('scratch')), expected: ['UNSUPPORTED_IMAGE'] },
  {
    id: 'distroless',
    facts: basicFailed(os('distroless', { distro: { id: 'debian', versionId: '12', prettyName: 'Distroless' } })),
    expected: ['UNSUPPORTED_IMAGE'],
  },
  { id: 'eol-distro', facts: basicFailed(distro('debian', '9')), expected: ['UNSUPPORTED_IMAGE'] },
  {
    id: 'undefined-severity',
    facts: makeFacts({ scan: withFindings('COMPLETE', [finding(), finding({ id: 'CVE-9', severity: 'UNDEFINED' })]) }),
    expected: ['UNDEFINED_SEVERITY'],
  },
  {
    id: 'never-scanned',
    facts: makeFacts({
      image: { repositoryName: 'payments-api' },
      repositoryScanning: repoScanning('payments-api', 'MANUAL'),
      scan: scanNotFound(),
    }),
    expected: ['NO_MATCHING_SCAN_RULE'],
  },
  {
    id: 'scan-not-started',
    facts: makeFacts({
      image: { repositoryName: 'prod-api' },
      repositoryScanning: repoScanning('prod-api', 'SCAN_ON_PUSH'),
      scan: scanNotFound(),
    }),
    expected: ['SCAN_NOT_STARTED'],
  },
  { id: 'in-progress', facts: makeFacts({ scan: scan('IN_PROGRESS') }), expected: ['SCAN_IN_PROGRESS'] },
  {
    id: 'pending',
    facts: makeFacts({ scan: scan('PENDING', { description: 'Pending start of the image scan.' }) }),
    expected: ['SCAN_PENDING'],
  },
  {
    id: 'failed-other',
    facts: makeFacts({ scan: scan('FAILED', { description: 'An internal error occurred.' }) }),
    expected: ['SCAN_FAILED'],
  },
  { id: 'limit-exceeded', facts: makeFacts({ scan: scan('LIMIT_EXCEEDED') }), expected: ['LIMIT_EXCEEDED'] },
  {
    id: 'archived',
    facts: makeFacts({ image: { imageStatus: 'ARCHIVED' }, scan: scan('IMAGE_ARCHIVED') }),
    expected: ['IMAGE_ARCHIVED'],
  },
  {
    id: 'signature',
    facts: makeEnhancedFacts({
      image: {
        subjectManifestDigest: digest('b'),
        imageTags: ['sha256-bbbb.sig'],
        artifactMediaType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
      },
      scan: scanNotFound(),
      inspector: inspector({ coverage: ok(undefined) }),
    }),
    expected: ['UNSUPPORTED_IMAGE'],
  },
  { id: 'manifest-list', facts: manifestList(), expected: ['UNSUPPORTED_IMAGE'] },
  {
    id: 'windows',
    facts: makeEnhancedFacts({
      scan: scan('UNSUPPORTED_IMAGE'),
      inspector: inspector({ coverage: ok(coverage('INACTIVE', 'UNSUPPORTED_OS')) }),
      os: os('windows', { os: 'windows', osVersion: '10.0.20348.2340' }),
    }),
    expected: ['UNSUPPORTED_IMAGE'],
  },
  {
    id: 'expired',
    facts: makeEnhancedFacts({
      image: { imagePushedAt: daysAgo(60), lastRecordedPullTime: daysAgo(40) },
      scan: scan('SCAN_ELIGIBILITY_EXPIRED'),
      inspector: inspector({
        coverage: ok(coverage('INACTIVE', 'SCAN_ELIGIBILITY_EXPIRED', { imagePulledAt: daysAgo(40) })),
      }),
    }),
    expected: ['SCAN_ELIGIBILITY_EXPIRED'],
  },
  {
    id: 'expiring',
    facts: makeEnhancedFacts({
      image: { imagePushedAt: daysAgo(27), lastRecordedPullTime: daysAgo(20) },
      inspector: inspector({ coverage: ok(coverage('ACTIVE', 'SUCCESSFUL', { imagePulledAt: daysAgo(20) })) }),
    }),
    expected: ['SCAN_ELIGIBILITY_EXPIRING'],
  },
  {
    id: 'enhanced-healthy',
    facts: makeEnhancedFacts({
      scan: withFindings('ACTIVE', [
        finding({ origin: 'enhanced' }),
        finding({ id: 'CVE-7', origin: 'enhanced', severity: 'UNTRIAGED' }),
      ]),
      os: distro('ubuntu', '24.04'),
    }),
    expected: ['UNDEFINED_SEVERITY'],
  },
  { id: 'enhanced-clean', facts: makeEnhancedFacts({ scan: withFindings('ACTIVE', []) }), expected: ['NO_FINDINGS'] },
  {
    id: 'scan-on-push-only',
    facts: makeEnhancedFacts({
      image: { repositoryName: 'batch-reports' },
      repositoryScanning: repoScanning('batch-reports', 'SCAN_ON_PUSH'),
      scan: withFindings('COMPLETE', [finding({ origin: 'enhanced' })]),
      inspector: inspector({
        coverage: ok(coverage('ACTIVE', 'SCAN_FREQUENCY_SCAN_ON_PUSH', { scanFrequency: 'SCAN_ON_PUSH' })),
      }),
    }),
    expected: ['SCAN_ON_PUSH_ONLY'],
  },
  {
    id: 'enhanced-pending',
    facts: makeEnhancedFacts({
      scan: scan('PENDING'),
      inspector: inspector({ coverage: ok(coverage('ACTIVE', 'PENDING_INITIAL_SCAN')) }),
    }),
    expected: ['SCAN_PENDING'],
  },
  {
    id: 'enhanced-in-progress',
    facts: makeEnhancedFacts({
      scan: scan('IN_PROGRESS'),
      inspector: inspector({ coverage: ok(coverage('ACTIVE', 'SCAN_IN_PROGRESS')) }),
    }),
    expected: ['SCAN_IN_PROGRESS'],
  },
  {
    id: 'enhanced-off',
    facts: makeEnhancedFacts({
      image: { repositoryName: 'legacy-tools' },
      repositoryScanning: repoScanning('legacy-tools', 'MANUAL'),
      scan: scanNotFound(),
      inspector: inspector({
        coverage: ok(coverage('INACTIVE', 'SCAN_FREQUENCY_MANUAL', { scanFrequency: 'MANUAL' })),
      }),
    }),
    expected: ['NO_MATCHING_SCAN_RULE'],
  },
  {
    id: 'kms-denied',
    facts: makeEnhancedFacts({
      repository: {
        registryId: '222222222222',
        repositoryName: 'svc-orders',
        repositoryArn: 'arn:aws:ecr:eu-west-1:222222222222:repository/svc-orders',
        repositoryUri: '222222222222.dkr.ecr.eu-west-1.amazonaws.com/svc-orders',
        encryptionType: 'KMS',
        kmsKey: 'arn:aws:kms:eu-west-1:222222222222:key/k1',
      },
      scan: scan('FAILED'),
      inspector: inspector({ coverage: ok(coverage('INACTIVE', 'ACCESS_DENIED_TO_ENCRYPTION_KEY')) }),
    }),
    expected: ['KMS_ACCESS_DENIED'],
  },
  {
    id: 'findings-unavailable',
    facts: makeEnhancedFacts({ scan: scan('FINDINGS_UNAVAILABLE') }),
    expected: ['FINDINGS_UNAVAILABLE'],
  },
  {
    id: 'inspector-disabled',
    facts: makeEnhancedFacts({
      target: acct333,
      image: { registryId: '333333333333' },
      registryScanning: ok({
        registryId: '333333333333',
        scanType: 'ENHANCED',
        rules: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] }],
      }),
      scan: scanNotFound(),
      inspector: inspector({
        accountStatus: ok({ accountId: '333333333333', ecrStatus: 'DISABLED' }),
        configuration: ok(DEFAULT_CONFIG),
        coverage: ok(undefined),
      }),
    }),
    expected: ['INSPECTOR_NOT_ENABLED'],
  },
];
