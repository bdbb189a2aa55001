import {
  BatchGetImageCommand,
  BatchGetRepositoryScanningConfigurationCommand,
  CreateRepositoryCommand,
  DescribeImageScanFindingsCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  GetDownloadUrlForLayerCommand,
  GetRegistryScanningConfigurationCommand,
  ImageNotFoundException,
  InvalidParameterException,
  ListImagesCommand,
  PutImageCommand,
  PutRegistryScanningConfigurationCommand,
  RepositoryNotFoundException,
  ScanNotFoundException,
} from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededImage } from '../../src/sandbox/seeded-images.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { ecrClient } from './clients.js';

let sandbox: RunningSandbox;
const now = new Date('2026-03-01T12:00:00Z');

beforeAll(async () => {
  sandbox = await startSandbox({ now: () => now });
});
afterAll(() => sandbox.close());

describe('ECR reads through the real SDK client', () => {
  it('DescribeImages returns seeded details with Dates, and hides archived images unless asked', async () => {
    const ecr = ecrClient(sandbox.url);
    const healthy = seededImage('healthy');
    const out = await ecr.send(new DescribeImagesCommand({ repositoryName: healthy.repositoryName }));
    expect(out.imageDetails).toHaveLength(1);
    const [detail] = out.imageDetails!;
    expect(detail).toMatchObject({
      registryId: '111111111111',
      imageDigest: healthy.digest,
      imageTags: ['1.4.2'],
      imageStatus: 'ACTIVE',
    });
    expect(detail!.imagePushedAt).toEqual(new Date('2026-02-26T12:00:00Z'));
    expect(detail!.imageScanStatus).toBeUndefined();

    const archived = seededImage('archived');
    const hidden = await ecr.send(new DescribeImagesCommand({ repositoryName: archived.repositoryName }));
    expect(hidden.imageDetails).toEqual([]);
    const any = await ecr.send(
      new DescribeImagesCommand({ repositoryName: archived.repositoryName, filter: { imageStatus: 'ANY' } }),
    );
    expect(any.imageDetails?.[0]).toMatchObject({ imageStatus: 'ARCHIVED', imageDigest: archived.digest });
    expect(any.imageDetails?.[0]?.lastArchivedAt).toBeInstanceOf(Date);
  });

  it('DescribeImages by tag fails with ImageNotFoundException, unknown repository with RepositoryNotFoundException', async () => {
    const ecr = ecrClient(sandbox.url);
    await expect(
      ecr.send(new DescribeImagesCommand({ repositoryName: 'payments-prod', imageIds: [{ imageTag: 'nope' }] })),
    ).rejects.toBeInstanceOf(ImageNotFoundException);
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: 'no-such-repo' }))).rejects.toBeInstanceOf(
      RepositoryNotFoundException,
    );
  });

  it.each([
    ['a repository name that breaks the pattern', { repositoryName: 'Bad_Name' }],
    ['maxResults above 1000', { repositoryName: 'payments-prod', maxResults: 1001 }],
    [
      'more than 100 imageIds',
      { repositoryName: 'payments-prod', imageIds: Array.from({ length: 101 }, (_, i) => ({ imageTag: `t${i}` })) },
    ],
    ['a registryId that is not 12 digits', { repositoryName: 'payments-prod', registryId: '123' }],
  ])('DescribeImages rejects %s with InvalidParameterException', async (_case, input) => {
    await expect(ecrClient(sandbox.url).send(new DescribeImagesCommand(input))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
  });

  it('ListImages lists every tag, and untagged children of an index by digest', async () => {
    const ecr = ecrClient(sandbox.url, 'enhanced');
    const list = seededImage('manifest-list');
    const out = await ecr.send(new ListImagesCommand({ repositoryName: list.repositoryName }));
    expect(out.imageIds).toHaveLength(3);
    expect(out.imageIds?.filter((id) => id.imageTag === undefined)).toHaveLength(2);
    expect(out.imageIds).toContainEqual({ imageDigest: list.digest, imageTag: '2.3.0' });
  });

  it('DescribeImageScanFindings returns basic findings with attributes, and enhanced findings with UNTRIAGED', async () => {
    const basic = await ecrClient(sandbox.url).send(
      new DescribeImageScanFindingsCommand({ repositoryName: 'payments-prod', imageId: { imageTag: '1.4.2' } }),
    );
    expect(basic.imageScanStatus).toEqual({ status: 'COMPLETE', description: 'The scan was completed successfully.' });
    expect(basic.imageScanFindings?.findingSeverityCounts).toEqual({ HIGH: 2, MEDIUM: 2 });
    expect(basic.imageScanFindings?.imageScanCompletedAt).toBeInstanceOf(Date);
    const finding = basic.imageScanFindings?.findings?.find((f) => f.name === 'CVE-2023-4911');
    expect(finding?.uri).toBe('https://security-tracker.debian.org/tracker/CVE-2023-4911');
    expect(finding?.attributes).toContainEqual({ key: 'package_name', value: 'libc6' });
    expect(finding?.attributes).toContainEqual({ key: 'CVSS3_SCORE', value: '7.8' });

    const enhanced = await ecrClient(sandbox.url, 'enhanced').send(
      new DescribeImageScanFindingsCommand({ repositoryName: 'svc-checkout', imageId: { imageTag: '1.8.0' } }),
    );
    expect(enhanced.imageScanStatus?.status).toBe('ACTIVE');
    expect(enhanced.imageScanFindings?.findings).toEqual([]);
    const untriaged = enhanced.imageScanFindings?.enhancedFindings?.find((f) => f.severity === 'UNTRIAGED');
    expect(untriaged?.packageVulnerabilityDetails).toMatchObject({
      vulnerabilityId: 'CVE-2025-9230',
      vendorSeverity: 'untriaged',
      sourceUrl: 'https://ubuntu.com/security/CVE-2025-9230',
    });
    expect(untriaged?.score).toBeUndefined();
    const scored = enhanced.imageScanFindings?.enhancedFindings?.find((f) => f.severity === 'HIGH');
    expect(scored?.scoreDetails?.cvss?.score).toBe(7.8);
    expect(scored?.resources?.[0]?.details?.awsEcrContainerImage?.pushedAt).toBeInstanceOf(Date);
  });

  it('DescribeImageScanFindings pages findings, keeping the counts of the whole scan on every page', async () => {
    const ecr = ecrClient(sandbox.url, 'enhanced');
    const ids: string[] = [];
    let pages = 0;
    let nextToken: string | undefined;
    do {
      const page = await ecr.send(
        new DescribeImageScanFindingsCommand({
          repositoryName: 'svc-checkout',
          imageId: { imageTag: '1.8.0' },
          maxResults: 2,
          nextToken,
        }),
      );
      pages++;
      expect(Object.values(page.imageScanFindings?.findingSeverityCounts ?? {}).reduce((a, b) => a + b, 0)).toBe(5);
      ids.push(
        ...(page.imageScanFindings?.enhancedFindings ?? []).map((f) => f.packageVulnerabilityDetails!.vulnerabilityId!),
      );
      nextToken = page.nextToken;
    } while (nextToken);
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(5);
  });

  it.each([
    ['never-scanned', 'basic'],
    ['enhanced-off', 'enhanced'],
    ['inspector-disabled', 'inspectorDisabled'],
  ] as const)('DescribeImageScanFindings for %s fails with ScanNotFoundException', async (id, account) => {
    const image = seededImage(id);
    await expect(
      ecrClient(sandbox.url, account).send(
        new DescribeImageScanFindingsCommand({
          repositoryName: image.repositoryName,
          imageId: { imageTag: image.tag },
        }),
      ),
    ).rejects.toBeInstanceOf(ScanNotFoundException);
  });

  it('BatchGetImage returns the exact manifest and reports failures with ImageFailureCode', async () => {
    const healthy = seededImage('healthy');
    const out = await ecrClient(sandbox.url).send(
      new BatchGetImageCommand({
        repositoryName: healthy.repositoryName,
        imageIds: [
          { imageTag: '1.4.2' },
          { imageTag: 'missing' },
          { imageDigest: 'not-a-digest' },
          { imageTag: '1.4.2', imageDigest: `sha256:${'0'.repeat(64)}` },
        ],
        acceptedMediaTypes: [
          'application/vnd.docker.distribution.manifest.v2+json',
          'application/vnd.oci.image.index.v1+json',
        ],
      }),
    );
    expect(out.images).toHaveLength(1);
    expect(out.images?.[0]?.imageId).toEqual({ imageDigest: healthy.digest, imageTag: '1.4.2' });
    expect(JSON.parse(out.images![0]!.imageManifest!).schemaVersion).toBe(2);
    expect(out.failures?.map((f) => f.failureCode)).toEqual(['ImageNotFound', 'InvalidImageDigest', 'ImageNotFound']);
  });

  it('GetDownloadUrlForLayer gives a presigned-looking URL on the sandbox whose GET returns the blob', async () => {
    const ecr = ecrClient(sandbox.url);
    const got = await ecr.send(
      new BatchGetImageCommand({ repositoryName: 'payments-prod', imageIds: [{ imageTag: '1.4.2' }] }),
    );
    const manifest = JSON.parse(got.images![0]!.imageManifest!);
    const out = await ecr.send(
      new GetDownloadUrlForLayerCommand({ repositoryName: 'payments-prod', layerDigest: manifest.config.digest }),
    );
    expect(out.downloadUrl).toMatch(
      new RegExp(
        `^${sandbox.url}/_blobs/111111111111/us-east-1/payments-prod/sha256:[0-9a-f]{64}\\?.*X-Amz-Expires=3600.*X-Amz-Signature=`,
      ),
    );
    const config = await (await fetch(out.downloadUrl!)).json();
    expect(config).toMatchObject({ os: 'linux', architecture: 'amd64' });
    const tampered = out.downloadUrl!.replace(/X-Amz-Signature=\w+/, 'X-Amz-Signature=00');
    expect((await fetch(tampered)).status).toBe(403);
  });

  it('GetRegistryScanningConfiguration and BatchGetRepositoryScanningConfiguration show rules and effective frequency', async () => {
    const ecr = ecrClient(sandbox.url);
    const registry = await ecr.send(new GetRegistryScanningConfigurationCommand({}));
    expect(registry.scanningConfiguration).toEqual({
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
    const repos = await ecr.send(
      new BatchGetRepositoryScanningConfigurationCommand({
        repositoryNames: ['team-gateway', 'sandbox-tools', 'nope'],
      }),
    );
    expect(repos.scanningConfigurations?.map((c) => [c.repositoryName, c.scanFrequency])).toEqual([
      ['team-gateway', 'SCAN_ON_PUSH'],
      ['sandbox-tools', 'MANUAL'],
    ]);
    expect(repos.failures).toEqual([
      { repositoryName: 'nope', failureCode: 'REPOSITORY_NOT_FOUND', failureReason: 'REPOSITORY_NOT_FOUND' },
    ]);
    await expect(
      ecr.send(
        new BatchGetRepositoryScanningConfigurationCommand({
          repositoryNames: Array.from({ length: 26 }, (_, i) => `r${i}x`),
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('DescribeRepositories by name and paged; a KMS repository shows its key', async () => {
    const ecr = ecrClient(sandbox.url, 'enhanced');
    const named = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['svc-vault'] }));
    expect(named.repositories?.[0]).toMatchObject({
      repositoryName: 'svc-vault',
      repositoryUri: '222222222222.dkr.ecr.eu-west-1.amazonaws.com/svc-vault',
      encryptionConfiguration: { encryptionType: 'KMS' },
    });
    expect(named.repositories?.[0]?.createdAt).toBeInstanceOf(Date);
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecr.send(new DescribeRepositoriesCommand({ maxResults: 3, nextToken }));
      expect(page.repositories!.length).toBeLessThanOrEqual(3);
      names.push(...page.repositories!.map((r) => r.repositoryName!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(names).toHaveLength(12);
    expect(new Set(names).size).toBe(12);
  });
});

describe('ECR writes through the real SDK client', () => {
  it('CreateRepository then PutImage stores the manifest under its sha256 digest and scans on push', async () => {
    const ecr = ecrClient(sandbox.url);
    sandbox.world.scanDelayMs = 0;
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'team-new' }));
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'a'.repeat(64)}`, size: 2 },
      layers: [],
    });
    const put = await ecr.send(
      new PutImageCommand({ repositoryName: 'team-new', imageManifest: manifest, imageTag: 'v1' }),
    );
    expect(put.image?.imageId?.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const status = async () =>
      (
        await ecr.send(
          new DescribeImageScanFindingsCommand({ repositoryName: 'team-new', imageId: { imageTag: 'v1' } }),
        )
      ).imageScanStatus?.status;
    await expect.poll(status).toBe('COMPLETE');
    await expect(ecr.send(new CreateRepositoryCommand({ repositoryName: 'team-new' }))).rejects.toMatchObject({
      name: 'RepositoryAlreadyExistsException',
    });
  });

  it('PutRegistryScanningConfiguration validates frequencies per scan type', async () => {
    const ecr = ecrClient(sandbox.url, 'inspectorDisabled');
    await expect(
      ecr.send(
        new PutRegistryScanningConfigurationCommand({
          scanType: 'BASIC',
          rules: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] }],
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    const out = await ecr.send(
      new PutRegistryScanningConfigurationCommand({
        scanType: 'ENHANCED',
        rules: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: 'svc-*', filterType: 'WILDCARD' }] }],
      }),
    );
    expect(out.registryScanningConfiguration?.rules?.[0]?.repositoryFilters).toEqual([
      { filter: 'svc-*', filterType: 'WILDCARD' },
    ]);
  });
});
