import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAwsError } from '../../src/aws/aws-error.js';
import { MEDIA_TYPES } from '../../src/domain/aws-values.js';
import type { ImageIdentifier } from '../../src/domain/facts.js';
import { SANDBOX_ACCOUNTS } from '../../src/sandbox/accounts.js';
import { generatedAccountId, generateWorld } from '../../src/sandbox/generated-world.js';
import { ArrayImageStore } from '../../src/sandbox/image-store.js';
import { SEEDED_IMAGES, type SeededImage, seededImage } from '../../src/sandbox/seeded-images.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { registryKey, type SandboxImage, type VulnSpec } from '../../src/sandbox/world.js';
import { collect, type SandboxPorts, sandboxPorts } from './helpers/sandbox-ports.js';

const { basic, enhanced, inspectorDisabled } = SANDBOX_ACCOUNTS;
const BULK_REGION = 'eu-central-1';
const BULK_ACCOUNT = generatedAccountId(0);

let sandbox: RunningSandbox;
let byAccount: Record<string, SandboxPorts>;
let bulk: SandboxPorts;

function portsOf(image: SeededImage): SandboxPorts {
  return byAccount[image.accountId]!;
}

function idOf(image: SeededImage): ImageIdentifier {
  return image.tag === undefined ? { imageDigest: image.digest } : { imageTag: image.tag };
}

function worldImage(image: SeededImage): SandboxImage {
  const registry = sandbox.world.registries.get(registryKey(image.accountId, image.region))!;
  return registry.repositories.get(image.repositoryName)!.images.byDigest(image.digest)!;
}

function sha256(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

beforeAll(async () => {
  sandbox = await startSandbox();
  const generated = generateWorld({
    accounts: 1,
    repositoriesPerAccount: 1,
    imagesPerRepository: 2500,
    now: new Date(),
    region: BULK_REGION,
  });
  for (const [key, registry] of generated.registries) sandbox.world.registries.set(key, registry);
  for (const [digest, bytes] of generated.blobs) sandbox.world.blobs.set(digest, bytes);
  byAccount = Object.fromEntries(
    [basic, enhanced, inspectorDisabled].map((a) => [a.accountId, sandboxPorts(sandbox, a)] as const),
  );
  bulk = sandboxPorts(sandbox, { accountId: BULK_ACCOUNT, region: BULK_REGION });
});

afterAll(async () => {
  for (const ports of [...Object.values(byAccount), bulk]) ports.destroy();
  await sandbox.close();
});

describe('describeImage', () => {
  it.each(SEEDED_IMAGES.map((image) => [image.id, image] as const))('%s: maps the ImageDetail', async (_id, image) => {
    const detail = await portsOf(image).ecr.describeImage(image.repositoryName, idOf(image));
    const stored = worldImage(image);
    expect(detail).toMatchObject({
      registryId: image.accountId,
      repositoryName: image.repositoryName,
      imageDigest: image.digest,
      imageTags: stored.tags,
      imageSizeInBytes: stored.sizeInBytes,
      imageManifestMediaType: stored.manifestMediaType,
      imageStatus: stored.imageStatus,
    });
    expect(detail.imagePushedAt).toBeInstanceOf(Date);
    expect(detail.imagePushedAt?.getTime()).toBe(stored.pushedAt.getTime());
    expect(detail.lastRecordedPullTime?.getTime()).toBe(stored.lastRecordedPullTime?.getTime());
  });

  it('finds an archived image (imageStatus ANY) and keeps its archive date', async () => {
    const image = seededImage('archived');
    const detail = await portsOf(image).ecr.describeImage(image.repositoryName, idOf(image));
    expect(detail.imageStatus).toBe('ARCHIVED');
    expect(detail.lastArchivedAt).toBeInstanceOf(Date);
  });

  it('keeps the subject digest of a signature and the artifact type of an index', async () => {
    const signature = seededImage('signature');
    const sig = await portsOf(signature).ecr.describeImage(signature.repositoryName, idOf(signature));
    expect(sig.subjectManifestDigest).toBe(seededImage('enhanced-healthy').digest);
    const index = seededImage('manifest-list');
    const list = await portsOf(index).ecr.describeImage(index.repositoryName, idOf(index));
    expect(list.imageManifestMediaType).toBe(MEDIA_TYPES.ociIndex);
  });

  it.each([
    ['an unknown tag', 'payments-prod', { imageTag: 'no-such-tag' }, 'IMAGE_NOT_FOUND', 'ImageNotFoundException'],
    [
      'an unknown repository',
      'no-such-repo',
      { imageTag: 'latest' },
      'REPOSITORY_NOT_FOUND',
      'RepositoryNotFoundException',
    ],
  ])('%s fails with %s', async (_label, repository, imageId, code, awsName) => {
    const err = await byAccount[basic.accountId]!.ecr.describeImage(repository, imageId).catch((e) => e);
    expect(isAwsError(err)).toBe(true);
    expect(err).toMatchObject({ code, awsName, httpStatus: 400, operation: 'ecr:DescribeImages' });
  });
});

describe('describeImages', () => {
  it('includes archived images', async () => {
    const archived = seededImage('archived');
    const pages = await collect(portsOf(archived).ecr.describeImages(archived.repositoryName));
    expect(pages.flat().map((d) => [d.imageDigest, d.imageStatus])).toEqual([[archived.digest, 'ARCHIVED']]);
  });

  it('passes tagStatus on: an index is tagged, its platform children are not', async () => {
    const index = seededImage('manifest-list');
    const ecr = portsOf(index).ecr;
    const tagged = (await collect(ecr.describeImages(index.repositoryName, { tagStatus: 'TAGGED' }))).flat();
    const untagged = (await collect(ecr.describeImages(index.repositoryName, { tagStatus: 'UNTAGGED' }))).flat();
    expect(tagged.map((d) => d.imageDigest)).toEqual([index.digest]);
    expect(untagged).toHaveLength(2);
    expect(untagged.every((d) => d.imageTags.length === 0)).toBe(true);
  });

  it('streams a 2,500-image repository in pages of 1000', async () => {
    bulk.calls.clear();
    const pages = await collect(bulk.ecr.describeImages('svc-0000'));
    expect(pages.map((p) => p.length)).toEqual([1000, 1000, 500]);
    expect(new Set(pages.flat().map((d) => d.imageDigest)).size).toBe(2500);
    expect(bulk.calls.attempts).toEqual(['ecr:DescribeImages#1', 'ecr:DescribeImages#1', 'ecr:DescribeImages#1']);
  });
});

describe('describeImageScanFindings', () => {
  it('maps a basic scan: status, dates, counts and findings', async () => {
    const image = seededImage('healthy');
    const scan = worldImage(image).scan!;
    const result = await portsOf(image).ecr.describeImageScanFindings(image.repositoryName, idOf(image));
    expect(result.status).toBe('COMPLETE');
    expect(result.description).toBe('The scan was completed successfully.');
    expect(result.imageScanCompletedAt).toBeInstanceOf(Date);
    expect(result.imageScanCompletedAt?.getTime()).toBe(scan.completedAt?.getTime());
    expect(result.vulnerabilitySourceUpdatedAt?.getTime()).toBe(scan.vulnerabilitySourceUpdatedAt?.getTime());
    expect(result.severityCounts).toEqual({ HIGH: 2, MEDIUM: 2 });
    expect(result.findings.map((f) => [f.id, f.severity, f.origin])).toEqual(
      scan.vulns.map((v) => [v.id, v.severity, 'basic']),
    );
    expect(result.findings[0]).toEqual({
      id: 'CVE-2023-4911',
      origin: 'basic',
      severity: 'HIGH',
      description: scan.vulns[0]!.description,
      cvss: { score: 7.8, vector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', version: '3.1' },
      links: ['https://security-tracker.debian.org/tracker/CVE-2023-4911'],
      packages: [{ name: 'libc6', version: '2.36-9+deb12u4' }],
    });
  });

  it('keeps UNDEFINED severities of a basic scan', async () => {
    const image = seededImage('undefined-severity');
    const result = await portsOf(image).ecr.describeImageScanFindings(image.repositoryName, idOf(image));
    const undefinedOnes = result.findings.filter((f) => f.severity === 'UNDEFINED');
    expect(undefinedOnes.length).toBeGreaterThan(0);
    expect(result.severityCounts.UNDEFINED).toBe(undefinedOnes.length);
  });

  it('maps enhanced findings, including an UNTRIAGED one without a score', async () => {
    const image = seededImage('enhanced-healthy');
    const vulns = worldImage(image).scan!.vulns;
    const result = await portsOf(image).ecr.describeImageScanFindings(image.repositoryName, idOf(image));
    expect(result.status).toBe('ACTIVE');
    expect(result.findings.map((f) => f.id)).toEqual(vulns.map((v) => v.id));
    expect(result.findings.every((f) => f.origin === 'enhanced' && f.status === 'ACTIVE')).toBe(true);
    const untriaged = result.findings.find((f) => f.severity === 'UNTRIAGED');
    expect(untriaged).toBeDefined();
    expect(untriaged?.cvss).toBeUndefined();
    const spec = vulns[0]!;
    expect(result.findings[0]).toEqual({
      id: spec.id,
      origin: 'enhanced',
      severity: spec.severity,
      title: `${spec.id} - ${spec.packageName}`,
      description: spec.description,
      vendorSeverity: spec.vendorSeverity,
      cvss: { score: spec.cvss3!.score, vector: spec.cvss3!.vector, version: '3.1', source: spec.source },
      source: spec.source,
      links: [spec.sourceUrl, `https://nvd.nist.gov/vuln/detail/${spec.id}`],
      packages: [
        {
          name: spec.packageName,
          version: spec.packageVersion,
          fixedInVersion: spec.fixedInVersion ?? 'NotAvailable',
          packageManager: spec.packageManager ?? 'OS',
          ...(spec.filePath === undefined ? {} : { filePath: spec.filePath }),
        },
      ],
      status: 'ACTIVE',
      fixAvailable: spec.fixedInVersion ? 'YES' : 'NO',
    });
  });

  it('reports a failed scan with its description and no findings', async () => {
    const image = seededImage('scratch');
    const result = await portsOf(image).ecr.describeImageScanFindings(image.repositoryName, idOf(image));
    expect(result).toEqual({
      status: 'FAILED',
      description: 'UnsupportedImageError: The operating system and/or package manager are not supported.',
      severityCounts: {},
      findings: [],
    });
  });

  it.each([
    ['never-scanned', 'SCAN_NOT_FOUND', 'ScanNotFoundException'],
    ['inspector-disabled', 'SCAN_NOT_FOUND', 'ScanNotFoundException'],
  ] as const)('%s fails with %s', async (id, code, awsName) => {
    const image = seededImage(id);
    const err = await portsOf(image)
      .ecr.describeImageScanFindings(image.repositoryName, idOf(image))
      .catch((e) => e);
    expect(err).toMatchObject({ name: 'AwsError', code, awsName, operation: 'ecr:DescribeImageScanFindings' });
  });

  it('merges every page of a scan with 2,345 findings', async () => {
    const source = seededImage('healthy');
    const template = worldImage(source);
    const vulns: VulnSpec[] = Array.from({ length: 2345 }, (_, i) => ({
      ...template.scan!.vulns[i % template.scan!.vulns.length]!,
      id: `CVE-2099-${String(i).padStart(5, '0')}`,
      severity: i % 7 === 0 ? 'UNDEFINED' : 'LOW',
    }));
    const registry = sandbox.world.registries.get(registryKey(source.accountId, source.region))!;
    registry.repositories.set('bulk-findings', {
      name: 'bulk-findings',
      createdAt: new Date(),
      encryptionType: 'AES256',
      imageTagMutability: 'MUTABLE',
      scanOnPush: false,
      images: new ArrayImageStore([{ ...template, scan: { ...template.scan!, vulns } }]),
    });
    const ports = portsOf(source);
    ports.calls.clear();
    const result = await ports.ecr.describeImageScanFindings('bulk-findings', { imageDigest: source.digest });
    expect(result.findings.map((f) => f.id)).toEqual(vulns.map((v) => v.id));
    expect(result.severityCounts).toEqual({ UNDEFINED: 335, LOW: 2010 });
    expect(ports.calls.count('ecr:DescribeImageScanFindings')).toBe(3);
  });
});

describe('batchGetImage', () => {
  it('returns the exact manifest of an image and of an OCI index', async () => {
    const image = seededImage('healthy');
    const index = seededImage('manifest-list');
    const single = await portsOf(image).ecr.batchGetImage(image.repositoryName, [idOf(image)]);
    expect(single.failures).toEqual([]);
    expect(single.images).toHaveLength(1);
    expect(single.images[0]).toMatchObject({
      imageDigest: image.digest,
      imageTag: image.tag,
      mediaType: MEDIA_TYPES.dockerManifestV2,
    });
    expect(sha256(single.images[0]!.manifest)).toBe(image.digest);

    const list = await portsOf(index).ecr.batchGetImage(index.repositoryName, [idOf(index)]);
    expect(list.images[0]?.mediaType).toBe(MEDIA_TYPES.ociIndex);
    expect(JSON.parse(list.images[0]!.manifest).manifests).toHaveLength(2);
  });

  it('splits more than 100 ids into batches and reports per-image failures', async () => {
    const image = seededImage('healthy');
    const missing = Array.from({ length: 149 }, (_, i) => ({ imageDigest: `sha256:${String(i).padStart(64, 'a')}` }));
    const ports = portsOf(image);
    ports.calls.clear();
    const result = await ports.ecr.batchGetImage(image.repositoryName, [{ imageDigest: image.digest }, ...missing]);
    expect(result.images.map((i) => i.imageDigest)).toEqual([image.digest]);
    expect(result.failures).toHaveLength(149);
    expect(result.failures[0]).toEqual({
      imageDigest: missing[0]!.imageDigest,
      failureCode: 'ImageNotFound',
      failureReason: 'Requested image not found',
    });
    expect(ports.calls.count('ecr:BatchGetImage')).toBe(2);
  });

  it('reports an archived image as a failure, not an error', async () => {
    const image = seededImage('archived');
    const result = await portsOf(image).ecr.batchGetImage(image.repositoryName, [idOf(image)]);
    expect(result.images).toEqual([]);
    expect(result.failures.map((f) => f.failureCode)).toEqual(['ImageInaccessible']);
  });
});

describe('layers and blobs', () => {
  async function configDigest(image: SeededImage): Promise<string> {
    const { images } = await portsOf(image).ecr.batchGetImage(image.repositoryName, [idOf(image)]);
    return JSON.parse(images[0]!.manifest).config.digest;
  }

  it('downloads the config blob through GetDownloadUrlForLayer, bytes intact', async () => {
    const image = seededImage('healthy');
    const ecr = portsOf(image).ecr;
    const digest = await configDigest(image);
    const url = await ecr.getDownloadUrlForLayer(image.repositoryName, digest);
    const bytes = await ecr.fetchBlob(url, 1024 * 1024);
    expect(sha256(bytes)).toBe(digest);
    expect(JSON.parse(new TextDecoder().decode(bytes)).os).toBe('linux');
  });

  it('refuses a blob over maxBytes', async () => {
    const image = seededImage('healthy');
    const ecr = portsOf(image).ecr;
    const digest = await configDigest(image);
    const url = await ecr.getDownloadUrlForLayer(image.repositoryName, digest);
    const size = (await ecr.fetchBlob(url, 1024 * 1024)).byteLength;
    await expect(ecr.fetchBlob(url, size)).resolves.toHaveLength(size);
    await expect(ecr.fetchBlob(url, size - 1)).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('streams a layer whole, and stops after the first chunk when asked', async () => {
    const image = seededImage('healthy');
    const ecr = portsOf(image).ecr;
    const { images } = await ecr.batchGetImage(image.repositoryName, [idOf(image)]);
    const layer = JSON.parse(images[0]!.manifest).layers[0] as { digest: string; size: number };
    const url = await ecr.getDownloadUrlForLayer(image.repositoryName, layer.digest);
    const hash = createHash('sha256');
    let total = 0;
    for await (const chunk of ecr.streamBlob(url)) {
      hash.update(chunk);
      total += chunk.byteLength;
    }
    expect(total).toBe(layer.size);
    expect(`sha256:${hash.digest('hex')}`).toBe(layer.digest);

    let chunks = 0;
    for await (const _ of ecr.streamBlob(url)) {
      chunks += 1;
      break;
    }
    expect(chunks).toBe(1);
  });

  it.each([
    ['a digest no image references', `sha256:${'0'.repeat(64)}`, 'LAYER_NOT_FOUND', 'LayersNotFoundException'],
    ['a blob of another repository', 'other-repo', 'LAYER_NOT_FOUND', 'LayerInaccessibleException'],
  ])('%s fails with %s', async (_label, digestOrMarker, code, awsName) => {
    const image = seededImage('healthy');
    const digest = digestOrMarker === 'other-repo' ? await configDigest(seededImage('scan-clean')) : digestOrMarker;
    const err = await portsOf(image)
      .ecr.getDownloadUrlForLayer(image.repositoryName, digest)
      .catch((e) => e);
    expect(err).toMatchObject({ code, awsName, operation: 'ecr:GetDownloadUrlForLayer' });
  });
});

describe('startImageScan and presigned URL expiry (own sandbox: these change its state)', () => {
  let own: RunningSandbox;
  let clock = new Date();
  let basicPorts: SandboxPorts;
  let enhancedPorts: SandboxPorts;

  beforeAll(async () => {
    own = await startSandbox({ now: () => clock });
    basicPorts = sandboxPorts(own, basic);
    enhancedPorts = sandboxPorts(own, enhanced);
  });

  afterAll(async () => {
    basicPorts.destroy();
    enhancedPorts.destroy();
    await own.close();
  });

  it('starts a scan once; the second call is limit-exceeded after exactly one HTTP attempt', async () => {
    const image = seededImage('scan-not-started');
    basicPorts.calls.clear();
    own.stats.reset();
    await expect(basicPorts.ecr.startImageScan(image.repositoryName, idOf(image))).resolves.toEqual({
      kind: 'started',
      status: 'IN_PROGRESS',
    });
    await expect(basicPorts.ecr.startImageScan(image.repositoryName, idOf(image))).resolves.toEqual({
      kind: 'limit-exceeded',
      message: 'The scan quota per image has been exceeded. Wait and try again.',
    });
    expect(basicPorts.calls.attempts).toEqual(['ecr:StartImageScan#1', 'ecr:StartImageScan#1']);
    expect(own.stats.byOperation()).toEqual({ 'ecr:StartImageScan': 2 });
  });

  it('does not retry StartImageScan when throttled either', async () => {
    const image = seededImage('healthy');
    own.faults.set({ throttle: { fraction: 1, operations: ['ecr:StartImageScan'] } });
    basicPorts.calls.clear();
    try {
      const err = await basicPorts.ecr.startImageScan(image.repositoryName, idOf(image)).catch((e) => e);
      expect(err).toMatchObject({ code: 'THROTTLED', awsName: 'ThrottlingException' });
      expect(basicPorts.calls.attempts).toEqual(['ecr:StartImageScan#1']);
    } finally {
      own.faults.reset();
    }
  });

  it.each([
    ['an enhanced registry', 'enhanced-healthy', 'VALIDATION', 'ValidationException', 'This feature is disabled'],
    ['an archived image', 'archived', 'IMAGE_ARCHIVED', 'ImageArchivedException', 'archived'],
  ] as const)('on %s fails with %s', async (_label, id, code, awsName, text) => {
    const image = seededImage(id);
    const ports = image.accountId === basic.accountId ? basicPorts : enhancedPorts;
    const err = await ports.ecr.startImageScan(image.repositoryName, idOf(image)).catch((e) => e);
    expect(err).toMatchObject({ name: 'AwsError', code, awsName, operation: 'ecr:StartImageScan' });
    expect(err.message).toContain(text);
  });

  it('maps an expired presigned URL to ACCESS_DENIED without echoing its signature', async () => {
    const image = seededImage('scan-clean');
    const { images } = await basicPorts.ecr.batchGetImage(image.repositoryName, [idOf(image)]);
    const digest = JSON.parse(images[0]!.manifest).config.digest as string;
    const url = await basicPorts.ecr.getDownloadUrlForLayer(image.repositoryName, digest);
    clock = new Date(clock.getTime() + 2 * 3600_000);
    const err = await basicPorts.ecr.fetchBlob(url, 1024 * 1024).catch((e) => e);
    expect(err).toMatchObject({ name: 'AwsError', code: 'ACCESS_DENIED', httpStatus: 403 });
    expect(err.message).not.toContain('X-Amz-Signature');
  });
});
