/**
 * ECR repository and registry configuration: DescribeRepositories, CreateRepository,
 * Get/PutRegistryScanningConfiguration, BatchGetRepositoryScanningConfiguration (domain.md §2).
 */
import { randomUUID } from 'node:crypto';
import type { ScanningRule } from '../../domain/facts.js';
import { ECR_REPO_FILTER_PATTERN, isRepoFilter } from '../../domain/repo-filter.js';
import { ecrInvalidParameter, SandboxError } from '../errors.js';
import type { HandlerContext, Input } from '../handler.js';
import { ArrayImageStore } from '../image-store.js';
import { effectiveScanning } from '../scan-rules.js';
import { repositoryArn, type SandboxRepository } from '../world.js';
import {
  findRepository,
  maxResultsOf,
  REPOSITORY_NAME,
  repositoryNameOf,
  stringListOf,
  targetRegistry,
} from './input.js';
import { collectPage, cursorOf, tokenFor } from './paging.js';
import { repositoryWire } from './render.js';

export function describeRepositories(ctx: HandlerContext, input: Input) {
  const registry = targetRegistry(ctx, input);
  const names = stringListOf(input, 'repositoryNames', 1, 100);
  if (names) {
    if (input.nextToken != null || input.maxResults != null) {
      throw ecrInvalidParameter('repositoryNames', 'cannot be used together with nextToken or maxResults');
    }
    return { repositories: names.map((name) => repositoryWire(registry, findRepository(registry, name))) };
  }
  const limit = maxResultsOf(input, 1000, 100);
  const all = [...registry.repositories.values()];
  const { items, next } = collectPage(all.length, cursorOf(input, 0), limit, (i) => repositoryWire(registry, all[i]!));
  return { repositories: items, nextToken: next === undefined ? undefined : tokenFor(input, next) };
}

export function createRepository(ctx: HandlerContext, input: Input) {
  const registry = targetRegistry(ctx, input);
  const name = repositoryNameOf(input);
  if (registry.repositories.has(name)) {
    throw new SandboxError(
      'RepositoryAlreadyExistsException',
      `The repository with name '${name}' already exists in the registry with id '${registry.accountId}'`,
    );
  }
  const mutability = input.imageTagMutability ?? 'MUTABLE';
  if (mutability !== 'MUTABLE' && mutability !== 'IMMUTABLE') {
    throw ecrInvalidParameter('imageTagMutability', 'Member must satisfy enum value set: [MUTABLE, IMMUTABLE]');
  }
  const encryption = (input.encryptionConfiguration ?? {}) as Record<string, unknown>;
  const kms = encryption.encryptionType === 'KMS' || encryption.encryptionType === 'KMS_DSSE';
  const scanning = (input.imageScanningConfiguration ?? {}) as Record<string, unknown>;
  const repository: SandboxRepository = {
    name,
    createdAt: ctx.now(),
    encryptionType: kms ? 'KMS' : 'AES256',
    kmsKey: kms
      ? typeof encryption.kmsKey === 'string'
        ? encryption.kmsKey
        : `arn:aws:kms:${registry.region}:${registry.accountId}:key/${randomUUID()}`
      : undefined,
    imageTagMutability: mutability,
    scanOnPush: scanning.scanOnPush === true,
    images: new ArrayImageStore(),
  };
  registry.repositories.set(name, repository);
  return { repository: repositoryWire(registry, repository) };
}

export function getRegistryScanningConfiguration(ctx: HandlerContext) {
  const { registry } = ctx;
  return {
    registryId: registry.accountId,
    scanningConfiguration: { scanType: registry.scanType, rules: registry.rules },
  };
}

function rulesOf(value: unknown, scanType: string): ScanningRule[] {
  if (!Array.isArray(value)) throw ecrInvalidParameter('rules', 'Member must be a list');
  if (value.length > 2) throw ecrInvalidParameter('rules', 'Member must have length less than or equal to 2');
  return value.map((raw: Record<string, unknown>, i) => {
    const field = `rules.${i + 1}`;
    const allowed = scanType === 'ENHANCED' ? ['CONTINUOUS_SCAN', 'SCAN_ON_PUSH'] : ['SCAN_ON_PUSH'];
    if (typeof raw?.scanFrequency !== 'string' || !allowed.includes(raw.scanFrequency)) {
      throw ecrInvalidParameter(
        `${field}.scanFrequency`,
        `must be one of [${allowed.join(', ')}] for scan type ${scanType}`,
      );
    }
    const filters = raw.repositoryFilters;
    if (!Array.isArray(filters) || filters.length > 100) {
      throw ecrInvalidParameter(`${field}.repositoryFilters`, 'Member must be a list of at most 100 filters');
    }
    return {
      scanFrequency: raw.scanFrequency,
      repositoryFilters: filters.map((f: Record<string, unknown>, j) => {
        const filter = f?.filter;
        // ECR's own pattern backtracks exponentially on a near-miss; the equivalent safe check cannot hang the sandbox.
        if (typeof filter !== 'string' || !isRepoFilter(filter)) {
          throw ecrInvalidParameter(
            `${field}.repositoryFilters.${j + 1}.filter`,
            `must satisfy regular expression '${ECR_REPO_FILTER_PATTERN}'`,
          );
        }
        if (f.filterType !== 'WILDCARD') {
          throw ecrInvalidParameter(
            `${field}.repositoryFilters.${j + 1}.filterType`,
            'Member must satisfy enum value set: [WILDCARD]',
          );
        }
        return { filter, filterType: 'WILDCARD' };
      }),
    };
  });
}

/** Switching to ENHANCED turns on Inspector's ECR scanning for the account, as the real call does; BASIC turns it off. */
export function putRegistryScanningConfiguration(ctx: HandlerContext, input: Input) {
  const { registry } = ctx;
  const scanType = input.scanType ?? registry.scanType;
  if (scanType !== 'BASIC' && scanType !== 'ENHANCED') {
    throw ecrInvalidParameter('scanType', 'Member must satisfy enum value set: [BASIC, ENHANCED]');
  }
  const rules = input.rules === undefined ? registry.rules : rulesOf(input.rules, scanType);
  if (scanType !== registry.scanType) {
    registry.inspector = { ...registry.inspector, ecrStatus: scanType === 'ENHANCED' ? 'ENABLED' : 'DISABLED' };
  }
  registry.scanType = scanType;
  registry.rules = rules;
  return { registryScanningConfiguration: { scanType, rules } };
}

export function batchGetRepositoryScanningConfiguration(ctx: HandlerContext, input: Input) {
  const { registry } = ctx;
  const names = stringListOf(input, 'repositoryNames', 1, 25);
  if (!names) throw ecrInvalidParameter('repositoryNames', 'Member must not be null');
  const scanningConfigurations: unknown[] = [];
  const failures: unknown[] = [];
  for (const name of names) {
    if (!REPOSITORY_NAME.test(name)) {
      throw ecrInvalidParameter('repositoryNames', `must satisfy regular expression '${REPOSITORY_NAME.source}'`);
    }
    if (!registry.repositories.has(name)) {
      failures.push({
        repositoryName: name,
        failureCode: 'REPOSITORY_NOT_FOUND',
        failureReason: 'REPOSITORY_NOT_FOUND',
      });
      continue;
    }
    const { frequency, appliedScanFilters } = effectiveScanning(registry, name);
    scanningConfigurations.push({
      repositoryArn: repositoryArn(registry, name),
      repositoryName: name,
      // A real answer shows CONTINUOUS_SCAN with scanOnPush false (turbot/steampipe-plugin-aws#1716): the flag
      // mirrors scan-on-push only. For SCAN_ON_PUSH repositories the value is UNVERIFIED.
      scanOnPush: frequency === 'SCAN_ON_PUSH',
      scanFrequency: frequency,
      appliedScanFilters,
    });
  }
  return { scanningConfigurations, failures };
}
