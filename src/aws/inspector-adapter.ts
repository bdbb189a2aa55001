import {
  BatchGetAccountStatusCommand,
  type CoverageFilterCriteria,
  type FilterCriteria,
  GetConfigurationCommand,
  type Inspector2Client,
  ListCoverageCommand,
  ListFindingsCommand,
} from '@aws-sdk/client-inspector2';
import { compact } from './compact.js';
import { mapInspectorFinding } from './finding-mappers.js';
import { mapAccountStatuses, mapCoverage, mapEcrConfiguration } from './inspector-mappers.js';
import { withAwsErrors } from './map-aws-error.js';
import { paginate } from './paginate.js';
import type { CoverageFilter, FindingsFilter, InspectorPort } from './ports.js';

export interface InspectorAdapterDeps {
  client: Inspector2Client;
}

const COVERAGE_PAGE = 200;
const FINDINGS_PAGE = 100;
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
