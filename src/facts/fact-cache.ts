/**
 * How the gatherers meet the cache: the loader interface they use and the keys + TTLs they load under,
 * taken from the one policy in `cache/cache-keys.ts` (keys carry account + Region; digests key findings).
 */
import { CACHE_TTL_MS, cacheKeys, type KeyTarget, manifestTtlMs, scanFindingsTtlMs } from '../cache/cache-keys.js';
import type { ImageIdentifier } from '../domain/facts.js';

export interface FactLoader {
  load<T>(
    key: string,
    ttlMs: number | ((value: T) => number),
    read: () => Promise<T>,
    opts?: { fresh?: boolean },
  ): Promise<T>;
  /** A cached value, without loading (undefined on a miss or when the cache is down). */
  peek<T>(key: string): Promise<T | undefined>;
}

/** The loader of one question (`CachedLoader.forQuestion`): reads the keys it will load together, ahead. */
export interface QuestionFactLoader extends FactLoader {
  readAhead(keys: readonly string[]): Promise<void>;
}

export const FACT_TTL = {
  configuration: CACHE_TTL_MS.registryScanning,
  image: CACHE_TTL_MS.image,
  coverage: CACHE_TTL_MS.coverage,
  immutable: CACHE_TTL_MS.contentAddressed,
  scan: scanFindingsTtlMs,
  manifestByRef: manifestTtlMs,
} as const;

export interface FactKeys {
  ttl: typeof FACT_TTL;
  image(repo: string, id: ImageIdentifier): string;
  /** By digest only: a tag can move to another image, a digest cannot. */
  scan(repo: string, digest: string): string;
  manifest(repo: string, id: ImageIdentifier): string;
  os(digest: string): string;
  registryScanning(): string;
  repositoryScanning(repo: string): string;
  repository(repo: string): string;
  inspectorAccountStatus(): string;
  inspectorConfiguration(): string;
  coverage(repo: string, id: ImageIdentifier): string;
}

export function factKeys(target: KeyTarget): FactKeys {
  const keys = cacheKeys(target);
  return {
    ttl: FACT_TTL,
    image: keys.image,
    scan: (repo, digest) => keys.scanFindings(repo, { imageDigest: digest }),
    manifest: keys.manifest,
    os: keys.os,
    registryScanning: keys.registryScanning,
    repositoryScanning: keys.repositoryScanning,
    repository: keys.repository,
    inspectorAccountStatus: () => keys.accountStatus(target.accountId ? [target.accountId] : []),
    inspectorConfiguration: keys.inspectorConfiguration,
    coverage: keys.coverage,
  };
}

export function imageArn(region: string, accountId: string, repo: string, digest: string): string {
  return `arn:aws:ecr:${region}:${accountId}:repository/${repo}/${digest}`;
}
