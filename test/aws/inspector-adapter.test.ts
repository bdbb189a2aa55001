import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ACCOUNTS } from '../../src/sandbox/accounts.js';
import { generatedAccountId, generateWorld } from '../../src/sandbox/generated-world.js';
import { ArrayImageStore } from '../../src/sandbox/image-store.js';
import { type SeededImage, seededImage } from '../../src/sandbox/seeded-images.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { registryKey, type SandboxImage, type VulnSpec } from '../../src/sandbox/world.js';
import { collect, type SandboxPorts, sandboxPorts } from './helpers/sandbox-ports.js';

const { basic, enhanced, inspectorDisabled } = SANDBOX_ACCOUNTS;
const BULK_REGION = 'eu-central-1';

let sandbox: RunningSandbox;
let enhancedPorts: SandboxPorts;
let disabledPorts: SandboxPorts;
let bulkPorts: SandboxPorts;

function worldImage(image: SeededImage): SandboxImage {
  const registry = sandbox.world.registries.get(registryKey(image.accountId, image.region))!;
  return registry.repositories.get(image.repositoryName)!.images.byDigest(image.digest)!;
}

function bulkRegistry() {
  return sandbox.world.registries.get(registryKey(generatedAccountId(0), BULK_REGION))!;
}

function imageArn(image: SeededImage): string {
  return `arn:aws:ecr:${image.region}:${image.accountId}:repository/${image.repositoryName}/${image.digest}`;
}

beforeAll(async () => {
  sandbox = await startSandbox();
  const generated = generateWorld({
    accounts: 1,
    repositoriesPerAccount: 2,
    imagesPerRepository: 300,
    now: new Date(),
    region: BULK_REGION,
  });
  for (const [key, registry] of generated.registries) sandbox.world.registries.set(key, registry);
  for (const [digest, bytes] of generated.blobs) sandbox.world.blobs.set(digest, bytes);
  enhancedPorts = sandboxPorts(sandbox, enhanced);
  disabledPorts = sandboxPorts(sandbox, inspectorDisabled);
  bulkPorts = sandboxPorts(sandbox, { accountId: generatedAccountId(0), region: BULK_REGION });
});

afterAll(async () => {
  for (const ports of [enhancedPorts, disabledPorts, bulkPorts]) ports.destroy();
  await sandbox.close();
});

describe('getConfiguration', () => {
  it('maps ecrConfiguration.rescanDurationState', async () => {
    const stored = sandbox.world.registries.get(registryKey(enhanced.accountId, enhanced.region))!.inspector;
    await expect(enhancedPorts.inspector.getConfiguration()).resolves.toEqual({
      rescanDuration: 'DAYS_30',
      pullDateRescanDuration: 'DAYS_14',
      pullDateRescanMode: 'LAST_PULL_DATE',
      status: 'SUCCESS',
      updatedAt: stored.updatedAt,
    });
  });
});

describe('listCoverage', () => {
  it('maps one image by resource id, dates as Dates', async () => {
    const image = seededImage('expired');
    const stored = worldImage(image);
    const pages = await collect(enhancedPorts.inspector.listCoverage({ resourceId: imageArn(image) }));
    expect(pages.flat()).toEqual([
      {
        resourceId: imageArn(image),
        accountId: enhanced.accountId,
        statusCode: 'INACTIVE',
        reason: 'SCAN_ELIGIBILITY_EXPIRED',
        repositoryName: 'svc-inventory',
        scanFrequency: 'CONTINUOUS_SCAN',
        imageTags: ['1.0.3'],
        imagePulledAt: stored.lastRecordedPullTime,
        lastScannedAt: stored.coverage?.lastScannedAt,
      },
    ]);
  });

  it('lists only images (never repositories), with every filter field passed on', async () => {
    const all = (await collect(enhancedPorts.inspector.listCoverage())).flat();
    const registry = sandbox.world.registries.get(registryKey(enhanced.accountId, enhanced.region))!;
    const imageCount = [...registry.repositories.values()].reduce((n, r) => n + r.images.size, 0);
    expect(all).toHaveLength(imageCount);
    expect(all.every((c) => c.resourceId.includes('/sha256:'))).toBe(true);

    const filtered = (
      await collect(
        enhancedPorts.inspector.listCoverage({
          repositoryName: 'svc-vault',
          accountId: enhanced.accountId,
          statusCode: 'INACTIVE',
          reason: 'ACCESS_DENIED_TO_ENCRYPTION_KEY',
        }),
      )
    ).flat();
    expect(filtered.map((c) => c.resourceId)).toEqual([imageArn(seededImage('kms-denied'))]);
  });

  it('finds an image by tag (ecrImageTags), leaving out its untagged siblings', async () => {
    const image = seededImage('manifest-list');
    const pages = await collect(
      enhancedPorts.inspector.listCoverage({ repositoryName: image.repositoryName, imageTag: image.tag }),
    );
    expect(pages.flat().map((c) => [c.resourceId, c.statusCode, c.reason])).toEqual([
      [imageArn(image), 'INACTIVE', 'UNSUPPORTED_MEDIA_TYPE'],
    ]);
  });

  it('lists nothing for an account whose Inspector ECR scanning is disabled', async () => {
    await expect(collect(disabledPorts.inspector.listCoverage())).resolves.toEqual([]);
  });

  it('streams 600 images in pages of 200', async () => {
    bulkPorts.calls.clear();
    const pages = await collect(bulkPorts.inspector.listCoverage());
    expect(pages.map((p) => p.length)).toEqual([200, 200, 200]);
    expect(new Set(pages.flat().map((c) => c.resourceId)).size).toBe(600);
    expect(bulkPorts.calls.count('inspector2:ListCoverage')).toBe(3);
  });
});

describe('listFindings', () => {
  it('maps the ACTIVE findings of one image, UNTRIAGED kept', async () => {
    const image = seededImage('enhanced-healthy');
    const vulns = worldImage(image).scan!.vulns;
    const findings = (
      await collect(
        enhancedPorts.inspector.listFindings({ repositoryName: image.repositoryName, imageHash: image.digest }),
      )
    ).flat();
    expect(findings.map((f) => [f.id, f.severity])).toEqual(vulns.map((v) => [v.id, v.severity]));
    expect(findings.every((f) => f.origin === 'inspector' && f.status === 'ACTIVE')).toBe(true);
    const scored = vulns.findIndex((v) => v.cvss3 !== undefined && v.severity !== 'UNTRIAGED');
    expect(findings[scored]?.cvss).toEqual({
      score: vulns[scored]!.cvss3!.score,
      vector: vulns[scored]!.cvss3!.vector,
      version: '3.1',
      source: vulns[scored]!.source,
    });
    expect(findings.find((f) => f.severity === 'UNTRIAGED')?.cvss).toBeUndefined();
  });

  it('filters by resource id and account, and by status (default ACTIVE)', async () => {
    const image = seededImage('enhanced-healthy');
    const byArn = (
      await collect(
        enhancedPorts.inspector.listFindings({ resourceId: imageArn(image), accountId: enhanced.accountId }),
      )
    ).flat();
    expect(byArn).toHaveLength(worldImage(image).scan!.vulns.length);
    const closed = await collect(
      enhancedPorts.inspector.listFindings({ resourceId: imageArn(image), status: 'CLOSED' }),
    );
    expect(closed).toEqual([]);
  });

  it('has none for an expired image', async () => {
    const image = seededImage('expired');
    await expect(collect(enhancedPorts.inspector.listFindings({ resourceId: imageArn(image) }))).resolves.toEqual([]);
  });

  it('streams 250 findings in pages of 100', async () => {
    const source = seededImage('enhanced-healthy');
    const template = worldImage(source);
    const vulns: VulnSpec[] = Array.from({ length: 250 }, (_, i) => ({
      ...template.scan!.vulns[0]!,
      id: `CVE-2099-${String(i).padStart(5, '0')}`,
    }));
    const registry = sandbox.world.registries.get(registryKey(source.accountId, source.region))!;
    registry.repositories.set('svc-bulk-findings', {
      name: 'svc-bulk-findings',
      createdAt: new Date(),
      encryptionType: 'AES256',
      imageTagMutability: 'MUTABLE',
      scanOnPush: false,
      images: new ArrayImageStore([{ ...template, scan: { ...template.scan!, vulns } }]),
    });
    enhancedPorts.calls.clear();
    const pages = await collect(enhancedPorts.inspector.listFindings({ repositoryName: 'svc-bulk-findings' }));
    expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
    expect(pages.flat().map((f) => f.id)).toEqual(vulns.map((v) => v.id));
    expect(enhancedPorts.calls.count('inspector2:ListFindings')).toBe(3);
  });
});

describe('listImageSeverityCounts', () => {
  it('counts the ACTIVE findings of the named images; an image without findings is not listed', async () => {
    const healthy = seededImage('enhanced-healthy');
    const expired = seededImage('expired');
    const vulns = worldImage(healthy).scan!.vulns;
    const count = (severity: string) => vulns.filter((v) => v.severity === severity).length;
    const pages = await collect(
      enhancedPorts.inspector.listImageSeverityCounts({
        accountId: enhanced.accountId,
        imageDigests: [healthy.digest, expired.digest],
      }),
    );
    // Another test copies the healthy image into a second repository; the expired image has no entry anywhere.
    expect(pages.flat().some((c) => c.imageDigest === expired.digest)).toBe(false);
    expect(pages.flat().filter((c) => c.repositoryName === healthy.repositoryName)).toEqual([
      {
        accountId: enhanced.accountId,
        repositoryName: healthy.repositoryName,
        imageDigest: healthy.digest,
        all: vulns.length,
        critical: count('CRITICAL'),
        high: count('HIGH'),
        medium: count('MEDIUM'),
      },
    ]);
  });

  it('streams a repository in pages of 100', async () => {
    bulkPorts.calls.clear();
    const repositoryName = [...bulkRegistry().repositories.keys()][0]!;
    const pages = await collect(bulkPorts.inspector.listImageSeverityCounts({ repositoryName }));
    const store = bulkRegistry().repositories.get(repositoryName)!.images;
    const withFindings = Array.from({ length: store.size }, (_, i) => store.at(i)).filter(
      (i) => i.scan?.engine === 'enhanced' && i.scan.vulns.length > 0,
    );
    expect(pages.flat().length).toBeGreaterThan(100);
    expect(pages.every((p) => p.length <= 100)).toBe(true);
    expect(pages.flat().every((c) => c.repositoryName === repositoryName && c.all > 0)).toBe(true);
    expect(pages.flat().length).toBeLessThanOrEqual(withFindings.length);
    expect(bulkPorts.calls.count('inspector2:ListFindingAggregations')).toBe(pages.length);
  });

  it('refuses more than 10 digests (the API filter limit) before calling AWS', async () => {
    const digests = Array.from({ length: 11 }, (_, i) => `sha256:${String(i).padStart(64, '0')}`);
    await expect(collect(enhancedPorts.inspector.listImageSeverityCounts({ imageDigests: digests }))).rejects.toThrow(
      /at most 10/,
    );
  });
});

describe('batchGetAccountStatus', () => {
  it("reports the caller's own account without ids", async () => {
    await expect(enhancedPorts.inspector.batchGetAccountStatus()).resolves.toEqual([
      { accountId: enhanced.accountId, ecrStatus: 'ENABLED', accountState: 'ENABLED' },
    ]);
    await expect(disabledPorts.inspector.batchGetAccountStatus()).resolves.toEqual([
      { accountId: inspectorDisabled.accountId, ecrStatus: 'DISABLED', accountState: 'DISABLED' },
    ]);
  });

  it('keeps accounts Inspector could not report on, as UNKNOWN', async () => {
    const statuses = await enhancedPorts.inspector.batchGetAccountStatus([
      inspectorDisabled.accountId,
      basic.accountId,
    ]);
    expect(statuses).toEqual([
      { accountId: inspectorDisabled.accountId, ecrStatus: 'DISABLED', accountState: 'DISABLED' },
      // The basic account lives in another Region, so this Region's Inspector does not know it.
      { accountId: basic.accountId, ecrStatus: 'UNKNOWN' },
    ]);
  });
});
