/**
 * `createDefaultWorld(now)`: the three sandbox accounts with one image per problem (seeded-world.md),
 * dates relative to `now`. Artifacts come from seeded-catalog.ts; this file sets registries, dates,
 * scan results and Inspector coverage.
 */
import { SANDBOX_ACCOUNTS } from './accounts.js';
import type { BuiltImage } from './image-builder.js';
import { ArrayImageStore } from './image-store.js';
import { MANIFEST_LIST_CHILDREN, SEEDED_ARTIFACTS } from './seeded-catalog.js';
import { SEEDED_PROBLEM_IDS, type SeededProblemId } from './seeded-images.js';
import { type SeededState, seededScan, seededStates } from './seeded-states.js';
import * as V from './vulns.js';
import {
  defaultRegistry,
  emptyWorld,
  registryKey,
  type SandboxImage,
  type SandboxRegistry,
  type SandboxWorld,
} from './world.js';

const DAY = 86_400_000;

function toImage(built: BuiltImage, tags: string[], state: SeededState, now: Date): SandboxImage {
  const { pushedDaysAgo, pulledDaysAgo, ...rest } = state;
  return {
    digest: built.digest,
    tags,
    pushedAt: new Date(now.getTime() - Math.round(pushedDaysAgo * DAY)),
    lastRecordedPullTime: pulledDaysAgo === undefined ? undefined : new Date(now.getTime() - pulledDaysAgo * DAY),
    imageStatus: 'ACTIVE',
    manifest: built.manifest,
    manifestMediaType: built.mediaType,
    artifactMediaType: built.artifactMediaType,
    subjectManifestDigest: built.subjectManifestDigest,
    sizeInBytes: built.sizeInBytes,
    blobDigests: built.blobDigests,
    platform: { architecture: built.platform.architecture, inspectorPlatform: built.platform.inspectorPlatform },
    ...rest,
  };
}

function registries(now: Date): SandboxRegistry[] {
  const wildcard = (...filters: string[]) => filters.map((filter) => ({ filter, filterType: 'WILDCARD' }));
  const basic = defaultRegistry(SANDBOX_ACCOUNTS.basic.accountId, SANDBOX_ACCOUNTS.basic.region, now);
  basic.rules = [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: wildcard('prod', 'team-*') }];
  const enhanced = defaultRegistry(SANDBOX_ACCOUNTS.enhanced.accountId, SANDBOX_ACCOUNTS.enhanced.region, now);
  enhanced.scanType = 'ENHANCED';
  enhanced.rules = [
    { scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: wildcard('svc-*', 'platform') },
    { scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: wildcard('batch-*') },
  ];
  enhanced.inspector = {
    ecrStatus: 'ENABLED',
    rescanDuration: 'DAYS_30',
    pullDateRescanMode: 'LAST_PULL_DATE',
    pullDateRescanDuration: 'DAYS_14',
    status: 'SUCCESS',
    updatedAt: new Date(now.getTime() - 90 * DAY),
  };
  const disabled = defaultRegistry(
    SANDBOX_ACCOUNTS.inspectorDisabled.accountId,
    SANDBOX_ACCOUNTS.inspectorDisabled.region,
    now,
  );
  disabled.scanType = 'ENHANCED';
  disabled.rules = [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: wildcard('*') }];
  return [basic, enhanced, disabled];
}

export function createDefaultWorld(now: Date): SandboxWorld {
  const world = emptyWorld();
  for (const registry of registries(now))
    world.registries.set(registryKey(registry.accountId, registry.region), registry);
  const all = seededStates(now);
  const place = (id: SeededProblemId, built: BuiltImage, tags: string[], state: SeededState) => {
    const { account, repositoryName } = SEEDED_ARTIFACTS[id];
    const { accountId, region } = SANDBOX_ACCOUNTS[account];
    const registry = world.registries.get(registryKey(accountId, region))!;
    let repository = registry.repositories.get(repositoryName);
    if (!repository) {
      const kms = id === 'kms-denied';
      repository = {
        name: repositoryName,
        createdAt: new Date(now.getTime() - 450 * DAY),
        encryptionType: kms ? 'KMS' : 'AES256',
        kmsKey: kms ? `arn:aws:kms:${region}:${accountId}:key/5f2c7a9e-3b1d-4e8a-9c6f-0d2e4b6a8c1f` : undefined,
        imageTagMutability: 'MUTABLE',
        scanOnPush: false,
        images: new ArrayImageStore(),
      };
      registry.repositories.set(repositoryName, repository);
    }
    repository.images.put(toImage(built, tags, state, now));
    for (const [digest, bytes] of built.blobs) world.blobs.set(digest, bytes);
  };
  for (const id of SEEDED_PROBLEM_IDS) {
    const { tag, image } = SEEDED_ARTIFACTS[id];
    if (id === 'manifest-list') {
      for (const child of MANIFEST_LIST_CHILDREN) {
        place(id, child, [], {
          pushedDaysAgo: all[id].pushedDaysAgo,
          pulledDaysAgo: 1,
          scan: seededScan(now, 'ACTIVE', { engine: 'enhanced', vulns: [V.MUSL_ICONV] }),
          coverage: { statusCode: 'ACTIVE', reason: 'SUCCESSFUL', lastScannedAt: new Date(now.getTime() - DAY) },
        });
      }
    }
    place(id, image, tag === undefined ? [] : [tag], all[id]);
  }
  return world;
}
