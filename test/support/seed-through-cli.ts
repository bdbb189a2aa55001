/**
 * Seeds a small ECR registry **through the AWS CLI**, so that one script builds the same registry in
 * moto and in the sandbox and the two can be compared operation by operation.
 *
 * What moto 5.2.1 can represent of ECR scanning (read from `moto/ecr/models.py` and `responses.py`,
 * and confirmed against `moto_server`); see {@link MOTO_ECR_SCAN_SUPPORT} for the per-state table:
 * - Nothing is scanned unless `StartImageScan` is called: registry rules (SCAN_ON_PUSH, CONTINUOUS_SCAN),
 *   the scan type and the legacy repository `scanOnPush` flag never trigger a scan.
 * - `DescribeImageScanFindings` on an image never passed to StartImageScan → `ScanNotFoundException`
 *   (HTTP 400). After StartImageScan it returns, at once and forever, one fixed answer: status COMPLETE,
 *   "The scan was completed successfully.", one basic finding CVE-9999-9999 severity HIGH (attributes
 *   package_version, package_name, CVSS2_VECTOR, CVSS2_SCORE), `findingSeverityCounts {HIGH: 1}`, no
 *   `enhancedFindings`, no `nextToken` (`maxResults` is ignored). Other answers need `/moto-api/`, which
 *   we do not use: only what the AWS API itself can do counts.
 * - `StartImageScan` answers `imageScanStatus {status: IN_PROGRESS}` (no description); a second call on
 *   the same calendar day (moto compares local dates; AWS counts 24 hours) → `LimitExceededException`
 *   "The scan quota per image has been exceeded. Wait and try again."
 * - Never producible: FAILED / UnsupportedImageError, UNSUPPORTED_IMAGE, UNDEFINED or UNTRIAGED severities,
 *   ACTIVE, PENDING, SCAN_ELIGIBILITY_EXPIRED, FINDINGS_UNAVAILABLE, LIMIT_EXCEEDED, IMAGE_ARCHIVED, a COMPLETE
 *   scan with zero findings, IN_PROGRESS as a DescribeImageScanFindings status.
 * - Supported: GetRegistryScanningConfiguration (registryId + scanningConfiguration as put),
 *   BatchGetRepositoryScanningConfiguration (scanFrequency + appliedScanFilters, `scanOnPush` always false,
 *   failures REPOSITORY_NOT_FOUND). moto matches a filter as a substring **or** `re.match` of `*`→`.*`,
 *   which is anchored only at the start (AWS anchors both ends), and the last matching rule wins
 *   (AWS: CONTINUOUS_SCAN beats SCAN_ON_PUSH).
 * - Not supported: the DescribeImages / ListImages `filter` (tagStatus, imageStatus: ignored, every image is
 *   returned) and their paging; DescribeImages has no imageScanStatus, imageScanFindingsSummary, imageStatus,
 *   lastRecordedPullTime or artifactMediaType; `imageSizeInBytes` is the manifest's `config.size`.
 *   GetDownloadUrlForLayer, InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload and
 *   BatchCheckLayerAvailability raise NotImplementedError (HTTP 500, HTML body). So blobs cannot be uploaded;
 *   moto's PutImage does not check that they exist (AWS does), and PutImage into a missing repository is a
 *   500, not RepositoryNotFoundException.
 * - moto's PutImage digest, when `imageDigest` is not given, is sha256 of the concatenated layer digests, not
 *   of the manifest; this seeder always passes the manifest's real sha256 as `--image-digest`.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { type AwsCliTarget, awsCliJson } from './aws-cli.js';

export const CLI_SEED_IMAGE_KEYS = ['complete', 'scan-not-started', 'never-scanned'] as const;
export type CliSeedImageKey = (typeof CLI_SEED_IMAGE_KEYS)[number];

/**
 * Whether moto can show each scan state through its AWS API alone, and how. A COMPLETE scan with zero
 * findings is not among them: moto's every scan has the HIGH finding (the sandbox, which has no scanner,
 * completes a manual scan of a pushed image with zero findings instead, so "complete" differs in values).
 */
export const MOTO_ECR_SCAN_SUPPORT = {
  'complete-with-findings': { producible: true, how: 'StartImageScan, then COMPLETE with one HIGH CVE-9999-9999' },
  'complete-clean': { producible: false, how: 'every scanned image reports the same HIGH finding' },
  'never-scanned': { producible: true, how: 'no StartImageScan: ScanNotFoundException' },
  'scan-not-started': { producible: true, how: 'push, then add a SCAN_ON_PUSH rule matching the repository' },
  'missing-tag': { producible: true, how: 'ImageNotFoundException' },
  'missing-repository': { producible: true, how: 'RepositoryNotFoundException (not on PutImage: HTTP 500)' },
  'limit-exceeded-error': { producible: true, how: 'second StartImageScan on the same day: LimitExceededException' },
  'in-progress': { producible: false, how: 'IN_PROGRESS only in the StartImageScan answer, never in findings' },
  'failed-unsupported': { producible: false, how: 'no FAILED or UNSUPPORTED_IMAGE status without /moto-api/' },
  'undefined-severity': { producible: false, how: 'the fixed finding is HIGH' },
  'expired-or-enhanced': { producible: false, how: 'no Inspector coupling; scan type ENHANCED changes nothing' },
} as const;

export interface SeedBlob {
  digest: string;
  mediaType: string;
  size: number;
  bytes: Buffer;
}

export interface CliSeededImage {
  key: CliSeedImageKey;
  repositoryName: string;
  tag: string;
  /** sha256 of the exact manifest bytes, as AWS computes it. */
  digest: string;
  manifest: string;
  mediaType: string;
  /** Config and layer blobs the manifest references (not uploaded: see the file comment). */
  blobs: readonly SeedBlob[];
  scanStarted: boolean;
}

export interface CliSeededRegistry {
  registryId: string;
  region: string;
  repositories: { scanOnPush: string; manual: string };
  scanningRules: readonly unknown[];
  images: Record<CliSeedImageKey, CliSeededImage>;
  missingTag: { repositoryName: string; tag: string };
  missingRepository: { repositoryName: string; tag: string };
  /** The parsed CLI answers of the StartImageScan calls, by image key. */
  startImageScanAnswers: Partial<Record<CliSeedImageKey, unknown>>;
}

export interface SeedThroughCliOptions {
  region: string;
  accessKeyId: string;
  /** Repository name prefix, so seeded repositories never collide with a backend's own. */
  prefix?: string;
}

const sha256 = (bytes: Buffer | string) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

function tarOf(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name, mtime: new Date(0), mode: 0o644 }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    pack.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
  });
}

/** A real single-layer Docker v2 image: alpine-like os-release, an apk database, a config labelled `label`. */
export async function buildFixtureImage(
  label: string,
): Promise<Pick<CliSeededImage, 'digest' | 'manifest' | 'mediaType' | 'blobs'>> {
  const layerTar = await tarOf({
    'etc/os-release': 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.22.0\nPRETTY_NAME="Alpine Linux v3.22"\n',
    'lib/apk/db/installed': `P:musl\nV:1.2.5-r10\nA:x86_64\n\nP:ecrscan-fixture-${label}\nV:1.0.0-r0\nA:x86_64\n\n`,
  });
  const layer = gzipSync(layerTar);
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Labels: { 'org.ecrscan.fixture': label }, Cmd: ['/bin/sh'] },
      rootfs: { type: 'layers', diff_ids: [sha256(layerTar)] },
      history: [{ created: '2026-01-01T00:00:00Z', created_by: `ecrscan fidelity fixture ${label}` }],
    }),
  );
  const blobs: SeedBlob[] = [
    {
      digest: sha256(config),
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: config.length,
      bytes: config,
    },
    {
      digest: sha256(layer),
      mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
      size: layer.length,
      bytes: layer,
    },
  ];
  const mediaType = 'application/vnd.docker.distribution.manifest.v2+json';
  const [configBlob, ...layers] = blobs.map(({ digest, mediaType, size }) => ({ mediaType, size, digest }));
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType, config: configBlob, layers });
  return { digest: sha256(manifest), manifest, mediaType, blobs };
}

/**
 * Builds, through `aws ecr …`, a BASIC registry and, in an order that gives the same states on AWS, the
 * sandbox and moto:
 * 1. repositories `<prefix>prod-api` and `<prefix>tools`;
 * 2. images: `complete` and `never-scanned` in tools, `scan-not-started` in prod-api;
 * 3. one SCAN_ON_PUSH rule (filters `prod`, `team-*`, as the sandbox's account 111111111111 has), which
 *    matches prod-api only. Set after the push, so no scan on push happened (moto never scans on push;
 *    AWS and the sandbox would have, and that scan counts toward the one-scan-a-day quota);
 * 4. StartImageScan for `complete` (a manual basic scan; AWS and the sandbox show IN_PROGRESS for a while).
 */
export async function seedBasicRegistryThroughCli(
  endpoint: string,
  opts: SeedThroughCliOptions,
): Promise<CliSeededRegistry> {
  const prefix = opts.prefix ?? 'cli-seed-';
  const target: AwsCliTarget = { endpoint, region: opts.region, accessKeyId: opts.accessKeyId };
  const repositories = { scanOnPush: `${prefix}prod-api`, manual: `${prefix}tools` };
  const filters = ['prod', 'team-*'].map((filter) => ({ filter, filterType: 'WILDCARD' }));
  const scanningRules = [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: filters }];

  const created = await Promise.all(
    Object.values(repositories).map((name) =>
      awsCliJson<{ repository: { registryId: string } }>(
        ['ecr', 'create-repository', '--repository-name', name],
        target,
      ),
    ),
  );
  const registryId = created[0]!.repository.registryId;

  const placement: Record<CliSeedImageKey, { repositoryName: string; tag: string; scan: boolean }> = {
    complete: { repositoryName: repositories.manual, tag: 'complete', scan: true },
    'never-scanned': { repositoryName: repositories.manual, tag: 'never-scanned', scan: false },
    'scan-not-started': { repositoryName: repositories.scanOnPush, tag: 'not-started', scan: false },
  };
  const entries = await Promise.all(
    CLI_SEED_IMAGE_KEYS.map(async (key): Promise<[CliSeedImageKey, CliSeededImage]> => {
      const { repositoryName, tag, scan } = placement[key];
      const image = await buildFixtureImage(key);
      await awsCliJson(
        ['ecr', 'put-image', '--repository-name', repositoryName, '--image-tag', tag]
          .concat(['--image-manifest', image.manifest, '--image-manifest-media-type', image.mediaType])
          .concat(['--image-digest', image.digest]),
        target,
      );
      return [key, { key, repositoryName, tag, ...image, scanStarted: scan }];
    }),
  );
  const images = Object.fromEntries(entries) as Record<CliSeedImageKey, CliSeededImage>;

  // The rule and the manual scan only need the images to exist: one round of CLI start-ups for both.
  const startImageScanAnswers: Partial<Record<CliSeedImageKey, unknown>> = {};
  await Promise.all([
    awsCliJson(
      ['ecr', 'put-registry-scanning-configuration', '--scan-type', 'BASIC', '--rules', JSON.stringify(scanningRules)],
      target,
    ),
    ...Object.values(images)
      .filter((image) => image.scanStarted)
      .map(async (image) => {
        startImageScanAnswers[image.key] = await awsCliJson(
          ['ecr', 'start-image-scan', '--repository-name', image.repositoryName, '--image-id', `imageTag=${image.tag}`],
          target,
        );
      }),
  ]);

  return {
    registryId,
    region: opts.region,
    repositories,
    scanningRules,
    images,
    missingTag: { repositoryName: repositories.scanOnPush, tag: 'no-such-tag' },
    missingRepository: { repositoryName: `${prefix}no-such-repo`, tag: 'latest' },
    startImageScanAnswers,
  };
}
