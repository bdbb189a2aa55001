import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { DescribeImageScanFindingsCommand, DescribeImagesCommand } from '@aws-sdk/client-ecr';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ACCOUNTS } from '../../src/sandbox/accounts.js';
import { SEEDED_IMAGES, type SeededImage } from '../../src/sandbox/seeded-images.js';
import { createDefaultWorld } from '../../src/sandbox/seeded-world.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import type { SandboxImage } from '../../src/sandbox/world.js';
import { type AccountKey, ecrClient } from './clients.js';

const now = new Date('2026-03-01T12:00:00Z');
const world = createDefaultWorld(now);
const DAY = 86_400_000;

function stored(seeded: SeededImage): SandboxImage {
  const image = world.registries
    .get(`${seeded.accountId}/${seeded.region}`)
    ?.repositories.get(seeded.repositoryName)
    ?.images.byDigest(seeded.digest);
  if (!image) throw new Error(`${seeded.id} is not in the world`);
  return image;
}

async function listTar(gz: Uint8Array): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const extract = tar.extract();
  extract.end(gunzipSync(gz));
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    if (entry.header.type === 'file') files.set(entry.header.name, Buffer.concat(chunks).toString('latin1'));
  }
  return files;
}

async function filesOf(image: SandboxImage): Promise<Map<string, string>> {
  const all = new Map<string, string>();
  for (const layer of (JSON.parse(image.manifest).layers ?? []) as { digest: string }[]) {
    const blob = world.blobs.get(layer.digest);
    if (blob) for (const [name, content] of await listTar(blob)) all.set(name, content);
  }
  return all;
}

describe('SEEDED_IMAGES', () => {
  it('has one image per problem, each in the world under its true manifest digest', () => {
    expect(new Set(SEEDED_IMAGES.map((i) => i.id)).size).toBe(SEEDED_IMAGES.length);
    for (const seeded of SEEDED_IMAGES) {
      const image = stored(seeded);
      expect(`sha256:${createHash('sha256').update(image.manifest).digest('hex')}`).toBe(seeded.digest);
      expect(
        seeded.ref.startsWith(`${seeded.accountId}.dkr.ecr.${seeded.region}.amazonaws.com/${seeded.repositoryName}`),
      ).toBe(true);
      if (seeded.tag) expect(image.tags).toContain(seeded.tag);
    }
  });

  it('stores every referenced blob with its true digest', () => {
    for (const seeded of SEEDED_IMAGES) {
      for (const digest of stored(seeded).blobDigests) {
        expect(`sha256:${createHash('sha256').update(world.blobs.get(digest)!).digest('hex')}`).toBe(digest);
      }
    }
  });

  it.each([
    ['healthy', ['etc/os-release', 'var/lib/dpkg/status'], /VERSION_CODENAME=bookworm/],
    ['scan-clean', ['etc/os-release', 'lib/apk/db/installed'], /ID=alpine/],
    ['eol-distro', ['etc/os-release', 'var/lib/dpkg/status'], /stretch/],
    ['distroless', ['etc/os-release', 'var/lib/dpkg/status.d/libc6'], /PRETTY_NAME="Distroless"/],
    ['enhanced-healthy', ['etc/os-release', 'var/lib/dpkg/status'], /ID=ubuntu/],
  ] as const)('%s has real tar.gz layers with %j', async (id, paths, osRelease) => {
    const files = await filesOf(stored(SEEDED_IMAGES.find((i) => i.id === id)!));
    for (const path of paths) expect(files.has(path)).toBe(true);
    expect(files.get('etc/os-release')).toMatch(osRelease);
  });

  it('the scratch image holds only the application binary', async () => {
    const files = await filesOf(stored(SEEDED_IMAGES.find((i) => i.id === 'scratch')!));
    expect([...files.keys()]).toEqual(['app/gateway']);
    expect(files.get('app/gateway')?.startsWith('\x7fELF')).toBe(true);
  });

  it('the Windows image has a foreign base layer and a windows config', () => {
    const image = stored(SEEDED_IMAGES.find((i) => i.id === 'windows')!);
    const manifest = JSON.parse(image.manifest);
    expect(manifest.layers[0].mediaType).toBe('application/vnd.docker.image.rootfs.foreign.diff.tar.gzip');
    const config = JSON.parse(Buffer.from(world.blobs.get(manifest.config.digest)!).toString());
    expect(config).toMatchObject({ os: 'windows', 'os.version': expect.stringMatching(/^10\.0\.20348/) });
  });

  it('the signature is a referrer of the enhanced-healthy image', () => {
    const signature = stored(SEEDED_IMAGES.find((i) => i.id === 'signature')!);
    expect(signature.subjectManifestDigest).toBe(SEEDED_IMAGES.find((i) => i.id === 'enhanced-healthy')!.digest);
  });

  it('the expiring image expires in about 3 days and the expired one 26 days ago (30-day push, 14-day pull windows)', () => {
    const expiresAt = (image: SandboxImage) =>
      Math.max(image.pushedAt.getTime() + 30 * DAY, image.lastRecordedPullTime!.getTime() + 14 * DAY);
    expect((expiresAt(stored(SEEDED_IMAGES.find((i) => i.id === 'expiring')!)) - now.getTime()) / DAY).toBeCloseTo(
      3,
      1,
    );
    expect((expiresAt(stored(SEEDED_IMAGES.find((i) => i.id === 'expired')!)) - now.getTime()) / DAY).toBeCloseTo(
      -26,
      1,
    );
  });
});

describe('every seeded image through the SDK', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ now: () => now });
  });
  afterAll(() => sandbox.close());

  const accountKey = (accountId: string) =>
    (Object.keys(SANDBOX_ACCOUNTS) as AccountKey[]).find((k) => SANDBOX_ACCOUNTS[k].accountId === accountId)!;

  it.each(SEEDED_IMAGES.map((i) => [i.id, i] as const))(
    '%s can be described (imageStatus ANY) and has the expected scan state',
    async (_id, seeded) => {
      const ecr = ecrClient(sandbox.url, accountKey(seeded.accountId));
      const imageId = seeded.tag ? { imageTag: seeded.tag } : { imageDigest: seeded.digest };
      const described = await ecr.send(
        new DescribeImagesCommand({
          repositoryName: seeded.repositoryName,
          imageIds: [imageId],
          filter: { imageStatus: 'ANY' },
        }),
      );
      expect(described.imageDetails?.[0]?.imageDigest).toBe(seeded.digest);
      const scan = await ecr
        .send(new DescribeImageScanFindingsCommand({ repositoryName: seeded.repositoryName, imageId }))
        .catch((e: Error) => e.name);
      const status = typeof scan === 'string' ? scan : scan.imageScanStatus?.status;
      expect(status).toBe(EXPECTED_STATUS[seeded.id]);
    },
  );
});

const EXPECTED_STATUS: Record<string, string> = {
  healthy: 'COMPLETE',
  'scan-clean': 'COMPLETE',
  scratch: 'FAILED',
  distroless: 'FAILED',
  'eol-distro': 'FAILED',
  'undefined-severity': 'COMPLETE',
  'never-scanned': 'ScanNotFoundException',
  'scan-not-started': 'ScanNotFoundException',
  'in-progress': 'IN_PROGRESS',
  pending: 'PENDING',
  'failed-other': 'FAILED',
  'limit-exceeded': 'LIMIT_EXCEEDED',
  archived: 'IMAGE_ARCHIVED',
  signature: 'UNSUPPORTED_IMAGE',
  'manifest-list': 'UNSUPPORTED_IMAGE',
  windows: 'UNSUPPORTED_IMAGE',
  expired: 'SCAN_ELIGIBILITY_EXPIRED',
  expiring: 'ACTIVE',
  'enhanced-healthy': 'ACTIVE',
  'enhanced-clean': 'ACTIVE',
  'scan-on-push-only': 'COMPLETE',
  'enhanced-pending': 'PENDING',
  'enhanced-in-progress': 'IN_PROGRESS',
  'enhanced-off': 'ScanNotFoundException',
  'kms-denied': 'FAILED',
  'findings-unavailable': 'FINDINGS_UNAVAILABLE',
  'inspector-disabled': 'ScanNotFoundException',
};
