import {
  BatchGetRepositoryScanningConfigurationCommand,
  DescribeRepositoriesCommand,
  type ECRClient,
  GetRegistryScanningConfigurationCommand,
} from '@aws-sdk/client-ecr';
import type { RepositoryDetail, RepositoryScanningConfig } from '../domain/facts.js';
import { AwsError, isAwsError } from './aws-error.js';
import { mapRegistryScanning, mapRepository, mapRepositoryScanning } from './ecr-mappers.js';
import { withAwsErrors } from './map-aws-error.js';
import { chunk, paginate } from './paginate.js';
import type { EcrPort } from './ports.js';

const MAX_SCANNING_CONFIG_NAMES = 25;
const MAX_REPOSITORY_NAMES = 100;
const MAX_PAGE = 1000;

type ScanningConfigs = { configs: RepositoryScanningConfig[]; notFound: string[] };

/** The registry- and repository-level reads of `EcrPort`: scanning configuration and repository details. */
export function createEcrRegistryReader(
  client: ECRClient,
): Pick<EcrPort, 'getRegistryScanningConfiguration' | 'getRepositoryScanningConfigurations' | 'describeRepositories'> {
  async function scanningConfigs(names: string[]): Promise<ScanningConfigs> {
    const out = await withAwsErrors('ecr:BatchGetRepositoryScanningConfiguration', () =>
      client.send(new BatchGetRepositoryScanningConfigurationCommand({ repositoryNames: names })),
    );
    const notFound: string[] = [];
    for (const failure of out.failures ?? []) {
      if (failure.failureCode !== 'REPOSITORY_NOT_FOUND') {
        throw new AwsError(
          'UNKNOWN',
          'ecr:BatchGetRepositoryScanningConfiguration',
          `${failure.repositoryName ?? '?'}: ${failure.failureCode ?? 'unknown failure'} ${failure.failureReason ?? ''}`.trim(),
        );
      }
      if (failure.repositoryName !== undefined) notFound.push(failure.repositoryName);
    }
    return { configs: (out.scanningConfigurations ?? []).map(mapRepositoryScanning), notFound };
  }

  /** ECR reports unknown names in `failures`; should it throw for a whole batch instead, ask name by name. */
  async function scanningConfigsTolerant(names: string[]): Promise<ScanningConfigs> {
    try {
      return await scanningConfigs(names);
    } catch (err) {
      if (!isAwsError(err, 'REPOSITORY_NOT_FOUND')) throw err;
      if (names.length === 1) return { configs: [], notFound: [...names] };
      return merge(await Promise.all(names.map((name) => scanningConfigsTolerant([name]))));
    }
  }

  return {
    async getRegistryScanningConfiguration() {
      const out = await withAwsErrors('ecr:GetRegistryScanningConfiguration', () =>
        client.send(new GetRegistryScanningConfigurationCommand({})),
      );
      return mapRegistryScanning(out.registryId, out.scanningConfiguration);
    },

    async getRepositoryScanningConfigurations(repositoryNames) {
      const batches = chunk([...new Set(repositoryNames)], MAX_SCANNING_CONFIG_NAMES);
      return merge(await Promise.all(batches.map(scanningConfigsTolerant)));
    },

    describeRepositories(names) {
      if (names !== undefined) return describeNamed(client, names);
      return paginate(async (nextToken) => {
        const out = await withAwsErrors('ecr:DescribeRepositories', () =>
          client.send(new DescribeRepositoriesCommand({ maxResults: MAX_PAGE, nextToken })),
        );
        return { items: (out.repositories ?? []).map(mapRepository), nextToken: out.nextToken };
      });
    },
  };
}

/** `repositoryNames` cannot be combined with paging, so named lookups go in batches of 100 instead. */
async function* describeNamed(client: ECRClient, names: string[]): AsyncGenerator<RepositoryDetail[]> {
  for (const batch of chunk([...new Set(names)], MAX_REPOSITORY_NAMES)) {
    const out = await withAwsErrors('ecr:DescribeRepositories', () =>
      client.send(new DescribeRepositoriesCommand({ repositoryNames: batch })),
    );
    const repositories = (out.repositories ?? []).map(mapRepository);
    if (repositories.length > 0) yield repositories;
  }
}

function merge(results: ScanningConfigs[]): ScanningConfigs {
  return { configs: results.flatMap((r) => r.configs), notFound: results.flatMap((r) => r.notFound) };
}
