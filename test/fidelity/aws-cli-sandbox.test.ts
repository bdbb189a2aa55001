/**
 * The AWS CLI (v1, botocore) must parse the sandbox's answer to every operation the sandbox emulates,
 * and the parsed values must be the seeded world's. botocore is an independent reader of the ECR
 * (awsJson1_1), Inspector2 (restJson1) and STS (awsQuery) protocols; it rejects malformed bodies and
 * maps error bodies to "An error occurred (Name)". CLI v1 prints ECR and Inspector2 timestamps as
 * epoch seconds (numbers, as received) and STS's XML timestamps as the ISO strings it received.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededProblemId, seededImage } from '../../src/sandbox/seeded-images.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { type AwsCliTarget, awsCliError, awsCliJson, type CliJson as Json } from '../support/aws-cli.js';

const DAY_S = 24 * 3600;
let sandbox: RunningSandbox;
let startedAt: number;
const account = { basic: '111111111111', enhanced: '222222222222', disabled: '333333333333' } as const;

beforeAll(async () => {
  startedAt = Date.now() / 1000;
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox?.close();
});

function as(accountId: string): AwsCliTarget {
  return {
    endpoint: sandbox.url,
    region: accountId === account.basic ? 'us-east-1' : 'eu-west-1',
    accessKeyId: accountId,
  };
}

function image(id: SeededProblemId) {
  const seeded = seededImage(id);
  const imageId = seeded.tag === undefined ? `imageDigest=${seeded.digest}` : `imageTag=${seeded.tag}`;
  return { ...seeded, imageId, target: as(seeded.accountId) };
}

const findingsArgs = (id: SeededProblemId, ...more: string[]) => {
  const i = image(id);
  return [
    'ecr',
    'describe-image-scan-findings',
    '--repository-name',
    i.repositoryName,
    '--image-id',
    i.imageId,
    ...more,
  ];
};

/** An epoch-seconds timestamp `days` before the sandbox started, give or take ten minutes. */
function daysAgo(days: number) {
  return expect.toSatisfy((t: unknown) => typeof t === 'number' && Math.abs(t - (startedAt - days * DAY_S)) < 600);
}

describe('aws ecr against the sandbox', { timeout: 90_000 }, () => {
  it('describe-images: the seeded digest, tag, status and epoch-second times', async () => {
    const healthy = image('healthy');
    const answer = await awsCliJson<Json>(
      ['ecr', 'describe-images', '--repository-name', healthy.repositoryName],
      healthy.target,
    );
    expect(answer.imageDetails).toEqual([
      expect.objectContaining({
        registryId: account.basic,
        repositoryName: healthy.repositoryName,
        imageDigest: healthy.digest,
        imageTags: [healthy.tag],
        imageStatus: 'ACTIVE',
        imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        imagePushedAt: daysAgo(3),
        lastRecordedPullTime: daysAgo(1),
      }),
    ]);
  });

  it('describe-images: archived images only with --filter imageStatus=ARCHIVED', async () => {
    const archived = image('archived');
    const args = ['ecr', 'describe-images', '--repository-name', archived.repositoryName];
    const [plain, filtered] = await Promise.all([
      awsCliJson<Json>(args, archived.target),
      awsCliJson<Json>([...args, '--filter', 'imageStatus=ARCHIVED'], archived.target),
    ]);
    expect(plain).toEqual({ imageDetails: [] });
    expect(filtered.imageDetails).toEqual([
      expect.objectContaining({ imageDigest: archived.digest, imageStatus: 'ARCHIVED', lastArchivedAt: daysAgo(30) }),
    ]);
  });

  it('list-images: tagged ids, and the untagged children of a manifest list', async () => {
    const healthy = image('healthy');
    const list = image('manifest-list');
    const [tagged, untagged] = await Promise.all([
      awsCliJson<Json>(['ecr', 'list-images', '--repository-name', healthy.repositoryName], healthy.target),
      awsCliJson<Json>(
        ['ecr', 'list-images', '--repository-name', list.repositoryName, '--filter', 'tagStatus=UNTAGGED'],
        list.target,
      ),
    ]);
    expect(tagged).toEqual({ imageIds: [{ imageDigest: healthy.digest, imageTag: healthy.tag }] });
    expect(untagged.imageIds).toHaveLength(2);
    for (const id of untagged.imageIds) expect(Object.keys(id)).toEqual(['imageDigest']);
  });

  it('describe-image-scan-findings: answers without results parse, with and without a description', async () => {
    // COMPLETE and ACTIVE (answers with results) are checked below; UNSUPPORTED_IMAGE, LIMIT_EXCEEDED and
    // FINDINGS_UNAVAILABLE have the same answer shape as SCAN_ELIGIBILITY_EXPIRED.
    const expected: [SeededProblemId, string, string | undefined][] = [
      ['scratch', 'FAILED', 'UnsupportedImageError: The operating system and/or package manager are not supported.'],
      ['in-progress', 'IN_PROGRESS', undefined],
      ['pending', 'PENDING', 'Pending start of the image scan.'],
      ['archived', 'IMAGE_ARCHIVED', undefined],
      ['expired', 'SCAN_ELIGIBILITY_EXPIRED', undefined],
    ];
    const answers = await Promise.all(expected.map(([id]) => awsCliJson<Json>(findingsArgs(id), image(id).target)));
    expect(
      answers.map((a) => [a.imageId.imageDigest, a.imageScanStatus.status, a.imageScanStatus.description]),
    ).toEqual(expected.map(([id, status, description]) => [image(id).digest, status, description]));
  });

  it('describe-image-scan-findings: basic findings, counts and epoch-second times', async () => {
    const answer = await awsCliJson<Json>(findingsArgs('healthy'), image('healthy').target);
    expect(answer.imageScanStatus).toEqual({ status: 'COMPLETE', description: 'The scan was completed successfully.' });
    expect(answer.imageScanFindings).toMatchObject({
      findingSeverityCounts: { HIGH: 2, MEDIUM: 2 },
      imageScanCompletedAt: expect.toSatisfy((t: unknown) => typeof t === 'number' && t < startedAt),
      vulnerabilitySourceUpdatedAt: expect.any(Number),
    });
    expect(answer.imageScanFindings.findings).toHaveLength(4);
    expect(answer.imageScanFindings.findings[0]).toMatchObject({
      name: expect.stringMatching(/^CVE-/),
      severity: 'HIGH',
      attributes: expect.arrayContaining([{ key: 'package_name', value: 'libc6' }]),
    });
  });

  it('describe-image-scan-findings: --max-results pages with a token the next call accepts; --page-size follows it', async () => {
    const target = image('healthy').target;
    const [first, all, paged] = await Promise.all([
      awsCliJson<Json>(findingsArgs('healthy', '--max-results', '1'), target),
      awsCliJson<Json>(findingsArgs('healthy'), target),
      awsCliJson<Json>(findingsArgs('healthy', '--page-size', '1'), target),
    ]);
    expect(first.imageScanFindings.findings).toHaveLength(1);
    expect(first.nextToken).toEqual(expect.any(String));
    const second = await awsCliJson<Json>(
      findingsArgs('healthy', '--max-results', '1', '--next-token', first.nextToken),
      target,
    );
    const names = (a: Json) => a.imageScanFindings.findings.map((f: { name: string }) => f.name);
    expect([...names(first), ...names(second)]).toEqual(names(all).slice(0, 2));
    expect(names(paged)).toEqual(names(all));
    expect(paged).not.toHaveProperty('nextToken');
  });

  it('describe-image-scan-findings: enhanced findings with UNTRIAGED severity', async () => {
    const enhanced = image('enhanced-healthy');
    const answer = await awsCliJson<Json>(findingsArgs('enhanced-healthy'), enhanced.target);
    const findings = answer.imageScanFindings.enhancedFindings as Json[];
    expect(answer.imageScanStatus).toEqual({ status: 'ACTIVE', description: 'Continuous scan is selected for image.' });
    expect(answer.imageScanFindings.findings).toEqual([]);
    expect(findings).toHaveLength(5);
    expect(findings.map((f) => f.severity)).toContain('UNTRIAGED');
    expect(findings[0]).toMatchObject({
      awsAccountId: account.enhanced,
      firstObservedAt: expect.any(Number),
      packageVulnerabilityDetails: { vulnerabilityId: expect.stringMatching(/^CVE-/) },
      resources: [
        expect.objectContaining({
          details: { awsEcrContainerImage: expect.objectContaining({ imageHash: enhanced.digest }) },
        }),
      ],
    });
  });

  it.each([
    ['never-scanned', 'ScanNotFoundException'],
    ['inspector-disabled', 'ScanNotFoundException'],
  ] as const)('describe-image-scan-findings on %s → An error occurred (%s)', async (id, code) => {
    expect((await awsCliError(findingsArgs(id), image(id).target)).errorCode).toBe(code);
  });

  it('errors: RepositoryNotFoundException and ImageNotFoundException', async () => {
    const healthy = image('healthy');
    const [noRepo, noTag] = await Promise.all([
      awsCliError(['ecr', 'describe-images', '--repository-name', 'no-such-repo'], healthy.target),
      awsCliError(
        [
          'ecr',
          'describe-image-scan-findings',
          '--repository-name',
          healthy.repositoryName,
          '--image-id',
          'imageTag=nope',
        ],
        healthy.target,
      ),
    ]);
    expect([noRepo.errorCode, noRepo.operation, noTag.errorCode, noTag.operation]).toEqual([
      'RepositoryNotFoundException',
      'DescribeImages',
      'ImageNotFoundException',
      'DescribeImageScanFindings',
    ]);
  });

  it('batch-get-image: the manifest whose sha256 is the digest, and an ImageNotFound failure', async () => {
    const healthy = image('healthy');
    const answer = await awsCliJson<Json>(
      [
        'ecr',
        'batch-get-image',
        '--repository-name',
        healthy.repositoryName,
        '--image-ids',
        healthy.imageId,
        'imageTag=nope',
      ],
      healthy.target,
    );
    expect(answer.images).toHaveLength(1);
    const manifest = answer.images[0].imageManifest as string;
    expect(`sha256:${createHash('sha256').update(manifest).digest('hex')}`).toBe(healthy.digest);
    expect(answer.failures).toEqual([
      { imageId: { imageTag: 'nope' }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' },
    ]);
  });

  it('get-download-url-for-layer: a URL serving the config blob; LayersNotFoundException for an unknown digest', async () => {
    const healthy = image('healthy');
    const got = await awsCliJson<Json>(
      ['ecr', 'batch-get-image', '--repository-name', healthy.repositoryName, '--image-ids', healthy.imageId],
      healthy.target,
    );
    const configDigest = JSON.parse(got.images[0].imageManifest).config.digest as string;
    const layerArgs = [
      'ecr',
      'get-download-url-for-layer',
      '--repository-name',
      healthy.repositoryName,
      '--layer-digest',
    ];
    const [url, missing] = await Promise.all([
      awsCliJson<Json>([...layerArgs, configDigest], healthy.target),
      awsCliError([...layerArgs, `sha256:${'0'.repeat(64)}`], healthy.target),
    ]);
    expect(url.layerDigest).toBe(configDigest);
    expect(url.downloadUrl.startsWith(sandbox.url)).toBe(true);
    const bytes = Buffer.from(await (await fetch(url.downloadUrl)).arrayBuffer());
    expect(`sha256:${createHash('sha256').update(bytes).digest('hex')}`).toBe(configDigest);
    expect(missing.errorCode).toBe('LayersNotFoundException');
  });

  it('get-registry-scanning-configuration: BASIC and ENHANCED registries as seeded', async () => {
    const [basic, enhanced] = await Promise.all([
      awsCliJson<Json>(['ecr', 'get-registry-scanning-configuration'], as(account.basic)),
      awsCliJson<Json>(['ecr', 'get-registry-scanning-configuration'], as(account.enhanced)),
    ]);
    const wildcard = (...filters: string[]) => filters.map((filter) => ({ filter, filterType: 'WILDCARD' }));
    expect(basic).toEqual({
      registryId: account.basic,
      scanningConfiguration: {
        scanType: 'BASIC',
        rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: wildcard('prod', 'team-*') }],
      },
    });
    expect(enhanced.scanningConfiguration).toEqual({
      scanType: 'ENHANCED',
      rules: [
        { scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: wildcard('svc-*', 'platform') },
        { scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: wildcard('batch-*') },
      ],
    });
  });

  it('batch-get-repository-scanning-configuration: effective frequency per repository, and a failure', async () => {
    const names = [image('enhanced-healthy'), image('scan-on-push-only'), image('enhanced-off')].map(
      (i) => i.repositoryName,
    );
    const answer = await awsCliJson<Json>(
      ['ecr', 'batch-get-repository-scanning-configuration', '--repository-names', ...names, 'no-such-repo'],
      as(account.enhanced),
    );
    expect(
      answer.scanningConfigurations.map((c: Json) => [c.repositoryName, c.scanFrequency, c.appliedScanFilters]),
    ).toEqual([
      [names[0], 'CONTINUOUS_SCAN', [{ filter: 'svc-*', filterType: 'WILDCARD' }]],
      [names[1], 'SCAN_ON_PUSH', [{ filter: 'batch-*', filterType: 'WILDCARD' }]],
      [names[2], 'MANUAL', []],
    ]);
    expect(answer.failures).toEqual([
      { repositoryName: 'no-such-repo', failureCode: 'REPOSITORY_NOT_FOUND', failureReason: 'REPOSITORY_NOT_FOUND' },
    ]);
  });

  it('describe-repositories: the seeded repositories, a KMS key, epoch-second createdAt', async () => {
    const kms = image('kms-denied');
    const [basic, vault] = await Promise.all([
      awsCliJson<Json>(['ecr', 'describe-repositories'], as(account.basic)),
      awsCliJson<Json>(['ecr', 'describe-repositories', '--repository-names', kms.repositoryName], kms.target),
    ]);
    expect(basic.repositories.map((r: Json) => r.repositoryName)).toEqual(
      expect.arrayContaining([image('healthy').repositoryName, image('never-scanned').repositoryName]),
    );
    expect(vault.repositories).toEqual([
      expect.objectContaining({
        repositoryArn: `arn:aws:ecr:eu-west-1:${account.enhanced}:repository/${kms.repositoryName}`,
        encryptionConfiguration: { encryptionType: 'KMS', kmsKey: expect.stringMatching(/^arn:aws:kms:eu-west-1:/) },
        createdAt: expect.any(Number),
      }),
    ]);
  });

  it('start-image-scan: IN_PROGRESS, then LimitExceededException the same day', async () => {
    const target = image('scan-not-started');
    const args = ['ecr', 'start-image-scan', '--repository-name', target.repositoryName, '--image-id', target.imageId];
    const started = await awsCliJson<Json>(args, target.target);
    expect(started).toEqual({
      registryId: account.basic,
      repositoryName: target.repositoryName,
      imageId: { imageDigest: target.digest, imageTag: target.tag },
      imageScanStatus: { status: 'IN_PROGRESS' },
    });
    const again = await awsCliError(args, target.target);
    expect([again.errorCode, again.message]).toEqual([
      'LimitExceededException',
      'The scan quota per image has been exceeded. Wait and try again.',
    ]);
  });
});

describe('aws inspector2 against the sandbox', { timeout: 90_000 }, () => {
  it('get-configuration: the seeded re-scan settings', async () => {
    const answer = await awsCliJson<Json>(['inspector2', 'get-configuration'], as(account.enhanced));
    expect(answer.ecrConfiguration.rescanDurationState).toEqual({
      rescanDuration: 'DAYS_30',
      pullDateRescanMode: 'LAST_PULL_DATE',
      pullDateRescanDuration: 'DAYS_14',
      status: 'SUCCESS',
      updatedAt: daysAgo(90),
    });
  });

  it('list-coverage with filter criteria: the expired image', async () => {
    const expired = image('expired');
    const criteria = {
      ecrRepositoryName: [{ comparison: 'EQUALS', value: expired.repositoryName }],
      resourceType: [{ comparison: 'EQUALS', value: 'AWS_ECR_CONTAINER_IMAGE' }],
    };
    const answer = await awsCliJson<Json>(
      ['inspector2', 'list-coverage', '--filter-criteria', JSON.stringify(criteria)],
      expired.target,
    );
    expect(answer.coveredResources).toEqual([
      expect.objectContaining({
        resourceType: 'AWS_ECR_CONTAINER_IMAGE',
        resourceId: `arn:aws:ecr:eu-west-1:${account.enhanced}:repository/${expired.repositoryName}/${expired.digest}`,
        accountId: account.enhanced,
        scanType: 'PACKAGE',
        scanStatus: { statusCode: 'INACTIVE', reason: 'SCAN_ELIGIBILITY_EXPIRED' },
        resourceMetadata: expect.objectContaining({
          ecrImage: expect.objectContaining({ tags: [expired.tag], imagePulledAt: daysAgo(40) }),
        }),
      }),
    ]);
  });

  it('list-coverage: --max-results pages; --page-size follows the tokens to the same list', async () => {
    const target = as(account.enhanced);
    const [page, all, paged] = await Promise.all([
      awsCliJson<Json>(['inspector2', 'list-coverage', '--max-results', '2'], target),
      awsCliJson<Json>(['inspector2', 'list-coverage', '--max-results', '200'], target),
      awsCliJson<Json>(['inspector2', 'list-coverage', '--page-size', '2'], target),
    ]);
    const ids = (a: Json) => a.coveredResources.map((r: Json) => r.resourceId);
    expect(page.coveredResources).toHaveLength(2);
    expect(page.nextToken).toEqual(expect.any(String));
    expect(ids(all).length).toBeGreaterThan(10);
    expect(ids(paged)).toEqual(ids(all));
  });

  it('list-coverage with a PREFIX comparison → An error occurred (ValidationException)', async () => {
    const criteria = { ecrRepositoryName: [{ comparison: 'PREFIX', value: 'svc' }] };
    const error = await awsCliError(
      ['inspector2', 'list-coverage', '--filter-criteria', JSON.stringify(criteria)],
      as(account.enhanced),
    );
    expect([error.errorCode, error.operation]).toEqual(['ValidationException', 'ListCoverage']);
  });

  it('list-findings for one image: its findings, UNTRIAGED included', async () => {
    const enhanced = image('enhanced-healthy');
    const criteria = {
      ecrImageHash: [{ comparison: 'EQUALS', value: enhanced.digest }],
      findingStatus: [{ comparison: 'EQUALS', value: 'ACTIVE' }],
    };
    const answer = await awsCliJson<Json>(
      ['inspector2', 'list-findings', '--filter-criteria', JSON.stringify(criteria)],
      enhanced.target,
    );
    const findings = answer.findings as Json[];
    expect(findings).toHaveLength(5);
    expect(findings.map((f) => f.severity)).toContain('UNTRIAGED');
    for (const finding of findings) {
      expect(finding).toMatchObject({
        type: 'PACKAGE_VULNERABILITY',
        status: 'ACTIVE',
        firstObservedAt: expect.any(Number),
        resources: [{ details: { awsEcrContainerImage: expect.objectContaining({ imageHash: enhanced.digest }) } }],
      });
    }
  });

  it('list-finding-aggregations AWS_ECR_CONTAINER: the image and its severity counts', async () => {
    const enhanced = image('enhanced-healthy');
    const request = {
      awsEcrContainerAggregation: { imageShas: [{ comparison: 'EQUALS', value: enhanced.digest }] },
    };
    const answer = await awsCliJson<Json>(
      [
        'inspector2',
        'list-finding-aggregations',
        '--aggregation-type',
        'AWS_ECR_CONTAINER',
        '--aggregation-request',
        JSON.stringify(request),
      ],
      enhanced.target,
    );
    expect(answer.aggregationType).toBe('AWS_ECR_CONTAINER');
    expect(answer.responses).toEqual([
      {
        awsEcrContainerAggregation: expect.objectContaining({
          imageSha: enhanced.digest,
          severityCounts: expect.objectContaining({ all: 5 }),
        }),
      },
    ]);
  });

  it('batch-get-account-status: Inspector ECR scanning per account', async () => {
    const accounts = [account.enhanced, account.disabled];
    const answers = await Promise.all(
      accounts.map((id) => awsCliJson<Json>(['inspector2', 'batch-get-account-status'], as(id))),
    );
    expect(answers.map((a) => [a.accounts[0].accountId, a.accounts[0].resourceState.ecr.status])).toEqual([
      [account.enhanced, 'ENABLED'],
      [account.disabled, 'DISABLED'],
    ]);
  });
});

describe('aws sts against the sandbox', { timeout: 90_000 }, () => {
  it('get-caller-identity: the account of the access key', async () => {
    const answer = await awsCliJson<Json>(['sts', 'get-caller-identity'], as(account.enhanced));
    expect(answer.Account).toBe(account.enhanced);
  });

  it('assume-role: ISO-string expiry, and credentials that select the role’s account', async () => {
    const role = `arn:aws:iam::${account.disabled}:role/ecrscan-reader`;
    const answer = await awsCliJson<Json>(
      ['sts', 'assume-role', '--role-arn', role, '--role-session-name', 'fidelity'],
      as(account.basic),
    );
    const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = answer.Credentials;
    expect(AccessKeyId).toBe(account.disabled);
    expect(Expiration).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    expect(Math.abs(Date.parse(Expiration) / 1000 - (startedAt + 3600))).toBeLessThan(600);
    expect(answer.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${account.disabled}:assumed-role/ecrscan-reader/fidelity`);
    const repositories = await awsCliJson<Json>(['ecr', 'describe-repositories'], {
      ...as(account.disabled),
      accessKeyId: AccessKeyId,
      secretAccessKey: SecretAccessKey,
      sessionToken: SessionToken,
    });
    expect(repositories.repositories.map((r: Json) => r.registryId)).toEqual([account.disabled]);
  });
});
