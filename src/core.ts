/**
 * The core every front end shares: targets with their AWS ports, the fact cache, and the `why` use case.
 * Built once by the composition roots (`main.ts` for the server, the CLI commands); nothing else builds adapters.
 */
import type { Redis } from 'ioredis';
import { type AwsError, isAwsError } from './aws/aws-error.js';
import { type AwsPortsOptions, createAwsPorts } from './aws/create-aws-ports.js';
import { resolveDefaultRegion } from './aws/default-region.js';
import type { Target } from './aws/ports.js';
import type { Cache } from './cache/cache.js';
import { type CachedLoader, type CacheMetrics, createCachedLoader } from './cache/cached.js';
import { createMemoryCache } from './cache/memory-cache.js';
import { createRedisCache } from './cache/redis-cache.js';
import { createRedisClient } from './cache/redis-client.js';
import type { Config } from './config.js';
import { factKeys } from './facts/fact-cache.js';
import type { Logger } from './logger.js';
import { createState, type State } from './state/create-state.js';
import { type ExplainDeps, explainImage } from './usecases/explain-image.js';
import { createTargetResolver, type TargetResolver } from './usecases/target-resolver.js';

export interface Core {
  state: State;
  explain: (input: string, opts?: { fresh?: boolean; targetName?: string }) => ReturnType<typeof explainImage>;
  targets: TargetResolver;
  cache: Cache;
  loader: CachedLoader;
  redis?: Redis;
  now: () => Date;
  /** Readiness: can the default target's ECR be reached? (one cheap read, cached 30 s) */
  checkAws(): Promise<void>;
  close(): Promise<void>;
}

export interface CoreOptions {
  config: Config;
  log: Logger;
  /** Per-target SDK options (the sandbox passes its endpoint and per-account credentials). */
  awsOptions?: (target: Target) => AwsPortsOptions;
  now?: () => Date;
  /** Redis key prefix (tests and side-by-side deployments use their own). Default `ecrscan:`. */
  redisPrefix?: string;
  cacheMetrics?: CacheMetrics;
  /** Told of every AWS error code that reached a `why` answer (metrics). */
  onAwsError?: (code: string) => void;
  /** Counts AWS attempts (metrics, benchmarks). */
  onAwsCall?: (operation: string, attempt: number) => void;
}

export async function createCore(opts: CoreOptions): Promise<Core> {
  const { config, log } = opts;
  const now = opts.now ?? (() => new Date());
  const region = config.defaultRegion ?? (await resolveDefaultRegion());
  if (!region) {
    throw new Error('No AWS Region: set AWS_REGION (or a region in your AWS profile), or configure targets.');
  }
  const defaultTarget: Target = { name: 'default', region };
  const targets = createTargetResolver({
    defaultTarget,
    targets: config.targets,
    makePorts: (target) => createAwsPorts(target, { onCall: opts.onAwsCall, ...opts.awsOptions?.(target) }),
  });

  let redis: Redis | undefined;
  let cache: Cache;
  if (config.redisUrl) {
    redis = createRedisClient(config.redisUrl, { log });
    cache = createRedisCache({ redis, prefix: `${opts.redisPrefix ?? 'ecrscan:'}cache:`, log });
  } else {
    cache = createMemoryCache();
  }
  const loader = createCachedLoader({ cache, log, metrics: opts.cacheMetrics });
  const state = createState({ redis, prefix: `${opts.redisPrefix ?? 'ecrscan:'}state:`, log });
  const deps: ExplainDeps = { targets, loader, now, expiryWarningDays: config.expiryWarningDays };
  return {
    explain: async (input, o) => {
      try {
        return await explainImage(deps, input, o);
      } catch (err) {
        const aws = isAwsError(err)
          ? err
          : isAwsError((err as Error)?.cause)
            ? ((err as Error).cause as AwsError)
            : undefined;
        if (aws) opts.onAwsError?.(aws.code);
        throw err;
      }
    },
    checkAws: async () => {
      const ports = targets.resolve({ repositoryName: 'readiness' });
      await loader.load(`${factKeys(ports.target).registryScanning()}:readiness`, 30_000, () =>
        ports.ecr.getRegistryScanningConfiguration(),
      );
    },
    targets,
    cache,
    loader,
    state,
    redis,
    now,
    async close() {
      targets.close();
      await cache.close();
      // The cache and state stores borrow the client; it is closed once, here.
      if (redis) await redis.quit().catch(() => redis?.disconnect());
    },
  };
}
