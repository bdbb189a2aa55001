import {
  BatchGetAccountStatusCommand,
  type CoverageFilterCriteria,
  type FilterCriteria,
  GetConfigurationCommand,
  type Inspector2Client,
  ListCoverageCommand,
  ListFindingAggregationsCommand,
  ListFindingsCommand,
} from '@aws-sdk/client-inspector2';
import { compact } from './compact.js';
import { mapInspectorFinding } from './finding-mappers.js';
import { mapAccountStatuses, mapCoverage, mapEcrConfiguration, mapSeverityCounts } from './inspector-mappers.js';
import { withAwsErrors } from './map-aws-error.js';
import { paginate } from './paginate.js';
import type { CoverageFilter, FindingsFilter, InspectorPort, SeverityCountsFilter } from './ports.js';

export interface InspectorAdapterDeps {
  client: Inspector2Client;
}

const COVERAGE_PAGE = 200;
const FINDINGS_PAGE = 100;
const AGGREGATION_PAGE = 100;
const MAX_FILTERS = 10;
const ECR_IMAGE = 'AWS_ECR_CONTAINER_IMAGE';

/** `InspectorPort` on the SDK v3 Inspector2 client, limited to ECR container images. */
export function createInspectorAdapter(deps: InspectorAdapterDeps): InspectorPort {
  const { client } = deps;
  return {
    async getConfiguration() {
      const out = await withAwsErrors('inspector2:GetConfiguration', () =>
        client.send(new GetConfigurationCommand({})),
      );
      return mapEcrConfiguration(out.ecrConfiguration?.rescanDurationState);
    },

    listCoverage(filter = {}) {
      const filterCriteria = coverageCriteria(filter);
      return paginate(async (nextToken) => {
        const out = await withAwsErrors('inspector2:ListCoverage', () =>
          client.send(new ListCoverageCommand({ filterCriteria, maxResults: COVERAGE_PAGE, nextToken })),
        );
        return { items: (out.coveredResources ?? []).map(mapCoverage), nextToken: out.nextToken };
      });
    },

    listFindings(filter = {}) {
      const filterCriteria = findingsCriteria(filter);
      return paginate(async (nextToken) => {
        const out = await withAwsErrors('inspector2:ListFindings', () =>
          client.send(new ListFindingsCommand({ filterCriteria, maxResults: FINDINGS_PAGE, nextToken })),
        );
        return { items: (out.findings ?? []).map(mapInspectorFinding), nextToken: out.nextToken };
      });
    },

    listImageSeverityCounts(filter) {
      return paginate(async (nextToken) => {
        // Built here so a bad filter rejects the iteration, like an AWS error would, instead of throwing at the call.
        const request = severityRequest(filter);
        const out = await withAwsErrors('inspector2:ListFindingAggregations', () =>
          client.send(new ListFindingAggregationsCommand({ ...request, maxResults: AGGREGATION_PAGE, nextToken })),
        );
        return { items: mapSeverityCounts(out.responses), nextToken: out.nextToken };
      });
    },

    async batchGetAccountStatus(accountIds) {
      const out = await withAwsErrors('inspector2:BatchGetAccountStatus', () =>
        client.send(new BatchGetAccountStatusCommand(accountIds === undefined ? {} : { accountIds })),
      );
      return mapAccountStatuses(out.accounts, out.failedAccounts);
    },
  };
}

function equals(value: string | undefined): { comparison: 'EQUALS'; value: string }[] | undefined {
  return value === undefined ? undefined : [{ comparison: 'EQUALS', value }];
}

function coverageCriteria(filter: CoverageFilter): CoverageFilterCriteria {
  return compact({
    resourceType: equals(ECR_IMAGE),
    resourceId: equals(filter.resourceId),
    ecrRepositoryName: equals(filter.repositoryName),
    ecrImageTags: equals(filter.imageTag),
    accountId: equals(filter.accountId),
    scanStatusCode: equals(filter.statusCode),
    scanStatusReason: equals(filter.reason),
  });
}

function findingsCriteria(filter: FindingsFilter): FilterCriteria {
  return compact({
    resourceType: equals(ECR_IMAGE),
    findingStatus: equals(filter.status ?? 'ACTIVE'),
    resourceId: equals(filter.resourceId),
    ecrImageRepositoryName: equals(filter.repositoryName),
    ecrImageHash: equals(filter.imageHash),
    awsAccountId: equals(filter.accountId),
  });
}

function severityRequest(filter: SeverityCountsFilter) {
  const digests = filter.imageDigests ?? [];
  if (digests.length > MAX_FILTERS) {
    throw new RangeError(
      `at most ${MAX_FILTERS} image digests per ListFindingAggregations call, got ${digests.length}`,
    );
  }
  return {
    aggregationType: 'AWS_ECR_CONTAINER' as const,
    ...compact({ accountIds: equals(filter.accountId) }),
    aggregationRequest: {
      awsEcrContainerAggregation: compact({
        repositories: equals(filter.repositoryName),
        imageShas: digests.length ? digests.map((value) => ({ comparison: 'EQUALS' as const, value })) : undefined,
      }),
    },
  };
}
