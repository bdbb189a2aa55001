import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ACCOUNTS } from '../../src/sandbox/accounts.js';
import { generatedAccountId, generatedRepositoryName, generateWorld } from '../../src/sandbox/generated-world.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { registryKey } from '../../src/sandbox/world.js';
import { collect, type SandboxPorts, sandboxPorts } from './helpers/sandbox-ports.js';

const { basic, enhanced } = SANDBOX_ACCOUNTS;
const MANY_REGION = 'ap-southeast-2';
const MANY_REPOSITORIES = 1050;

let sandbox: RunningSandbox;
let basicPorts: SandboxPorts;
let enhancedPorts: SandboxPorts;
let manyPorts: SandboxPorts;

beforeAll(async () => {
  sandbox = await startSandbox();
  const generated = generateWorld({
    accounts: 1,
    repositoriesPerAccount: MANY_REPOSITORIES,
    imagesPerRepository: 1,
    now: new Date(),
    region: MANY_REGION,
  });
  for (const [key, registry] of generated.registries) sandbox.world.registries.set(key, registry);
  for (const [digest, bytes] of generated.blobs) sandbox.world.blobs.set(digest, bytes);
  basicPorts = sandboxPorts(sandbox, basic);
  enhancedPorts = sandboxPorts(sandbox, enhanced);
  manyPorts = sandboxPorts(sandbox, { accountId: generatedAccountId(0), region: MANY_REGION });
});

afterAll(async () => {
  for (const ports of [basicPorts, enhancedPorts, manyPorts]) ports.destroy();
  await sandbox.close();
});

describe('getRegistryScanningConfiguration', () => {
  it('maps a BASIC registry with its scan-on-push rule', async () => {
    await expect(basicPorts.ecr.getRegistryScanningConfiguration()).resolves.toEqual({
      registryId: basic.accountId,
      scanType: 'BASIC',
      rules: [
        {
          scanFrequency: 'SCAN_ON_PUSH',
          repositoryFilters: [
            { filter: 'prod', filterType: 'WILDCARD' },
            { filter: 'team-*', filterType: 'WILDCARD' },
          ],
        },
      ],
    });
  });

  it('maps an ENHANCED registry with two rules', async () => {
    const config = await enhancedPorts.ecr.getRegistryScanningConfiguration();
    expect(config.scanType).toBe('ENHANCED');
    expect(config.rules.map((r) => [r.scanFrequency, r.repositoryFilters.map((f) => f.filter)])).toEqual([
      ['CONTINUOUS_SCAN', ['svc-*', 'platform']],
      ['SCAN_ON_PUSH', ['batch-*']],
    ]);
  });
});

describe('getRepositoryScanningConfigurations', () => {
  it('maps effective frequencies and puts unknown names in notFound', async () => {
    const result = await enhancedPorts.ecr.getRepositoryScanningConfigurations([
      'svc-checkout',
      'batch-reconcile',
      'no-such-repo',
    ]);
    expect(result.notFound).toEqual(['no-such-repo']);
    expect(result.configs).toEqual([
      {
        repositoryName: 'svc-checkout',
        repositoryArn: `arn:aws:ecr:${enhanced.region}:${enhanced.accountId}:repository/svc-checkout`,
        scanOnPush: false,
        scanFrequency: 'CONTINUOUS_SCAN',
        appliedScanFilters: [{ filter: 'svc-*', filterType: 'WILDCARD' }],
      },
      {
        repositoryName: 'batch-reconcile',
        repositoryArn: `arn:aws:ecr:${enhanced.region}:${enhanced.accountId}:repository/batch-reconcile`,
        scanOnPush: true,
        scanFrequency: 'SCAN_ON_PUSH',
        appliedScanFilters: [{ filter: 'batch-*', filterType: 'WILDCARD' }],
      },
    ]);
  });

  it('a basic repository matching no rule is MANUAL', async () => {
    const { configs } = await basicPorts.ecr.getRepositoryScanningConfigurations(['sandbox-tools']);
    expect(configs).toEqual([
      expect.objectContaining({ repositoryName: 'sandbox-tools', scanOnPush: false, scanFrequency: 'MANUAL' }),
    ]);
  });

  it('splits 60 names into parallel calls of at most 25', async () => {
    const names = Array.from({ length: 60 }, (_, i) => generatedRepositoryName(i));
    manyPorts.calls.clear();
    const result = await manyPorts.ecr.getRepositoryScanningConfigurations([...names, 'missing-one']);
    expect(result.configs.map((c) => c.repositoryName)).toEqual(names);
    expect(result.notFound).toEqual(['missing-one']);
    expect(manyPorts.calls.count('ecr:BatchGetRepositoryScanningConfiguration')).toBe(3);
  });

  it('asks nothing for no names', async () => {
    manyPorts.calls.clear();
    await expect(manyPorts.ecr.getRepositoryScanningConfigurations([])).resolves.toEqual({ configs: [], notFound: [] });
    expect(manyPorts.calls.attempts).toEqual([]);
  });
});

describe('describeRepositories', () => {
  it('maps named repositories, KMS encryption included', async () => {
    const pages = await collect(enhancedPorts.ecr.describeRepositories(['svc-vault', 'svc-checkout']));
    const stored = sandbox.world.registries.get(registryKey(enhanced.accountId, enhanced.region))!;
    const vault = stored.repositories.get('svc-vault')!;
    expect(pages.flat()).toEqual([
      {
        registryId: enhanced.accountId,
        repositoryName: 'svc-vault',
        repositoryArn: `arn:aws:ecr:${enhanced.region}:${enhanced.accountId}:repository/svc-vault`,
        repositoryUri: `${enhanced.accountId}.dkr.ecr.${enhanced.region}.amazonaws.com/svc-vault`,
        createdAt: vault.createdAt,
        encryptionType: 'KMS',
        kmsKey: vault.kmsKey,
        imageTagMutability: 'MUTABLE',
      },
      expect.objectContaining({ repositoryName: 'svc-checkout', encryptionType: 'AES256' }),
    ]);
  });

  it('fails with REPOSITORY_NOT_FOUND when a named repository does not exist', async () => {
    const err = await collect(basicPorts.ecr.describeRepositories(['payments-prod', 'no-such-repo'])).catch((e) => e);
    expect(err).toMatchObject({ code: 'REPOSITORY_NOT_FOUND', operation: 'ecr:DescribeRepositories' });
  });

  it('lists every repository in pages of 1000', async () => {
    manyPorts.calls.clear();
    const pages = await collect(manyPorts.ecr.describeRepositories());
    expect(pages.map((p) => p.length)).toEqual([1000, MANY_REPOSITORIES - 1000]);
    expect(new Set(pages.flat().map((r) => r.repositoryName)).size).toBe(MANY_REPOSITORIES);
    expect(manyPorts.calls.count('ecr:DescribeRepositories')).toBe(2);
  });

  it('looks up more than 100 names in batches of 100', async () => {
    const names = Array.from({ length: 230 }, (_, i) => generatedRepositoryName(i));
    manyPorts.calls.clear();
    const pages = await collect(manyPorts.ecr.describeRepositories(names));
    expect(pages.map((p) => p.length)).toEqual([100, 100, 30]);
    expect(pages.flat().map((r) => r.repositoryName)).toEqual(names);
    expect(manyPorts.calls.count('ecr:DescribeRepositories')).toBe(3);
  });
});
