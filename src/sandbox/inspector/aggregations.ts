/**
 * Inspector2 ListFindingAggregations, `aggregationType: AWS_ECR_CONTAINER` only (domain.md §4.4): one entry per
 * image that has ACTIVE findings, with `severityCounts {all, critical, high, medium}` (the model has no count
 * below medium). Images without active findings are not listed, as with ListFindings. Other aggregation types
 * are answered with a ValidationException naming the sandbox's limit, so a caller relying on them fails loudly.
 * `sortBy`/`sortOrder` are accepted; results keep the registry's order.
 */
import { inspectorValidation } from '../errors.js';
import type { HandlerContext, Input } from '../handler.js';
import type { SandboxImage, SandboxRegistry, SandboxRepository } from '../world.js';
import { imageArn } from '../world.js';
import { inspectorCoversEcr } from './coverage-state.js';
import { type Criteria, exactValues, matchString, stringFilters } from './filters.js';
import { activeFindings } from './findings.js';
import { cursorOf, maxResultsOf, tokenFor } from './input.js';

const ECR_CONTAINER = 'AWS_ECR_CONTAINER';
const COMPARISONS = ['EQUALS', 'PREFIX', 'NOT_EQUALS'] as const;
const SORT_BY = ['CRITICAL', 'HIGH', 'ALL'];

type Cursor = [number, number];

export function listFindingAggregations(ctx: HandlerContext, input: Input) {
  const { registry } = ctx;
  if (input.aggregationType !== ECR_CONTAINER) {
    throw inspectorValidation(
      'aggregationType',
      input.aggregationType,
      `the ecrscan sandbox emulates only ${ECR_CONTAINER} aggregations`,
    );
  }
  const limit = maxResultsOf(input, 100);
  const [r0, i0] = cursorOf<Cursor>(input, [0, 0]);
  const { matches, names } = criteriaOf(input);
  if (!inspectorCoversEcr(registry)) return { aggregationType: ECR_CONTAINER, responses: [] };
  const repositories = names
    ? names.flatMap((n) => registry.repositories.get(n) ?? [])
    : [...registry.repositories.values()];
  const responses: unknown[] = [];
  for (let r = r0; r < repositories.length; r++) {
    const repository = repositories[r]!;
    for (let i = r === r0 ? i0 : 0; i < repository.images.size; i++) {
      const image = repository.images.at(i);
      if (!matches(registry, repository, image)) continue;
      const vulns = activeFindings(registry, repository, image);
      if (vulns.length === 0) continue;
      if (responses.length === limit) {
        return { aggregationType: ECR_CONTAINER, responses, nextToken: tokenFor(input, [r, i]) };
      }
      const count = (severity: string) => vulns.filter((v) => v.severity === severity).length;
      responses.push({
        awsEcrContainerAggregation: {
          resourceId: imageArn(registry, repository.name, image.digest),
          imageSha: image.digest,
          repository: repository.name,
          architecture: image.platform?.architecture,
          imageTags: image.tags,
          accountId: registry.accountId,
          severityCounts: {
            all: vulns.length,
            critical: count('CRITICAL'),
            high: count('HIGH'),
            medium: count('MEDIUM'),
          },
        },
      });
    }
  }
  return { aggregationType: ECR_CONTAINER, responses };
}

function criteriaOf(input: Input) {
  const request = (input.aggregationRequest ?? {}) as Record<string, unknown>;
  const ecr = (request.awsEcrContainerAggregation ?? {}) as Criteria;
  if (Object.keys(request).some((k) => k !== 'awsEcrContainerAggregation')) {
    throw inspectorValidation('aggregationRequest', Object.keys(request).join(','), 'must match the aggregationType');
  }
  if (ecr.sortBy !== undefined && !SORT_BY.includes(String(ecr.sortBy))) {
    throw inspectorValidation('sortBy', ecr.sortBy, `Member must satisfy enum value set: [${SORT_BY.join(', ')}]`);
  }
  const f = {
    resourceIds: stringFilters(ecr, 'resourceIds', COMPARISONS),
    imageShas: stringFilters(ecr, 'imageShas', COMPARISONS),
    repositories: stringFilters(ecr, 'repositories', COMPARISONS),
    architectures: stringFilters(ecr, 'architectures', COMPARISONS),
    imageTags: stringFilters(ecr, 'imageTags', COMPARISONS),
    accountIds: stringFilters(input as Criteria, 'accountIds', COMPARISONS),
  };
  const matches = (registry: SandboxRegistry, repository: SandboxRepository, image: SandboxImage) =>
    matchString(f.accountIds, registry.accountId) &&
    matchString(f.resourceIds, imageArn(registry, repository.name, image.digest)) &&
    matchString(f.imageShas, image.digest) &&
    matchString(f.repositories, repository.name) &&
    matchString(f.architectures, image.platform?.architecture) &&
    matchString(f.imageTags, image.tags);
  return { matches, names: exactValues(f.repositories) };
}
