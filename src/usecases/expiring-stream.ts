/**
 * `streamExpiring`: the images of one Inspector account's coverage whose scan eligibility expires within a window
 * or has expired (domain.md §5, §10.6), as an async iterable, with memory that stays flat as the registry grows.
 *
 * Calls, for N ECR images in Inspector's coverage: ⌈N/200⌉ ListCoverage pages, one GetConfiguration (cached), and
 * one DescribeImages pass (at most ⌈n/1000⌉ pages for n images; it stops once every candidate is found) per
 * repository that has a candidate. Nothing per image. Records that coverage alone rules out (`mayBeListed`) are
 * dropped before they are buffered or described.
 * Why one account-wide coverage stream rather than listing repositories and asking coverage per repository:
 * - calls: per-repository queries cost at least one ListCoverage call per repository (500 for 500 repositories
 *   of 100 images, against 250 pages for the whole stream), plus the repository listing;
 * - reach: a delegated administrator's coverage names every member account's repositories, which its own
 *   DescribeRepositories cannot list; the stream needs no per-account listing;
 * - memory: repositories are flushed as the stream leaves them (`expiring-groups.ts`), so at most the coverage
 *   budget plus `concurrency` repositories in flight are held, never the whole registry.
 * Its cost is wall time: coverage pages come one after another. A daily digest can afford that; AWS's
 * unpublished Inspector rate limits are better spent on fewer calls.
 */
import { describeError } from '../aws/aws-error.js';
import type { AwsPorts } from '../aws/ports.js';
import { matchFilter } from '../diagnosis/scan-filter-match.js';
import type { ExpiringImage } from '../domain/expiring.js';
import type { ImageCoverage, ImageDetail, InspectorEcrConfig } from '../domain/facts.js';
import { type FactLoader, factKeys } from '../facts/fact-cache.js';
import { classifyExpiring, type ExpiringWindow, expiringWindow, mayBeListed } from './expiring-classify.js';
import { type CoverageGroup, createCoverageGrouper } from './expiring-groups.js';
import { isIndex, multiArchChildren } from './expiring-multi-arch.js';
import { withSeverity } from './expiring-severity.js';

export interface ExpiringStreamDeps {
  /** The Inspector account read: its own coverage, or a delegated administrator's (the whole organisation). */
  inspector: AwsPorts;
  /** ECR of the account that owns a repository (the target resolver: a configured role, else default credentials). */
  portsFor(accountId: string, region: string): AwsPorts;
  loader: FactLoader;
  now: () => Date;
}

export interface ExpiringStreamOptions {
  withinDays: number;
  /** Expired images only if they lapsed at or after this date (when known); all of them when absent. */
  expiredSince?: Date;
  /** ECR filter semantics (`matchFilter`): a repository is kept when any filter matches. Empty = all. */
  repoFilters?: readonly string[];
  /** Repositories described at once. Default 8. */
  concurrency?: number;
  /** Coverage records held while grouping (see `expiring-groups.ts`). Default 10,000 (a few MB). */
  coverageBudget?: number;
  /** Re-read the Inspector configuration instead of using the cache. */
  fresh?: boolean;
  /**
   * Fill `highestSeverity` (for a `min-severity`): one ListFindingAggregations call per repository that has
   * listed images (more only past 10 listed images and 100 images with findings). Off by default: it costs calls.
   */
  severity?: boolean;
  /**
   * A repository that could not be described. Without this handler the stream fails instead: a caller must
   * choose to report a partial answer.
   */
  onError?: (error: ExpiringStreamError) => void;
  /**
   * Each coverage record (of a repository the filters keep) that Inspector cannot scan at all (UNSUPPORTED_OS,
   * UNSUPPORTED_MEDIA_TYPE): counted for the App Home, at no extra call since the coverage is read anyway.
   */
  onUnsupported?: (coverage: ImageCoverage) => void;
}

const UNSUPPORTED_REASONS = new Set(['UNSUPPORTED_OS', 'UNSUPPORTED_MEDIA_TYPE']);

export interface ExpiringStreamError {
  /** `describe`: the repository's images are missing; `severity`: they are listed, of unknown severity. */
  kind: 'describe' | 'severity';
  /** The target whose ECR (or, for `severity`, Inspector) failed. */
  target: string;
  repositoryName: string;
  message: string;
}

interface Settled {
  id: number;
  images: ExpiringImage[];
  error?: ExpiringStreamError;
}

const IMAGE_ARN = /^arn:[^:]+:ecr:([^:]+):(\d{12}):repository\/(.+)\/(sha256:[0-9a-f]+)$/;

export async function* streamExpiring(
  deps: ExpiringStreamDeps,
  opts: ExpiringStreamOptions,
): AsyncGenerator<ExpiringImage> {
  const concurrency = Math.max(1, opts.concurrency ?? 8);
  const window = expiringWindow(deps.now(), opts.withinDays, opts.expiredSince);
  // Read alongside the first coverage page; awaited (and its failure reported) at the first record.
  const configLoad = inspectorConfig(deps, opts.fresh ?? false);
  configLoad.catch(() => {});
  let config: InspectorEcrConfig | undefined;
  const wanted = repositoryFilter(opts.repoFilters ?? []);
  const grouper = createCoverageGrouper<ImageCoverage>(opts.coverageBudget ?? 10_000);
  const waiting: CoverageGroup<ImageCoverage>[] = [];
  const running = new Map<number, Promise<Settled>>();
  let nextId = 0;

  const pump = () => {
    while (running.size < concurrency && waiting.length > 0) {
      const group = waiting.shift() as CoverageGroup<ImageCoverage>;
      const id = nextId++;
      running.set(
        id,
        describeGroup(deps, group, config as InspectorEcrConfig, window, opts.severity ?? false).then((r) => ({
          id,
          ...r,
        })),
      );
    }
  };
  // Waits until at most `limit` groups are queued or running, yielding what the finished ones found.
  async function* settle(limit: number): AsyncGenerator<ExpiringImage> {
    pump();
    while (running.size + waiting.length > limit) {
      const done = await Promise.race(running.values());
      running.delete(done.id);
      pump();
      if (done.error) {
        if (!opts.onError) throw new Error(`${done.error.target} ${done.error.repositoryName}: ${done.error.message}`);
        opts.onError(done.error);
      }
      yield* done.images;
    }
  }

  for await (const page of deps.inspector.inspector.listCoverage()) {
    config ??= await configLoad;
    for (const coverage of page) {
      const unsupported = opts.onUnsupported && UNSUPPORTED_REASONS.has(coverage.reason);
      if (!unsupported && !mayBeListed(coverage, config, window)) continue;
      const key = groupKey(coverage, deps.inspector.target.region);
      if (key === undefined || !wanted(key)) continue;
      if (unsupported) opts.onUnsupported?.(coverage);
      else waiting.push(...grouper.add(key, coverage));
    }
    // Back-pressure: the next page is read only when a repository slot is free.
    yield* settle(concurrency - 1);
  }
  waiting.push(...grouper.finish());
  yield* settle(0);
}

async function inspectorConfig(deps: ExpiringStreamDeps, fresh: boolean): Promise<InspectorEcrConfig> {
  const keys = factKeys(deps.inspector.target);
  return deps.loader.load(
    keys.inspectorConfiguration(),
    keys.ttl.configuration,
    () => deps.inspector.inspector.getConfiguration(),
    { fresh },
  );
}

/** ECR filter semantics on the repository part of a group key, decided once per repository. */
function repositoryFilter(filters: readonly string[]): (key: string) => boolean {
  const decided = new Map<string, boolean>();
  return (key) => {
    if (filters.length === 0) return true;
    let keep = decided.get(key);
    if (keep === undefined) {
      const name = key.split('|')[2] as string;
      keep = filters.some((f) => matchFilter(f, name).matches);
      decided.set(key, keep);
    }
    return keep;
  };
}

/** `<account>|<region>|<repository>` from the record (the ARN names the Region); undefined for a malformed one. */
function groupKey(coverage: ImageCoverage, defaultRegion: string): string | undefined {
  const arn = IMAGE_ARN.exec(coverage.resourceId);
  const accountId = coverage.accountId || arn?.[2];
  const repositoryName = coverage.repositoryName ?? arn?.[3];
  if (!accountId || !repositoryName || !arn?.[4]) return undefined;
  return `${accountId}|${arn[1] ?? defaultRegion}|${repositoryName}`;
}

/**
 * One DescribeImages pass over the repository joins push and pull dates to the group's coverage records; it
 * stops as soon as every record is matched (unless index manifests are needed, see `expiring-multi-arch.ts`).
 * Records whose image is gone by now are dropped: a deleted image cannot expire.
 */
async function describeGroup(
  deps: ExpiringStreamDeps,
  group: CoverageGroup<ImageCoverage>,
  config: InspectorEcrConfig,
  window: ExpiringWindow,
  severity: boolean,
): Promise<Omit<Settled, 'id'>> {
  const [accountId, region, repositoryName] = group.key.split('|') as [string, string, string];
  const wanted = new Map(group.items.map((c) => [digestOf(c), c]));
  const found: [ImageDetail, ImageCoverage][] = [];
  const indexes: string[] = [];
  const needChildren = config.pullDateRescanMode === 'LAST_IN_USE_AT';
  let target = `${accountId}-${region}`;
  try {
    const ports = deps.portsFor(accountId, region);
    target = ports.target.name;
    for await (const page of ports.ecr.describeImages(repositoryName)) {
      for (const image of page) {
        const coverage = wanted.get(image.imageDigest);
        if (coverage) {
          found.push([image, coverage]);
          wanted.delete(image.imageDigest);
        }
        if (needChildren && isIndex(image)) indexes.push(image.imageDigest);
      }
      if (wanted.size === 0 && !needChildren) break;
    }
    const children = indexes.length ? await multiArchChildren(ports.ecr, repositoryName, indexes) : new Set();
    const listed = found.flatMap(([image, coverage]) => {
      const one = classifyExpiring(
        { coverage, image, config, region, multiArch: children.has(image.imageDigest) },
        window,
      );
      return one ? [{ image: one, coverage }] : [];
    });
    if (!severity || listed.length === 0) return { images: listed.map((l) => l.image) };
    return await withSeverity(deps.inspector, listed);
  } catch (err) {
    return { images: [], error: { kind: 'describe', target, repositoryName, message: describeError(err) } };
  }
}

function digestOf(coverage: ImageCoverage): string {
  return coverage.resourceId.slice(coverage.resourceId.lastIndexOf('/') + 1);
}
