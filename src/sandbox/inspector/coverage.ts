/** Inspector2 ListCoverage and ListCoverageStatistics over the caller's registry (domain.md §4.2, §4.3). */
import { inspectorValidation } from '../errors.js';
import type { HandlerContext, Input } from '../handler.js';
import type { SandboxRegistry, SandboxRepository } from '../world.js';
import { type CoverageItem, coveredResource, imageItem, inspectorCoversEcr, repositoryItem } from './coverage-state.js';
import {
  type Criteria,
  dateFilters,
  exactValues,
  matchDate,
  matchString,
  stringFilters,
  unsupportedFields,
} from './filters.js';
import { cursorOf, maxResultsOf, tokenFor } from './input.js';

const STRING_FIELDS = [
  'resourceType',
  'resourceId',
  'ecrRepositoryName',
  'scanStatusCode',
  'scanStatusReason',
  'accountId',
  'ecrImageTags',
  'scanType',
] as const;
const DATE_FIELDS = ['lastScannedAt', 'imagePulledAt', 'ecrImageLastInUseAt'] as const;
const COMPARISONS = ['EQUALS', 'NOT_EQUALS'] as const;

type Cursor = [number, number];

function criteriaOf(input: Input) {
  const raw = (input.filterCriteria ?? {}) as Criteria;
  const strings = Object.fromEntries(STRING_FIELDS.map((f) => [f, stringFilters(raw, f, COMPARISONS)]));
  const dates = Object.fromEntries(DATE_FIELDS.map((f) => [f, dateFilters(raw, f)]));
  const impossible = unsupportedFields(raw, [...STRING_FIELDS, ...DATE_FIELDS]);
  const matches = (item: CoverageItem): boolean =>
    !impossible &&
    matchString(strings.resourceType, item.resourceType) &&
    matchString(strings.resourceId, item.resourceId) &&
    matchString(strings.ecrRepositoryName, item.repositoryName) &&
    matchString(strings.scanStatusCode, item.statusCode) &&
    matchString(strings.scanStatusReason, item.reason) &&
    matchString(strings.accountId, item.accountId) &&
    matchString(strings.ecrImageTags, item.tags) &&
    matchString(strings.scanType, 'PACKAGE') &&
    matchDate(dates.lastScannedAt, item.lastScannedAt) &&
    matchDate(dates.imagePulledAt, item.image?.lastRecordedPullTime) &&
    matchDate(dates.ecrImageLastInUseAt, item.image?.lastInUseAt);
  const names = exactValues(strings.ecrRepositoryName);
  const ids = exactValues(strings.resourceId);
  return { matches, names, ids };
}

const IMAGE_ARN = /^arn:aws:ecr:[^:]+:\d{12}:repository\/(.+)\/(sha256:[a-f0-9]{64})$/;
const REPOSITORY_ARN = /^arn:aws:ecr:[^:]+:\d{12}:repository\/(.+)$/;

/** Coverage items in a stable order from a cursor: each repository, then its images. */
function* walk(registry: SandboxRegistry, input: Input, start: Cursor): Generator<[CoverageItem, Cursor]> {
  if (!inspectorCoversEcr(registry)) return;
  const { matches, names, ids } = criteriaOf(input);
  if (ids) {
    for (let k = start[0]; k < ids.length; k++) {
      const id = ids[k]!;
      const imageMatch = IMAGE_ARN.exec(id);
      const repository = registry.repositories.get((imageMatch ?? REPOSITORY_ARN.exec(id))?.[1] ?? '');
      if (!repository) continue;
      const image = imageMatch ? repository.images.byDigest(imageMatch[2]!) : undefined;
      const item = imageMatch ? image && imageItem(registry, repository, image) : repositoryItem(registry, repository);
      if (item && item.resourceId === id && matches(item)) yield [item, [k, 0]];
    }
    return;
  }
  const repositories: SandboxRepository[] = names
    ? names.flatMap((n) => registry.repositories.get(n) ?? [])
    : [...registry.repositories.values()];
  for (let r = start[0]; r < repositories.length; r++) {
    const repository = repositories[r]!;
    for (let i = r === start[0] ? start[1] : -1; i < repository.images.size; i++) {
      const item =
        i < 0 ? repositoryItem(registry, repository) : imageItem(registry, repository, repository.images.at(i));
      if (matches(item)) yield [item, [r, i]];
    }
  }
}

export function listCoverage(ctx: HandlerContext, input: Input) {
  const limit = maxResultsOf(input, 200);
  const coveredResources: unknown[] = [];
  for (const [item, cursor] of walk(ctx.registry, input, cursorOf<Cursor>(input, [0, -1]))) {
    if (coveredResources.length === limit) return { coveredResources, nextToken: tokenFor(input, cursor) };
    coveredResources.push(coveredResource(item));
  }
  return { coveredResources };
}

const GROUP_KEYS: Record<string, (item: CoverageItem) => string> = {
  SCAN_STATUS_CODE: (item) => item.statusCode,
  SCAN_STATUS_REASON: (item) => item.reason,
  ACCOUNT_ID: (item) => item.accountId,
  RESOURCE_TYPE: (item) => item.resourceType,
  ECR_REPOSITORY_NAME: (item) => item.repositoryName,
};

/** Counts every matching resource per call (fine at sandbox sizes); groups come 5 per page, as the model allows. */
export function listCoverageStatistics(ctx: HandlerContext, input: Input) {
  const groupBy = input.groupBy;
  if (groupBy !== undefined && (typeof groupBy !== 'string' || !(groupBy in GROUP_KEYS))) {
    throw inspectorValidation(
      'groupBy',
      groupBy,
      `Member must satisfy enum value set: [${Object.keys(GROUP_KEYS).join(', ')}]`,
    );
  }
  let totalCounts = 0;
  const groups = new Map<string, number>();
  for (const [item] of walk(ctx.registry, { filterCriteria: input.filterCriteria }, [0, -1])) {
    totalCounts++;
    if (groupBy) {
      const key = GROUP_KEYS[groupBy]!(item);
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
  }
  if (!groupBy) return { totalCounts };
  const start = cursorOf(input, 0);
  const all = [...groups].map(([groupKey, count]) => ({ groupKey, count }));
  const countsByGroup = all.slice(start, start + 5);
  return { countsByGroup, totalCounts, nextToken: start + 5 < all.length ? tokenFor(input, start + 5) : undefined };
}
