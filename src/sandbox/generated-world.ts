/**
 * Large worlds for benchmarks: N accounts × R repositories × I images, ENHANCED registries with Inspector
 * coverage. Images are not stored: each is computed from (seed, account, repository, index) when asked for,
 * sharing a few real config/layer blobs; only changed or pushed images are kept. Push/pull dates spread so
 * that about 10% of images have expired, about 8% expire within 7 days and the rest are fine.
 */

import { type GeneratedImageSpec, GeneratedImageStore } from './generated-images.js';
import { buildImage } from './image-builder.js';
import { defaultRegistry, emptyWorld, registryKey, type SandboxWorld } from './world.js';

export interface GenerateWorldOptions {
  accounts: number;
  repositoriesPerAccount: number;
  imagesPerRepository: number;
  now: Date;
  seed?: number;
  /** Default eu-west-1. */
  region?: string;
}

export const GENERATED_REGION = 'eu-west-1';

/** Account ids of generated worlds: 400000000001, 400000000002, … */
export function generatedAccountId(index: number): string {
  return String(400_000_000_001 + index);
}

/** Every tenth repository is `batch-…` (scan on push), the others `svc-…` (continuous). */
export function generatedRepositoryName(index: number): string {
  return `${index % 10 === 9 ? 'batch' : 'svc'}-${String(index).padStart(4, '0')}`;
}

export function generateWorld(opts: GenerateWorldOptions): SandboxWorld {
  const world = emptyWorld();
  const region = opts.region ?? GENERATED_REGION;
  const bases = [
    buildImage({
      flavor: 'debian12',
      format: 'oci',
      app: { path: 'app/service.py', content: 'print("service")\n', createdBy: 'COPY service.py /app/ # buildkit' },
      cmd: ['python3', '/app/service.py'],
      created: '2025-09-01T00:00:00Z',
    }),
    buildImage({
      flavor: 'alpine322',
      format: 'oci',
      app: { path: 'app/worker.py', content: 'print("worker")\n', createdBy: 'COPY worker.py /app/ # buildkit' },
      cmd: ['python3', '/app/worker.py'],
      created: '2025-09-01T00:00:00Z',
    }),
  ];
  for (const base of bases) for (const [digest, bytes] of base.blobs) world.blobs.set(digest, bytes);
  for (let a = 0; a < opts.accounts; a++) {
    const accountId = generatedAccountId(a);
    const registry = defaultRegistry(accountId, region, opts.now);
    registry.scanType = 'ENHANCED';
    registry.rules = [
      { scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: 'svc-*', filterType: 'WILDCARD' }] },
      { scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: 'batch-*', filterType: 'WILDCARD' }] },
    ];
    registry.inspector = {
      ecrStatus: 'ENABLED',
      rescanDuration: 'DAYS_30',
      pullDateRescanMode: 'LAST_PULL_DATE',
      pullDateRescanDuration: 'DAYS_14',
      status: 'SUCCESS',
      updatedAt: new Date(opts.now.getTime() - 120 * 86_400_000),
    };
    for (let r = 0; r < opts.repositoriesPerAccount; r++) {
      const name = generatedRepositoryName(r);
      const spec: GeneratedImageSpec = {
        seed: opts.seed ?? 1,
        account: a,
        repository: r,
        count: opts.imagesPerRepository,
        now: opts.now,
        continuous: name.startsWith('svc-'),
        base: bases[r % bases.length]!,
      };
      registry.repositories.set(name, {
        name,
        createdAt: new Date(opts.now.getTime() - 400 * 86_400_000),
        encryptionType: 'AES256',
        imageTagMutability: 'MUTABLE',
        scanOnPush: false,
        images: new GeneratedImageStore(spec),
      });
    }
    world.registries.set(registryKey(accountId, region), registry);
  }
  return world;
}
