/**
 * Pins down what moto's ECR can and cannot represent of scanning (the facts documented in
 * test/support/seed-through-cli.ts), so that the contract test's allow-list rests on checked facts and a
 * moto upgrade that changes them shows up here first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AwsCliTarget,
  awsCli,
  awsCliError,
  awsCliJson,
  type CliJson,
  parseAwsCliError,
} from '../support/aws-cli.js';
import { MOTO_DEFAULT_ACCOUNT_ID, type MotoServer, startMotoServer } from '../support/moto-server.js';
import { type CliSeededRegistry, seedBasicRegistryThroughCli } from '../support/seed-through-cli.js';

let moto: MotoServer;
let target: AwsCliTarget;
let seeded: CliSeededRegistry;

beforeAll(async () => {
  moto = await startMotoServer();
  target = { endpoint: moto.url, region: 'us-east-1', accessKeyId: 'fidelity' };
  seeded = await seedBasicRegistryThroughCli(moto.url, { region: 'us-east-1', accessKeyId: 'fidelity' });
});

afterAll(async () => {
  await moto?.close();
});

const findings = (image: { repositoryName: string; tag: string }) => [
  'ecr',
  'describe-image-scan-findings',
  '--repository-name',
  image.repositoryName,
  '--image-id',
  `imageTag=${image.tag}`,
];

describe('a missing tool is an error with its install command, never a skip', () => {
  const withoutPath = async (run: () => Promise<unknown>) => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      return await run().then(
        () => 'no error',
        (err: Error) => err.message,
      );
    } finally {
      process.env.PATH = path;
    }
  };

  it('moto_server', async () => {
    expect(await withoutPath(() => startMotoServer())).toContain("pip install 'moto[server]'");
  });

  it('aws', async () => {
    expect(await withoutPath(() => awsCli(['sts', 'get-caller-identity'], target))).toContain('pip install awscli');
  });
});

describe('parseAwsCliError', () => {
  it.each([
    [
      'An error occurred (ScanNotFoundException) when calling the DescribeImageScanFindings operation: Image scan does not exist',
      {
        errorCode: 'ScanNotFoundException',
        operation: 'DescribeImageScanFindings',
        message: 'Image scan does not exist',
      },
    ],
    [
      '\nAn error occurred (LimitExceededException) when calling the StartImageScan operation (reached max retries: 4): Wait.\n',
      { errorCode: 'LimitExceededException', operation: 'StartImageScan', message: 'Wait.' },
    ],
    ['usage: aws [options]', { errorCode: undefined, operation: undefined, message: undefined }],
  ])('%j', (stderr, expected) => {
    expect(parseAwsCliError(stderr)).toEqual(expected);
  });
});

describe('moto 5.2.1 ECR, seeded through the AWS CLI', () => {
  it('puts images under the manifest sha256 the seeder passes, in moto’s default account', async () => {
    const { imageDetails } = await awsCliJson<{ imageDetails: { imageDigest: string; imagePushedAt: unknown }[] }>(
      ['ecr', 'describe-images', '--repository-name', seeded.repositories.manual],
      target,
    );
    expect(seeded.registryId).toBe(MOTO_DEFAULT_ACCOUNT_ID);
    const wanted = ['complete', 'never-scanned'] as const;
    expect(imageDetails.map((d) => d.imageDigest).sort()).toEqual(wanted.map((k) => seeded.images[k].digest).sort());
    expect(typeof imageDetails[0]?.imagePushedAt).toBe('number');
  });

  it('answers the StartImageScan of the seeder with IN_PROGRESS and no description', () => {
    expect(seeded.startImageScanAnswers.complete).toMatchObject({
      imageScanStatus: { status: 'IN_PROGRESS' },
      imageId: { imageDigest: seeded.images.complete.digest },
    });
    expect(seeded.startImageScanAnswers.complete).not.toHaveProperty('imageScanStatus.description');
  });

  it('reports a scanned image COMPLETE at once, with its one fixed HIGH finding', async () => {
    const answer = await awsCliJson<CliJson>(findings(seeded.images.complete), target);
    expect(answer.imageScanStatus).toEqual({ status: 'COMPLETE', description: 'The scan was completed successfully.' });
    expect(answer.imageScanFindings.findingSeverityCounts).toEqual({ HIGH: 1 });
    expect(answer.imageScanFindings.findings.map((f: { name: string }) => f.name)).toEqual(['CVE-9999-9999']);
    expect(answer.imageScanFindings).not.toHaveProperty('enhancedFindings');
    expect(typeof answer.imageScanFindings.imageScanCompletedAt).toBe('number');
  });

  it('ignores maxResults on DescribeImageScanFindings (no nextToken)', async () => {
    const answer = await awsCliJson<Record<string, unknown>>(
      [...findings(seeded.images.complete), '--max-results', '1'],
      target,
    );
    expect(answer).not.toHaveProperty('nextToken');
  });

  it.each([
    ['scan-not-started', 'ScanNotFoundException'],
    ['never-scanned', 'ScanNotFoundException'],
  ] as const)('%s → %s', async (key, code) => {
    expect((await awsCliError(findings(seeded.images[key]), target)).errorCode).toBe(code);
  });

  it('refuses a second StartImageScan on the same day with LimitExceededException', async () => {
    // The seeder scanned this image moments ago; moto's quota is per local calendar day (AWS: 24 hours).
    const image = seeded.images.complete;
    const error = await awsCliError(
      ['ecr', 'start-image-scan', '--repository-name', image.repositoryName, '--image-id', `imageTag=${image.tag}`],
      target,
    );
    expect(error.errorCode).toBe('LimitExceededException');
    expect(error.message).toBe('The scan quota per image has been exceeded. Wait and try again.');
  });

  it('computes the effective frequency per repository, with scanOnPush always false', async () => {
    const answer = await awsCliJson<CliJson>(
      ['ecr', 'batch-get-repository-scanning-configuration', '--repository-names']
        .concat(Object.values(seeded.repositories))
        .concat(seeded.missingRepository.repositoryName),
      target,
    );
    const byName = Object.fromEntries(
      answer.scanningConfigurations.map((c: { repositoryName: string }) => [c.repositoryName, c]),
    );
    expect(byName[seeded.repositories.scanOnPush]).toMatchObject({ scanFrequency: 'SCAN_ON_PUSH', scanOnPush: false });
    expect(byName[seeded.repositories.manual]).toMatchObject({ scanFrequency: 'MANUAL', appliedScanFilters: [] });
    expect(answer.failures).toEqual([
      {
        repositoryName: seeded.missingRepository.repositoryName,
        failureCode: 'REPOSITORY_NOT_FOUND',
        failureReason: 'REPOSITORY_NOT_FOUND',
      },
    ]);
  });

  it('returns the registry scanning configuration as put', async () => {
    const answer = await awsCliJson<Record<string, unknown>>(['ecr', 'get-registry-scanning-configuration'], target);
    expect(answer).toEqual({
      registryId: MOTO_DEFAULT_ACCOUNT_ID,
      scanningConfiguration: { scanType: 'BASIC', rules: seeded.scanningRules },
    });
  });

  it('ignores the DescribeImages imageStatus filter', async () => {
    const answer = await awsCliJson<{ imageDetails: unknown[] }>(
      ['ecr', 'describe-images', '--repository-name', seeded.repositories.manual, '--filter', 'imageStatus=ARCHIVED'],
      target,
    );
    expect(answer.imageDetails).toHaveLength(2);
  });

  it('does not implement GetDownloadUrlForLayer (HTTP 500)', async () => {
    const image = seeded.images.complete;
    const error = await awsCliError(
      ['ecr', 'get-download-url-for-layer', '--repository-name', image.repositoryName].concat(
        '--layer-digest',
        image.blobs[1]!.digest,
      ),
      target,
    );
    expect(error.errorCode).toBe('500');
  });

  it.each([
    ['missingTag', 'ImageNotFoundException'],
    ['missingRepository', 'RepositoryNotFoundException'],
  ] as const)('%s → %s', async (which, code) => {
    expect((await awsCliError(findings(seeded[which]), target)).errorCode).toBe(code);
  });
});
