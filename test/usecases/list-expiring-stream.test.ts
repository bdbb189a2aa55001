/**
 * `streamExpiring` against hand-written ports: the order of ListCoverage, errors, concurrency, early stops and
 * the delegated-administrator shape, none of which the sandbox can vary.
 */
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/aws/aws-error.js';
import type { AwsPorts, EcrPort, InspectorPort, SeverityCountsFilter } from '../../src/aws/ports.js';
import { createCachedLoader } from '../../src/cache/cached.js';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { MEDIA_TYPES } from '../../src/domain/aws-values.js';
import type { ExpiringImage } from '../../src/domain/expiring.js';
import type { ImageCoverage, ImageDetail, ImageSeverityCounts, InspectorEcrConfig } from '../../src/domain/facts.js';
import {
  type ExpiringStreamError,
  type ExpiringStreamOptions,
  streamExpiring,
} from '../../src/usecases/expiring-stream.js';
import { captureLog } from '../support/log-capture.js';

const DAY = 86_400_000;
const NOW = new Date('2026-05-01T12:00:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const ADMIN = '999999999999';
const REGION = 'eu-west-1';
const CONFIG: InspectorEcrConfig = {
  rescanDuration: 'DAYS_30',
  pullDateRescanMode: 'LAST_PULL_DATE',
  pullDateRescanDuration: 'DAYS_14',
};

interface FakeImage {
  account: string;
  repo: string;
  digest: string;
  pushedDaysAgo: number;
  expired?: boolean;
  /** Coverage `imagePulledAt`. */
  pulledDaysAgo?: number;
  mediaType?: string;
}

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

/** Per repository: image k is expiring when k % 10 === 0 (pushed 27 days ago), expired when k % 10 === 1, else fine. */
function registry(accounts: string[], repos: number, perRepo: number): FakeImage[] {
  const out: FakeImage[] = [];
  let n = 0;
  for (const account of accounts)
    for (let r = 0; r < repos; r++)
      for (let k = 0; k < perRepo; k++) {
        const kind = k % 10;
        out.push({
          account,
          repo: `svc-${r}`,
          digest: digest(n++),
          pushedDaysAgo: kind === 0 ? 27 : kind === 1 ? 60 : 2,
          expired: kind === 1,
        });
      }
  return out;
}

function coverageOf(image: FakeImage): ImageCoverage {
  return {
    resourceId: `arn:aws:ecr:${REGION}:${image.account}:repository/${image.repo}/${image.digest}`,
    accountId: image.account,
    statusCode: image.expired ? 'INACTIVE' : 'ACTIVE',
    reason: image.expired ? 'SCAN_ELIGIBILITY_EXPIRED' : 'SUCCESSFUL',
    repositoryName: image.repo,
    scanFrequency: 'CONTINUOUS_SCAN',
    imageTags: [],
    ...(image.pulledDaysAgo === undefined ? {} : { imagePulledAt: ago(image.pulledDaysAgo) }),
  };
}

function detailOf(image: FakeImage): ImageDetail {
  return {
    registryId: image.account,
    repositoryName: image.repo,
    imageDigest: image.digest,
    imageTags: [`t${image.digest.slice(-4)}`],
    imagePushedAt: ago(image.pushedDaysAgo),
    imageStatus: 'ACTIVE',
    ...(image.mediaType ? { imageManifestMediaType: image.mediaType } : {}),
  };
}

const unused = () => {
  throw new Error('not used by streamExpiring');
};

function fakeWorld(images: FakeImage[], opts: { coverageOrder?: FakeImage[]; config?: InspectorEcrConfig } = {}) {
  const calls = {
    listCoverage: 0,
    getConfiguration: 0,
    describeImages: [] as string[],
    batchGetImage: 0,
    severityCounts: [] as SeverityCountsFilter[],
  };
  /** Digest → ACTIVE finding counts, for ListFindingAggregations; images not here have no findings. */
  const severities = new Map<string, Pick<ImageSeverityCounts, 'all' | 'critical' | 'high' | 'medium'>>();
  let severityFails = false;
  let inFlight = 0;
  let maxInFlight = 0;
  const failing = new Set<string>();
  const manifests = new Map<string, string>();
  const inspector: InspectorPort = {
    getConfiguration: async () => {
      calls.getConfiguration++;
      return opts.config ?? CONFIG;
    },
    async *listCoverage() {
      const all = (opts.coverageOrder ?? images).map(coverageOf);
      for (let i = 0; i < all.length; i += 200) {
        calls.listCoverage++;
        yield all.slice(i, i + 200);
      }
    },
    async *listImageSeverityCounts(filter) {
      calls.severityCounts.push(filter);
      if (severityFails) throw new AwsError('ACCESS_DENIED', 'inspector2:ListFindingAggregations', 'not authorised');
      const named = filter.imageDigests?.length ? new Set(filter.imageDigests) : undefined;
      const entries = images
        .filter((i) => severities.has(i.digest) && i.account === filter.accountId && i.repo === filter.repositoryName)
        .filter((i) => !named || named.has(i.digest))
        .map((i) => ({
          accountId: i.account,
          repositoryName: i.repo,
          imageDigest: i.digest,
          ...severities.get(i.digest)!,
        }));
      for (let i = 0; i < entries.length; i += 100) yield entries.slice(i, i + 100);
    },
    listFindings: unused,
    batchGetAccountStatus: unused,
  };
  const ecrFor = (account: string): EcrPort => ({
    async *describeImages(repo) {
      const mine = images.filter((i) => i.account === account && i.repo === repo).map(detailOf);
      for (let i = 0; i < mine.length || i === 0; i += 1000) {
        calls.describeImages.push(`${account}/${repo}`);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        if (failing.has(repo)) throw new AwsError('ACCESS_DENIED', 'ecr:DescribeImages', 'not authorised');
        yield mine.slice(i, i + 1000);
      }
    },
    async batchGetImage(_repo, ids) {
      calls.batchGetImage++;
      return {
        images: ids.flatMap((id) => {
          const manifest = manifests.get(id.imageDigest ?? '');
          return manifest ? [{ imageDigest: id.imageDigest, manifest, mediaType: MEDIA_TYPES.ociIndex }] : [];
        }),
        failures: [],
      };
    },
    describeImage: unused,
    describeImageScanFindings: unused,
    getDownloadUrlForLayer: unused,
    fetchBlob: unused,
    streamBlob: unused,
    getRegistryScanningConfiguration: unused,
    getRepositoryScanningConfigurations: unused,
    describeRepositories: unused,
    startImageScan: unused,
  });
  const portsFor: { accountId: string; region: string }[] = [];
  const deps = {
    inspector: {
      target: { name: 'admin', region: REGION, accountId: ADMIN },
      inspector,
      ecr: ecrFor(ADMIN),
    } as AwsPorts,
    portsFor: (accountId: string, region: string): AwsPorts => {
      portsFor.push({ accountId, region });
      return { target: { name: `${accountId}-${region}`, region, accountId }, inspector, ecr: ecrFor(accountId) };
    },
    loader: createCachedLoader({ cache: createMemoryCache(), log: captureLog().log }),
    now: () => NOW,
  };
  return {
    deps,
    calls,
    failing,
    manifests,
    portsFor,
    severities,
    failSeverity: () => {
      severityFails = true;
    },
    maxInFlight: () => maxInFlight,
  };
}

async function collect(world: ReturnType<typeof fakeWorld>, opts: Partial<ExpiringStreamOptions> = {}) {
  const out: ExpiringImage[] = [];
  for await (const image of streamExpiring(world.deps, { withinDays: 7, ...opts })) out.push(image);
  return out;
}

const expectedOf = (images: FakeImage[]) =>
  images
    .filter((i) => i.pushedDaysAgo !== 2)
    .map((i) => `${i.account}/${i.repo}/${i.digest}/${i.expired ? 'expired' : 'expiring'}`)
    .sort();
const keysOf = (listed: ExpiringImage[]) =>
  listed.map((i) => `${i.accountId}/${i.repositoryName}/${i.imageDigest}/${i.state}`).sort();

describe('streamExpiring', () => {
  it("reads a delegated administrator's coverage once and each member repository's images once", async () => {
    const images = registry(['111111111111', '222222222222'], 6, 150);
    const world = fakeWorld(images);
    const listed = await collect(world);
    expect(keysOf(listed)).toEqual(expectedOf(images));
    expect(world.calls.listCoverage).toBe(Math.ceil(images.length / 200));
    expect(world.calls.describeImages.sort()).toEqual(
      ['111111111111', '222222222222'].flatMap((a) => Array.from({ length: 6 }, (_, r) => `${a}/svc-${r}`)).sort(),
    );
    expect(world.calls.getConfiguration).toBe(1);
    // Member ECR is reached through portsFor with the account and the Region named in the coverage ARN.
    expect(new Set(world.portsFor.map((p) => `${p.accountId}/${p.region}`))).toEqual(
      new Set(['111111111111/eu-west-1', '222222222222/eu-west-1']),
    );
  });

  it('a scattered coverage order gives the same images, at the cost of extra DescribeImages passes only', async () => {
    const images = registry(['111111111111'], 10, 100);
    const shuffled = [...images].sort((a, b) => (a.digest.slice(-3) < b.digest.slice(-3) ? -1 : 1));
    const world = fakeWorld(images, { coverageOrder: shuffled });
    const listed = await collect(world, { coverageBudget: 50 });
    expect(keysOf(listed)).toEqual(expectedOf(images));
    expect(world.calls.describeImages.length).toBeGreaterThan(10);
    expect(world.calls.listCoverage).toBe(5);
  });

  it('never describes more repositories at once than the concurrency allows', async () => {
    const world = fakeWorld(registry(['111111111111'], 30, 20));
    await collect(world, { concurrency: 3 });
    expect(world.calls.describeImages).toHaveLength(30);
    expect(world.maxInFlight()).toBeLessThanOrEqual(3);
    expect(world.maxInFlight()).toBeGreaterThan(1);
  });

  it('stops paging a repository once every candidate is found', async () => {
    // 2,500 images, candidates only among the first 1,000: the others were pulled yesterday, which coverage shows.
    const images = registry(['111111111111'], 1, 2500).map((i, k) =>
      k < 1000 ? i : { ...i, pushedDaysAgo: 2, expired: false, pulledDaysAgo: 1 },
    );
    const world = fakeWorld(images);
    const listed = await collect(world);
    expect(listed).toHaveLength(200);
    expect(world.calls.describeImages).toEqual(['111111111111/svc-0']);
  });

  it('keeps only repositories matching the filters (ECR semantics), and never describes the others', async () => {
    const images = registry(['111111111111'], 12, 10);
    const world = fakeWorld(images);
    const listed = await collect(world, { repoFilters: ['svc-1*'] });
    expect(new Set(listed.map((i) => i.repositoryName))).toEqual(new Set(['svc-1', 'svc-10', 'svc-11']));
    expect(world.calls.describeImages.sort()).toEqual([
      '111111111111/svc-1',
      '111111111111/svc-10',
      '111111111111/svc-11',
    ]);
  });

  it('a repository that cannot be described is reported, the others are still listed', async () => {
    const images = registry(['111111111111'], 3, 10);
    const world = fakeWorld(images);
    world.failing.add('svc-1');
    const errors: unknown[] = [];
    const listed = await collect(world, { onError: (e) => errors.push(e) });
    expect(new Set(listed.map((i) => i.repositoryName))).toEqual(new Set(['svc-0', 'svc-2']));
    expect(errors).toEqual([
      {
        kind: 'describe',
        target: '111111111111-eu-west-1',
        repositoryName: 'svc-1',
        message: 'ecr:DescribeImages failed (ACCESS_DENIED): not authorised',
      },
    ]);
  });

  it('without an error handler, a repository that cannot be described fails the stream', async () => {
    const world = fakeWorld(registry(['111111111111'], 3, 10));
    world.failing.add('svc-2');
    await expect(collect(world)).rejects.toThrow(/svc-2: ecr:DescribeImages failed \(ACCESS_DENIED\)/);
  });

  it('images whose coverage shows no candidate cost no DescribeImages at all', async () => {
    const images = registry(['111111111111'], 4, 10).map((i) => ({ ...i, pushedDaysAgo: 2, expired: false }));
    const world = fakeWorld(images, { config: { ...CONFIG, rescanDuration: 'LIFETIME' } });
    expect(await collect(world)).toEqual([]);
    expect(world.calls.describeImages).toEqual([]);
  });

  it('reads the Inspector configuration through the cache: a second stream does not ask again', async () => {
    const world = fakeWorld(registry(['111111111111'], 1, 10));
    await collect(world);
    await collect(world);
    expect(world.calls.getConfiguration).toBe(1);
  });

  it('LAST_IN_USE_AT: reads index manifests so that multi-arch children count their push window only', async () => {
    const child: FakeImage = { account: '111111111111', repo: 'svc-0', digest: digest(1), pushedDaysAgo: 27 };
    const single: FakeImage = { ...child, digest: digest(2) };
    const index: FakeImage = { ...child, digest: digest(3), pushedDaysAgo: 27, mediaType: MEDIA_TYPES.ociIndex };
    const world = fakeWorld([child, single, index], { config: { ...CONFIG, pullDateRescanMode: 'LAST_IN_USE_AT' } });
    world.manifests.set(
      index.digest,
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociIndex,
        manifests: [
          {
            digest: child.digest,
            mediaType: MEDIA_TYPES.ociManifest,
            platform: { os: 'linux', architecture: 'amd64' },
          },
        ],
      }),
    );
    // Both are in use yesterday: only the single-platform image is kept scanning by that.
    const inUse = world.deps.inspector.inspector;
    const withUse: InspectorPort = {
      ...inUse,
      async *listCoverage() {
        yield [child, single].map((i) => ({ ...coverageOf(i), lastInUseAt: ago(1) }));
      },
    };
    world.deps.inspector = { ...world.deps.inspector, inspector: withUse };
    const listed = await collect(world);
    expect(listed.map((i) => i.imageDigest)).toEqual([child.digest]);
    expect(listed[0]?.expiry).toMatchObject({ lapsed: 'none' });
    expect(world.calls.batchGetImage).toBe(1);
  });

  it('an image deleted between ListCoverage and DescribeImages is left out', async () => {
    const images = registry(['111111111111'], 1, 10);
    const world = fakeWorld(images.slice(1), { coverageOrder: images });
    const listed = await collect(world);
    expect(listed.map((i) => i.imageDigest)).not.toContain(images[0]?.digest);
    expect(listed).toHaveLength(1);
  });

  describe('severity (for a min-severity)', () => {
    const counts = (critical: number, high: number, medium: number, all: number) => ({ critical, high, medium, all });

    it('is not read unless asked for', async () => {
      const world = fakeWorld(registry(['111111111111'], 2, 20));
      const listed = await collect(world);
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.every((i) => i.highestSeverity === undefined)).toBe(true);
      expect(world.calls.severityCounts).toEqual([]);
    });

    it('one call per repository with listed images, naming them; no entry means NONE if scanned, unknown if expired', async () => {
      const images = registry(['111111111111'], 3, 20);
      const world = fakeWorld(images);
      // svc-0: expiring images 0 and 10; expired images 1 and 11.
      world.severities.set(digest(0), counts(0, 2, 5, 9));
      world.severities.set(digest(1), counts(1, 0, 0, 1));
      world.severities.set(digest(10), counts(0, 0, 0, 3));
      const listed = await collect(world, { severity: true });
      const severityOf = (n: number) => listed.find((i) => i.imageDigest === digest(n))?.highestSeverity;
      expect([severityOf(0), severityOf(1), severityOf(10), severityOf(11)]).toEqual([
        'HIGH',
        'CRITICAL',
        'LOW',
        undefined,
      ]);
      // svc-1's expiring image 20 has no entry: Inspector scanned it (SUCCESSFUL) and holds no active finding.
      expect(severityOf(20)).toBe('NONE');
      expect(world.calls.severityCounts).toHaveLength(3);
      expect(world.calls.severityCounts.find((f) => f.repositoryName === 'svc-0')).toEqual({
        accountId: '111111111111',
        repositoryName: 'svc-0',
        imageDigests: [digest(0), digest(1), digest(10), digest(11)],
      });
    });

    it('past 10 listed images, pages the repository instead of naming them', async () => {
      const images = registry(['111111111111'], 1, 200);
      const world = fakeWorld(images);
      for (const image of images) world.severities.set(image.digest, counts(0, 0, 1, 1));
      const listed = await collect(world, { severity: true });
      expect(listed).toHaveLength(40);
      expect(listed.every((i) => i.highestSeverity === 'MEDIUM')).toBe(true);
      expect(world.calls.severityCounts).toEqual([{ accountId: '111111111111', repositoryName: 'svc-0' }]);
    });

    it('when it cannot be read, the images are still listed, of unknown severity, and the failure is reported', async () => {
      const world = fakeWorld(registry(['111111111111'], 2, 20));
      world.failSeverity();
      const errors: ExpiringStreamError[] = [];
      const listed = await collect(world, { severity: true, onError: (e) => errors.push(e) });
      expect(listed).toHaveLength(8);
      expect(listed.every((i) => i.highestSeverity === undefined)).toBe(true);
      expect(errors.map((e) => [e.kind, e.repositoryName])).toEqual([
        ['severity', 'svc-0'],
        ['severity', 'svc-1'],
      ]);
      expect(errors[0]?.message).toContain('inspector2:ListFindingAggregations failed (ACCESS_DENIED)');
    });
  });
});
