import {
  BatchGetAccountStatusCommand,
  GetConfigurationCommand,
  ListCoverageCommand,
  ListCoverageStatisticsCommand,
  ListFindingAggregationsCommand,
  ListFindingsCommand,
  ValidationException,
} from '@aws-sdk/client-inspector2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededImage } from '../../src/sandbox/seeded-images.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { inspectorClient } from './clients.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ now: () => new Date('2026-03-01T12:00:00Z') });
});
afterAll(() => sandbox.close());

const imageArn = (id: Parameters<typeof seededImage>[0]) => {
  const image = seededImage(id);
  return `arn:aws:ecr:${image.region}:${image.accountId}:repository/${image.repositoryName}/${image.digest}`;
};

describe('Inspector2 through the real SDK client', () => {
  it('GetConfiguration returns the account re-scan settings', async () => {
    const out = await inspectorClient(sandbox.url).send(new GetConfigurationCommand({}));
    expect(out.ecrConfiguration?.rescanDurationState).toMatchObject({
      rescanDuration: 'DAYS_30',
      pullDateRescanMode: 'LAST_PULL_DATE',
      pullDateRescanDuration: 'DAYS_14',
      status: 'SUCCESS',
    });
    expect(out.ecrConfiguration?.rescanDurationState?.updatedAt).toBeInstanceOf(Date);
  });

  it.each([
    ['enhanced', 'ENABLED'],
    ['inspectorDisabled', 'DISABLED'],
    ['basic', 'DISABLED'],
  ] as const)('BatchGetAccountStatus for %s says ecr %s', async (account, status) => {
    const out = await inspectorClient(sandbox.url, account).send(new BatchGetAccountStatusCommand({}));
    expect(out.accounts?.[0]?.resourceState?.ecr?.status).toBe(status);
  });

  it.each([
    ['expired', 'INACTIVE', 'SCAN_ELIGIBILITY_EXPIRED'],
    ['windows', 'INACTIVE', 'UNSUPPORTED_OS'],
    ['kms-denied', 'INACTIVE', 'ACCESS_DENIED_TO_ENCRYPTION_KEY'],
    ['enhanced-off', 'INACTIVE', 'SCAN_FREQUENCY_MANUAL'],
    ['scan-on-push-only', 'ACTIVE', 'SCAN_FREQUENCY_SCAN_ON_PUSH'],
    ['enhanced-pending', 'ACTIVE', 'PENDING_INITIAL_SCAN'],
    ['enhanced-in-progress', 'ACTIVE', 'SCAN_IN_PROGRESS'],
    ['expiring', 'ACTIVE', 'SUCCESSFUL'],
  ] as const)('ListCoverage by resourceId shows %s as %s/%s', async (id, statusCode, reason) => {
    const out = await inspectorClient(sandbox.url).send(
      new ListCoverageCommand({ filterCriteria: { resourceId: [{ comparison: 'EQUALS', value: imageArn(id) }] } }),
    );
    expect(out.coveredResources).toHaveLength(1);
    expect(out.coveredResources?.[0]?.scanStatus).toEqual({ statusCode, reason });
  });

  it('ListCoverage reports pull dates as Dates and filters by status', async () => {
    const out = await inspectorClient(sandbox.url).send(
      new ListCoverageCommand({
        filterCriteria: {
          resourceType: [{ comparison: 'EQUALS', value: 'AWS_ECR_CONTAINER_IMAGE' }],
          scanStatusReason: [{ comparison: 'EQUALS', value: 'SCAN_ELIGIBILITY_EXPIRED' }],
        },
      }),
    );
    expect(out.coveredResources?.map((r) => r.resourceId)).toEqual([imageArn('expired')]);
    expect(out.coveredResources?.[0]?.resourceMetadata?.ecrImage?.imagePulledAt).toEqual(
      new Date('2026-01-20T12:00:00Z'),
    );
  });

  it('ListCoverage returns nothing where Inspector is not enabled', async () => {
    const out = await inspectorClient(sandbox.url, 'inspectorDisabled').send(new ListCoverageCommand({}));
    expect(out.coveredResources).toEqual([]);
  });

  it('ListCoverage rejects PREFIX, which coverage filters do not have, and maxResults above 200', async () => {
    const inspector = inspectorClient(sandbox.url);
    const prefix = inspector.send(
      new ListCoverageCommand({
        filterCriteria: { ecrRepositoryName: [{ comparison: 'PREFIX' as 'EQUALS', value: 'svc' }] },
      }),
    );
    await expect(prefix).rejects.toBeInstanceOf(ValidationException);
    await expect(inspector.send(new ListCoverageCommand({ maxResults: 201 }))).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
      reason: 'FIELD_VALIDATION_FAILED',
    });
  });

  it('ListFindings returns one image findings, the UNTRIAGED one without score', async () => {
    const image = seededImage('enhanced-healthy');
    const out = await inspectorClient(sandbox.url).send(
      new ListFindingsCommand({
        filterCriteria: {
          ecrImageRepositoryName: [{ comparison: 'EQUALS', value: image.repositoryName }],
          ecrImageHash: [{ comparison: 'EQUALS', value: image.digest }],
          findingStatus: [{ comparison: 'EQUALS', value: 'ACTIVE' }],
        },
      }),
    );
    expect(out.findings?.map((f) => f.packageVulnerabilityDetails?.vulnerabilityId).sort()).toEqual([
      'CVE-2024-56433',
      'CVE-2025-22871',
      'CVE-2025-4802',
      'CVE-2025-6020',
      'CVE-2025-9230',
    ]);
    const untriaged = out.findings?.find((f) => f.severity === 'UNTRIAGED');
    expect(untriaged?.inspectorScore).toBeUndefined();
    expect(untriaged?.resources?.[0]?.details?.awsEcrContainerImage).toMatchObject({
      imageHash: image.digest,
      platform: 'UBUNTU_24_04',
    });
    const go = out.findings?.find((f) => f.packageVulnerabilityDetails?.vulnerabilityId === 'CVE-2025-22871');
    expect(go?.packageVulnerabilityDetails?.vulnerablePackages?.[0]?.packageManager).toBe('GOBINARY');
    expect(go?.firstObservedAt).toBeInstanceOf(Date);
  });

  it('ListFindings: PREFIX and NOT_EQUALS filters, and no findings for expired images', async () => {
    const inspector = inspectorClient(sandbox.url);
    const critical = await inspector.send(
      new ListFindingsCommand({
        filterCriteria: {
          severity: [{ comparison: 'EQUALS', value: 'CRITICAL' }],
          vulnerabilityId: [{ comparison: 'PREFIX', value: 'CVE-2025-' }],
        },
      }),
    );
    expect(critical.findings?.map((f) => f.title)).toEqual(['CVE-2025-22871 - stdlib']);
    const expired = await inspector.send(
      new ListFindingsCommand({
        filterCriteria: { resourceId: [{ comparison: 'EQUALS', value: imageArn('expired') }] },
      }),
    );
    expect(expired.findings).toEqual([]);
    const notChecker = await inspector.send(
      new ListFindingsCommand({
        filterCriteria: { ecrImageRepositoryName: [{ comparison: 'NOT_EQUALS', value: 'svc-checkout' }] },
      }),
    );
    expect(notChecker.findings?.length).toBeGreaterThan(0);
    expect(
      notChecker.findings?.some(
        (f) => f.resources?.[0]?.details?.awsEcrContainerImage?.repositoryName === 'svc-checkout',
      ),
    ).toBe(false);
  });

  it('ListFindingAggregations (AWS_ECR_CONTAINER) counts each image ACTIVE findings as ListFindings lists them', async () => {
    const inspector = inspectorClient(sandbox.url);
    const image = seededImage('enhanced-healthy');
    const findings = await inspector.send(
      new ListFindingsCommand({
        filterCriteria: { ecrImageHash: [{ comparison: 'EQUALS', value: image.digest }] },
      }),
    );
    const count = (severity: string) => findings.findings?.filter((f) => f.severity === severity).length;
    const out = await inspector.send(
      new ListFindingAggregationsCommand({
        aggregationType: 'AWS_ECR_CONTAINER',
        accountIds: [{ comparison: 'EQUALS', value: image.accountId }],
        aggregationRequest: {
          awsEcrContainerAggregation: {
            imageShas: [
              { comparison: 'EQUALS', value: image.digest },
              { comparison: 'EQUALS', value: seededImage('expired').digest },
            ],
          },
        },
      }),
    );
    // The expired image has no active findings (Inspector closed them), so it has no aggregation entry.
    expect(out.responses?.map((r) => r.awsEcrContainerAggregation)).toEqual([
      expect.objectContaining({
        resourceId: imageArn('enhanced-healthy'),
        imageSha: image.digest,
        repository: image.repositoryName,
        accountId: image.accountId,
        severityCounts: {
          all: findings.findings?.length,
          critical: count('CRITICAL'),
          high: count('HIGH'),
          medium: count('MEDIUM'),
        },
      }),
    ]);
    expect(findings.findings?.length).toBeGreaterThan(0);
  });

  it('ListFindingAggregations pages with nextToken and refuses types the sandbox does not emulate', async () => {
    const inspector = inspectorClient(sandbox.url);
    const all = await inspector.send(new ListFindingAggregationsCommand({ aggregationType: 'AWS_ECR_CONTAINER' }));
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await inspector.send(
        new ListFindingAggregationsCommand({ aggregationType: 'AWS_ECR_CONTAINER', maxResults: 1, nextToken }),
      );
      expect(page.responses?.length ?? 0).toBeLessThanOrEqual(1);
      seen.push(...(page.responses ?? []).map((r) => r.awsEcrContainerAggregation?.resourceId ?? ''));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen).toEqual(all.responses?.map((r) => r.awsEcrContainerAggregation?.resourceId));
    expect(seen.length).toBeGreaterThan(1);
    await expect(
      inspector.send(new ListFindingAggregationsCommand({ aggregationType: 'PACKAGE' })),
    ).rejects.toBeInstanceOf(ValidationException);
  });

  it('ListCoverageStatistics counts resources per status reason', async () => {
    const out = await inspectorClient(sandbox.url).send(
      new ListCoverageStatisticsCommand({
        groupBy: 'SCAN_STATUS_REASON',
        filterCriteria: { resourceType: [{ comparison: 'EQUALS', value: 'AWS_ECR_CONTAINER_IMAGE' }] },
      }),
    );
    expect(out.totalCounts).toBe(15);
    expect(out.countsByGroup?.length).toBeLessThanOrEqual(5);
    expect(out.nextToken).toBeDefined();
  });
});
