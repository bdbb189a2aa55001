import {
  DescribeImageScanFindingsCommand,
  DescribeImagesCommand,
  ECRClient,
  InvalidParameterException,
  ListImagesCommand,
} from '@aws-sdk/client-ecr';
import { Inspector2Client, ListCoverageCommand, ValidationException } from '@aws-sdk/client-inspector2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GENERATED_REGION,
  generatedAccountId,
  generatedRepositoryName,
  generateWorld,
} from '../../src/sandbox/generated-world.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';

const now = new Date('2026-03-01T00:00:00Z');
let sandbox: RunningSandbox;

beforeAll(async () => {
  // 2 accounts × 25 repositories × 1,000 images = 50,000 images.
  sandbox = await startSandbox({
    now: () => now,
    world: generateWorld({ accounts: 2, repositoriesPerAccount: 25, imagesPerRepository: 1000, now, seed: 9 }),
  });
});
afterAll(() => sandbox.close());

const credentials = { accessKeyId: generatedAccountId(1), secretAccessKey: 'sandbox' };
const client = () => new ECRClient({ endpoint: sandbox.url, region: GENERATED_REGION, credentials, maxAttempts: 1 });

describe('a generated world of 50,000 images', () => {
  it('pages DescribeImages through a repository: 1,000 images in pages of 300', async () => {
    const digests = new Set<string>();
    let pages = 0;
    let nextToken: string | undefined;
    do {
      const page = await client().send(
        new DescribeImagesCommand({ repositoryName: generatedRepositoryName(3), maxResults: 300, nextToken }),
      );
      pages++;
      for (const d of page.imageDetails ?? []) digests.add(d.imageDigest!);
      nextToken = page.nextToken;
    } while (nextToken);
    expect(pages).toBe(4);
    expect(digests.size).toBe(1000);
  });

  it('finds an image by digest and tag, and its findings', async () => {
    const ids = await client().send(
      new ListImagesCommand({ repositoryName: generatedRepositoryName(4), maxResults: 1000 }),
    );
    const last = ids.imageIds!.find((id) => id.imageTag === 'build-777')!;
    const byDigest = await client().send(
      new DescribeImagesCommand({
        repositoryName: generatedRepositoryName(4),
        imageIds: [{ imageDigest: last.imageDigest }],
      }),
    );
    expect(byDigest.imageDetails?.[0]?.imageTags).toEqual(['build-777']);
    const scan = await client().send(
      new DescribeImageScanFindingsCommand({
        repositoryName: generatedRepositoryName(4),
        imageId: { imageTag: 'build-777' },
      }),
    );
    expect(['ACTIVE', 'SCAN_ELIGIBILITY_EXPIRED']).toContain(scan.imageScanStatus?.status);
  });

  it('lists every image of an account in ListCoverage pages of 200, with expired and soon-expiring images mixed in', async () => {
    const inspector = new Inspector2Client({
      endpoint: sandbox.url,
      region: GENERATED_REGION,
      credentials,
      maxAttempts: 1,
    });
    const filterCriteria = { resourceType: [{ comparison: 'EQUALS' as const, value: 'AWS_ECR_CONTAINER_IMAGE' }] };
    let count = 0;
    let expired = 0;
    let expiringSoon = 0;
    let nextToken: string | undefined;
    do {
      const page = await inspector.send(new ListCoverageCommand({ filterCriteria, maxResults: 200, nextToken }));
      expect(page.coveredResources!.length).toBeLessThanOrEqual(200);
      for (const r of page.coveredResources ?? []) {
        count++;
        if (r.scanStatus?.reason === 'SCAN_ELIGIBILITY_EXPIRED') expired++;
        const pulled = r.resourceMetadata?.ecrImage?.imagePulledAt;
        if (r.scanStatus?.statusCode === 'ACTIVE' && pulled && now.getTime() - pulled.getTime() > 7 * 86_400_000)
          expiringSoon++;
      }
      nextToken = page.nextToken;
    } while (nextToken);
    expect(count).toBe(25_000);
    expect(expired).toBeGreaterThan(1_500);
    expect(expired).toBeLessThan(3_500);
    expect(expiringSoon).toBeGreaterThan(1_000);
    expect(expiringSoon).toBeLessThan(3_000);
  });

  it('rejects a page token used with another query or tampered with', async () => {
    const first = await client().send(
      new DescribeImagesCommand({ repositoryName: generatedRepositoryName(1), maxResults: 10 }),
    );
    await expect(
      client().send(
        new DescribeImagesCommand({
          repositoryName: generatedRepositoryName(2),
          maxResults: 10,
          nextToken: first.nextToken,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    const inspector = new Inspector2Client({
      endpoint: sandbox.url,
      region: GENERATED_REGION,
      credentials,
      maxAttempts: 1,
    });
    const page = await inspector.send(new ListCoverageCommand({ maxResults: 5 }));
    await expect(
      inspector.send(new ListCoverageCommand({ maxResults: 5, nextToken: `${page.nextToken}x` })),
    ).rejects.toBeInstanceOf(ValidationException);
  });
});
