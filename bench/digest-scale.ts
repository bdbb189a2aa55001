/**
 * The expiring report over a large generated world (default ≥50,000 images in ≥500 repositories across 3 accounts)
 * against the sandbox with injected latency: wall time, AWS calls against the minimum number of API pages, and
 * peak RSS, next to the naive way (one DescribeImageScanFindings per image, as notifier Lambdas do). The naive way
 * is run on a sample and extrapolated, both from the sample's measured rate and as calls × latency ÷ concurrency.
 * The sandbox runs in this process, so the RSS figures include it (its generated images are computed on demand).
 */
import { createAwsPorts } from '../src/aws/create-aws-ports.js';
import type { AwsPorts, Target } from '../src/aws/ports.js';
import { createCachedLoader } from '../src/cache/cached.js';
import { createMemoryCache } from '../src/cache/memory-cache.js';
import { createLogger } from '../src/logger.js';
import { sandboxAwsOptions } from '../src/sandbox/client-options.js';
import { GENERATED_REGION, generatedAccountId, generateWorld } from '../src/sandbox/generated-world.js';
import { startSandbox } from '../src/sandbox/server.js';
import type { SandboxWorld } from '../src/sandbox/world.js';
import { registryKey } from '../src/sandbox/world.js';
import { listExpiring } from '../src/usecases/list-expiring.js';
import { createTargetResolver } from '../src/usecases/target-resolver.js';
import { type Summary, summarize } from './stats.js';

export interface DigestScaleOptions {
  images: number;
  latencyMs: number;
  runs: number;
  /** Default 3 accounts and 500 repositories in all (rounded up to a multiple of the accounts). */
  accounts?: number;
  repositories?: number;
  /** Repositories (and naive scan-findings calls) in flight at once. Default 8. */
  concurrency?: number;
  /** Images the naive way really reads. Default 400. */
  naiveSample?: number;
}

export interface DigestScaleResult {
  world: { accounts: number; repositories: number; images: number };
  latencyMs: number;
  concurrency: number;
  wallMs: Summary;
  /** Per run (identical every run: a cold cache each time). */
  awsCalls: number;
  awsCallsByOperation: Record<string, number>;
  minimumPages: { listCoverage: number; describeImages: number; getConfiguration: number; total: number };
  peakRssMb: Summary;
  /** V8 heap in use at its highest, garbage included (RSS also counts code, buffers and the in-process sandbox). */
  peakHeapMb: Summary;
  baselineRssMb: number;
  expiring: number;
  expired: number;
  errors: number;
  /**
   * One more cold run with severities read (a subscription with a min-severity): the extra ListFindingAggregations
   * calls against their minimum, one per repository with listed images.
   */
  withSeverity: {
    wallMs: number;
    awsCalls: number;
    aggregationCalls: number;
    listedRepositories: number;
    /**
     * Per repository with listed images, the fewer of ⌈listed/10⌉ calls naming digests (the API's filter limit)
     * and ⌈images with findings/100⌉ pages of the whole repository.
     */
    minimumAggregationCalls: number;
  };
  naive: {
    sampleImages: number;
    sampleWallMs: number;
    calls: number;
    /** The sample's measured time per image, times every image. */
    extrapolatedWallMs: number;
    /** calls × latency ÷ concurrency: what the calls cost if nothing else did. */
    lowerBoundWallMs: number;
  };
}

export async function benchDigestScale(opts: DigestScaleOptions): Promise<DigestScaleResult> {
  const accounts = opts.accounts ?? 3;
  const perAccount = Math.ceil((opts.repositories ?? 500) / accounts);
  const perRepository = Math.ceil(opts.images / (accounts * perAccount));
  const concurrency = opts.concurrency ?? 8;
  const now = new Date();
  const world = generateWorld({
    accounts,
    repositoriesPerAccount: perAccount,
    imagesPerRepository: perRepository,
    now,
  });
  const sandbox = await startSandbox({ world, now: () => now, faults: { latencyMs: opts.latencyMs } });
  const log = createLogger({ level: 'silent' });
  const targets: Target[] = Array.from({ length: accounts }, (_, a) => ({
    name: `generated-${a}`,
    region: GENERATED_REGION,
    accountId: generatedAccountId(a),
  }));
  const calls = new Map<string, number>();
  const awsOptions = sandboxAwsOptions(sandbox.url, { onCall: (op) => calls.set(op, (calls.get(op) ?? 0) + 1) });
  const portsFor = (target: Target) => createAwsPorts(target, awsOptions(target));

  const wall: number[] = [];
  const peaks: number[] = [];
  const heapPeaks: number[] = [];
  let last: Awaited<ReturnType<typeof listExpiring>> | undefined;
  let byOperation: Record<string, number> = {};
  global.gc?.();
  const baselineRss = process.memoryUsage().rss;
  try {
    for (let run = 0; run < opts.runs; run++) {
      calls.clear();
      // A new resolver and cache per run: every run is cold, as a daily digest is.
      const resolver = createTargetResolver({
        defaultTarget: targets[0] as Target,
        targets: targets.slice(1),
        makePorts: portsFor,
      });
      const loader = createCachedLoader({ cache: createMemoryCache(), log });
      let peak = process.memoryUsage().rss;
      let heapPeak = process.memoryUsage().heapUsed;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peak = Math.max(peak, m.rss);
        heapPeak = Math.max(heapPeak, m.heapUsed);
      }, 50);
      const t = performance.now();
      try {
        last = await listExpiring(
          { targets: resolver, loader, now: () => now },
          { withinDays: 7, concurrency, targetNames: targets.map((x) => x.name) },
        );
      } finally {
        clearInterval(sampler);
        resolver.close();
      }
      wall.push(performance.now() - t);
      peaks.push(Math.max(peak, process.memoryUsage().rss) / 2 ** 20);
      heapPeaks.push(heapPeak / 2 ** 20);
      byOperation = Object.fromEntries([...calls].sort());
    }
    calls.clear();
    const severityResolver = createTargetResolver({
      defaultTarget: targets[0] as Target,
      targets: targets.slice(1),
      makePorts: portsFor,
    });
    const severityStart = performance.now();
    let severityReport: Awaited<ReturnType<typeof listExpiring>>;
    try {
      severityReport = await listExpiring(
        { targets: severityResolver, loader: createCachedLoader({ cache: createMemoryCache(), log }), now: () => now },
        { withinDays: 7, concurrency, targetNames: targets.map((x) => x.name), severity: true },
      );
    } finally {
      severityResolver.close();
    }
    const listedPerRepository = new Map<string, number>();
    for (const image of severityReport.images) {
      const key = `${image.accountId}/${image.repositoryName}`;
      listedPerRepository.set(key, (listedPerRepository.get(key) ?? 0) + 1);
    }
    const withSeverity = {
      wallMs: performance.now() - severityStart,
      awsCalls: [...calls.values()].reduce((a, b) => a + b, 0),
      aggregationCalls: calls.get('inspector2:ListFindingAggregations') ?? 0,
      listedRepositories: listedPerRepository.size,
      minimumAggregationCalls: minimumAggregationCalls(world, listedPerRepository),
    };
    const naive = await runNaive(world, targets, portsFor, {
      sample: opts.naiveSample ?? 400,
      concurrency,
      latencyMs: opts.latencyMs,
    });
    const images = accounts * perAccount * perRepository;
    const minimumPages = minimum(world);
    return {
      world: { accounts, repositories: accounts * perAccount, images },
      latencyMs: opts.latencyMs,
      concurrency,
      wallMs: summarize(wall),
      awsCalls: Object.values(byOperation).reduce((a, b) => a + b, 0),
      awsCallsByOperation: byOperation,
      minimumPages,
      peakRssMb: summarize(peaks),
      peakHeapMb: summarize(heapPeaks),
      baselineRssMb: baselineRss / 2 ** 20,
      expiring: last?.counts.expiring ?? 0,
      expired: last?.counts.expired ?? 0,
      errors: last?.errors.length ?? 0,
      withSeverity,
      naive: {
        sampleImages: naive.sample,
        sampleWallMs: naive.wallMs,
        calls: images,
        extrapolatedWallMs: (naive.wallMs / naive.sample) * images,
        lowerBoundWallMs: (images * opts.latencyMs) / concurrency,
      },
    };
  } finally {
    await sandbox.close();
  }
}

/** ⌈images/200⌉ ListCoverage pages and one GetConfiguration per account, ⌈n/1000⌉ DescribeImages per repository. */
function minimum(world: SandboxWorld): DigestScaleResult['minimumPages'] {
  let listCoverage = 0;
  let describeImages = 0;
  let getConfiguration = 0;
  for (const registry of world.registries.values()) {
    let images = 0;
    for (const repository of registry.repositories.values()) {
      images += repository.images.size;
      describeImages += Math.ceil(repository.images.size / 1000);
    }
    listCoverage += Math.ceil(images / 200);
    getConfiguration++;
  }
  return { listCoverage, describeImages, getConfiguration, total: listCoverage + describeImages + getConfiguration };
}

function minimumAggregationCalls(world: SandboxWorld, listedPerRepository: Map<string, number>): number {
  let total = 0;
  for (const registry of world.registries.values()) {
    for (const repository of registry.repositories.values()) {
      const listed = listedPerRepository.get(`${registry.accountId}/${repository.name}`);
      if (!listed) continue;
      let withFindings = 0;
      for (let i = 0; i < repository.images.size; i++) {
        const image = repository.images.at(i);
        if (image.coverage?.statusCode === 'ACTIVE' && (image.scan?.vulns.length ?? 0) > 0) withFindings++;
      }
      total += Math.max(1, Math.min(Math.ceil(listed / 10), Math.ceil(withFindings / 100)));
    }
  }
  return total;
}

/** DescribeImageScanFindings for `sample` images spread over every repository, `concurrency` at a time. */
async function runNaive(
  world: SandboxWorld,
  targets: Target[],
  portsFor: (target: Target) => AwsPorts & { destroy(): void },
  opts: { sample: number; concurrency: number; latencyMs: number },
): Promise<{ sample: number; wallMs: number }> {
  const jobs: { ports: AwsPorts; repositoryName: string; imageDigest: string }[] = [];
  const ports = targets.map(portsFor);
  const repos = targets.flatMap((target, a) => {
    const registry = world.registries.get(registryKey(target.accountId as string, target.region));
    return [...(registry?.repositories.values() ?? [])].map((repository) => ({
      ports: ports[a] as AwsPorts,
      repository,
    }));
  });
  for (let k = 0; k < opts.sample; k++) {
    const { ports: p, repository } = repos[k % repos.length] as (typeof repos)[number];
    const image = repository.images.at(Math.floor(k / repos.length) % repository.images.size);
    jobs.push({ ports: p, repositoryName: repository.name, imageDigest: image.digest });
  }
  const t = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++] as (typeof jobs)[number];
        await job.ports.ecr.describeImageScanFindings(job.repositoryName, { imageDigest: job.imageDigest });
      }
    }),
  );
  const wallMs = performance.now() - t;
  for (const p of ports) p.destroy();
  return { sample: jobs.length, wallMs };
}
